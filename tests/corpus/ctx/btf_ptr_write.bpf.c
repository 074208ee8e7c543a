// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: BTF-typed kernel pointers in tracing programs are read-only. */
#include "corpus_tracing.h"

SEC("tp_btf/sched_switch")
__failure __msg("only read is supported")
__description("tp_btf: store into task_struct through a trusted BTF pointer")
int BPF_PROG(btf_ptr_write, bool preempt, struct task_struct *prev, struct task_struct *next)
{
	next->prio = 0;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
