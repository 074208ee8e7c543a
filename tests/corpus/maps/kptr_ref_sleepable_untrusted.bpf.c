// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: a sleepable program (syscall) runs outside an RCU read section, so a referenced
 * kptr loads untrusted_ptr_or_null_, not rcu_ptr_or_null_. */
#include "corpus_kptr.h"

SEC("syscall")
__failure __msg("R1 type=untrusted_ptr_or_null_ expected=percpu_ptr_, percpu_rcu_ptr_, percpu_trusted_ptr_")
__description("kptr: referenced kptr loaded by a sleepable program is untrusted")
int kptr_ref_sleepable_untrusted(void *ctx)
{
	struct ref_slot *s = ref_slot(0);

	if (!s)
		return 0;
	return bpf_this_cpu_ptr(s->task) != 0;
}

char LICENSE[] SEC("license") = "GPL";
