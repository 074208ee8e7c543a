// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: bpf_this_cpu_ptr takes per-CPU BTF pointers only, not an untrusted kptr. */
#include "corpus_kptr.h"

SEC("tc")
__failure __msg("R1 type=untrusted_ptr_ expected=percpu_ptr_, percpu_rcu_ptr_, percpu_trusted_ptr_")
__description("kptr: untrusted kptr passed to bpf_this_cpu_ptr")
int kptr_untrusted_this_cpu_ptr(struct __sk_buff *skb)
{
	struct slot *s = slot0();
	struct task_struct *t;

	if (!s || !(t = slot_task(s)))
		return 0;
	return bpf_this_cpu_ptr(t) != 0;
}

char LICENSE[] SEC("license") = "GPL";
