// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: a scalar read through a BTF pointer must stay inside one member (an array member
 * counts whole: reads across its elements are fine, see btf_walk_ok). */
#include "corpus_tracing.h"

__u64 out;

SEC("tp_btf/sched_switch")
__failure __msg("access beyond the end of member pid (mend:")
__description("tp_btf: 8-byte read at next->pid, a 4-byte member")
int BPF_PROG(btf_member_overrun, bool preempt, struct task_struct *prev, struct task_struct *next)
{
	out = *(__u64 *)((char *)next + __builtin_offsetof(struct task_struct, pid));
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
