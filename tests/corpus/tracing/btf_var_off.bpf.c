// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: a BTF pointer with a variable offset cannot be read through (the field must be
 * known). */
#include "corpus_tracing.h"

__u64 sel;

SEC("tp_btf/sched_switch")
__failure __msg("R1 is ptr_task_struct invalid variable offset: off=0, var_off=(0x0; 0x8)")
__description("tp_btf: load through the next task pointer plus (sel & 8)")
int BPF_PROG(btf_var_off, bool preempt, struct task_struct *prev, struct task_struct *next)
{
	asm volatile ("r1 = %[p]; r2 = %[q]; r2 &= 8; r1 += r2; r0 = *(u64 *)(r1 + 0);"
		      :: [p]"r"(next), [q]"r"(sel) : "r0", "r1", "r2");
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
