// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Accepted BTF-typed raw tracepoint: arguments are trusted BTF pointers, read directly. */
#include "corpus_tracing.h"

__u64 switches;

SEC("tp_btf/sched_switch")
__success __description("tp_btf: direct loads through BTF task_struct pointers")
int BPF_PROG(btf_switch, bool preempt, struct task_struct *prev, struct task_struct *next)
{
	if (prev->pid != next->pid && next->tgid != 0)
		__sync_fetch_and_add(&switches, 1);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
