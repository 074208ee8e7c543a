// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: a __kptr_untrusted field loads as untrusted_ptr_or_null_: read through it without a
 * NULL check. (Clearing the field with a store of NULL is fine.) */
#include "corpus_kptr.h"

SEC("tc")
__failure __msg("invalid mem access 'untrusted_ptr_or_null_'")
__description("kptr: untrusted kptr dereferenced without a NULL check")
int kptr_untrusted_no_null_check(struct __sk_buff *skb)
{
	struct slot *s = slot0();
	struct task_struct *t;

	if (!s)
		return 0;
	if (skb->len > 1000)
		s->task = NULL;
	t = s->task;
	s->seen = *(volatile int *)&t->pid;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
