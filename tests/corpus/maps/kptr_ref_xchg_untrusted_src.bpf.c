// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: an untrusted kptr stored into a referenced kptr with bpf_kptr_xchg. */
#include "corpus_kptr.h"

SEC("tc")
__failure __msg("R2 type=untrusted_ptr_ expected=ptr_, trusted_ptr_, rcu_ptr_")
__description("kptr: bpf_kptr_xchg of an untrusted pointer into a referenced kptr")
int kptr_ref_xchg_untrusted_src(struct __sk_buff *skb)
{
	struct ref_slot *s = ref_slot(skb->mark);
	struct task_struct *t, *old;

	if (!s)
		return 0;
	t = s->utask;
	if (!t)
		return 0;
	s->seen = t->pid;
	old = bpf_kptr_xchg(&s->task, t);
	return old != 0;
}

char LICENSE[] SEC("license") = "GPL";
