// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: a loaded referenced kptr is only RCU-protected, it holds no reference that
 * bpf_kptr_xchg could hand over. */
#include "corpus_kptr.h"

SEC("tc")
__failure __msg("R2 must be referenced when passed to release function")
__description("kptr: bpf_kptr_xchg of a kptr's loaded (unreferenced) copy into another kptr")
int kptr_ref_xchg_unreferenced_src(struct __sk_buff *skb)
{
	struct ref_slot *s = ref_slot(skb->mark);
	struct task_struct *t, *old;

	if (!s)
		return 0;
	t = s->task;
	if (!t)
		return 0;
	old = bpf_kptr_xchg(&s->other, t);
	return old != 0;
}

char LICENSE[] SEC("license") = "GPL";
