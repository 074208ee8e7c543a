// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Accepted: __kptr_untrusted fields of a map value. A loaded kptr is untrusted_ptr_or_null_ of
 * the field's kernel type; after its NULL check its fields can be read, pointer fields too (they
 * stay untrusted); it can be stored into another untrusted kptr of the same type, NULL check or
 * not. */
#include "corpus_kptr.h"

SEC("tc")
__success
__description("kptr: untrusted kptr read through after a NULL check, walked to its parent")
int kptr_untrusted_read_ok(struct __sk_buff *skb)
{
	struct slot *s = slot0();
	struct task_struct *t;

	if (!s || !(t = slot_task(s)))
		return 0;
	t = t->real_parent;
	if (t)
		s->seen += t->tgid;
	return 0;
}

SEC("tc")
__success
__description("kptr: untrusted kptr copied into another untrusted kptr of its type")
int kptr_untrusted_copy_ok(struct __sk_buff *skb)
{
	struct slot *s = slot0();

	if (s)
		s->copy = s->task;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
