// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: a load through a trusted BTF pointer past the end of its struct. */
#include "corpus_tracing.h"

SEC("tp_btf/sched_switch")
__failure __msg("access beyond struct task_struct at off")
__description("tp_btf: read the int just after struct task_struct through the next-task pointer")
int BPF_PROG(btf_read_beyond, bool preempt, struct task_struct *prev, struct task_struct *next)
{
	return *(int *)((char *)next + sizeof(struct task_struct));
}

char LICENSE[] SEC("license") = "GPL";
