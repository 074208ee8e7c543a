// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: a BTF pointer moved before the start of its struct cannot be read through. */
#include "corpus_tracing.h"

SEC("tp_btf/sched_switch")
__failure __msg("R1 is ptr_task_struct invalid negative access: off=-8")
__description("tp_btf: load 8 bytes before the next task's struct")
int BPF_PROG(btf_neg_off, bool preempt, struct task_struct *prev, struct task_struct *next)
{
	asm volatile ("r1 = %[p]; r1 += -8; r0 = *(u64 *)(r1 + 0);" :: [p]"r"(next) : "r0", "r1");
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
