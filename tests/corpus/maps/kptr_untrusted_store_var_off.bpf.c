// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: an untrusted kptr moved by a variable amount and stored back. */
#include "corpus_kptr.h"

SEC("tc")
__failure __msg("variable untrusted_ptr_ access var_off=(0x0; 0x7) disallowed")
__description("kptr: untrusted kptr at a variable offset stored into a kptr")
int kptr_untrusted_store_var_off(struct __sk_buff *skb)
{
	struct slot *s = slot0();
	struct task_struct *t;

	if (s && (t = slot_task(s)))
		s->copy = (struct task_struct *)((char *)t + (skb->len & 7));
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
