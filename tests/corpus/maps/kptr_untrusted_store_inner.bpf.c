// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: a pointer into the middle of a task_struct stored into a task_struct kptr (an
 * untrusted kptr takes a pointer whose first members lead to the type, not one 8 bytes in). */
#include "corpus_kptr.h"

SEC("tc")
__failure __msg("type=untrusted_ptr_task_struct expected=ptr_task_struct or untrusted_ptr_task_struct")
__description("kptr: untrusted kptr stored 8 bytes past the start of its object")
int kptr_untrusted_store_inner(struct __sk_buff *skb)
{
	struct slot *s = slot0();
	struct task_struct *t;

	if (s && (t = slot_task(s)))
		s->copy = (struct task_struct *)((char *)t + 8);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
