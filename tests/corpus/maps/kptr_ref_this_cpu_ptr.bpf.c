// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: a loaded referenced kptr is rcu_ptr_or_null_, not a per-CPU pointer. */
#include "corpus_kptr.h"

SEC("tc")
__failure __msg("R1 type=rcu_ptr_or_null_ expected=percpu_ptr_, percpu_rcu_ptr_, percpu_trusted_ptr_")
__description("kptr: referenced kptr passed to bpf_this_cpu_ptr")
int kptr_ref_this_cpu_ptr(struct __sk_buff *skb)
{
	struct ref_slot *s = ref_slot(skb->mark);

	if (!s)
		return 0;
	return bpf_this_cpu_ptr(s->task) != 0;
}

char LICENSE[] SEC("license") = "GPL";
