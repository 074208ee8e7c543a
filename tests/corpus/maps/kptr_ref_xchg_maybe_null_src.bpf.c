// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: the old pointer bpf_kptr_xchg returns may be NULL; handed to a second
 * bpf_kptr_xchg without a NULL check. */
#include "corpus_kptr.h"

SEC("tc")
__failure __msg("Possibly NULL pointer passed to helper arg2")
__description("kptr: bpf_kptr_xchg's result moved to another kptr without a NULL check")
int kptr_ref_xchg_maybe_null_src(struct __sk_buff *skb)
{
	struct ref_slot *s = ref_slot(skb->mark);
	struct task_struct *t, *old;

	if (!s)
		return 0;
	t = bpf_kptr_xchg(&s->task, NULL);
	old = bpf_kptr_xchg(&s->other, t);
	return old != 0;
}

char LICENSE[] SEC("license") = "GPL";
