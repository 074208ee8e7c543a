// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Accepted: a referenced (__kptr) task_struct loaded from a map value inside the RCU read
 * section every non-sleepable program runs in: rcu_ptr_or_null_, read through after its NULL
 * check. */
#include "corpus_kptr.h"

SEC("tc")
__success
__description("kptr: referenced kptr of an RCU-protected type read through after a NULL check")
int kptr_ref_read_ok(struct __sk_buff *skb)
{
	struct ref_slot *s = ref_slot(skb->mark);
	struct task_struct *t;

	if (!s)
		return 0;
	t = s->task;
	if (t)
		s->seen = t->pid;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
