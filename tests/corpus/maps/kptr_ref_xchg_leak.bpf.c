// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: bpf_kptr_xchg hands back the field's old pointer as a reference the program must
 * release (or store again); dropping it leaks. */
#include "corpus_kptr.h"

SEC("tc")
__failure __msg("Unreleased reference")
__description("kptr: the task taken out of a kptr with bpf_kptr_xchg is dropped")
int kptr_ref_xchg_leak(struct __sk_buff *skb)
{
	struct ref_slot *s = ref_slot(skb->mark);

	if (!s)
		return 0;
	bpf_kptr_xchg(&s->task, NULL);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
