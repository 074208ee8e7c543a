// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: a pointer member of a BTF struct is read whole or not at all. */
#include "corpus_tracing.h"

__u64 out;

SEC("tp_btf/sched_switch")
__failure __msg("cannot access ptr member real_parent with moff")
__description("tp_btf: 4-byte read of the upper half of next->real_parent")
int BPF_PROG(btf_ptr_member_half, bool preempt, struct task_struct *prev, struct task_struct *next)
{
	out = *(__u32 *)((char *)next + __builtin_offsetof(struct task_struct, real_parent) + 4);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
