// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: a sleepable program holding a bpf_spin_lock is in an RCU read section: a
 * referenced kptr loaded under the lock is rcu_ptr_or_null_ (and stays so after the unlock). */
#include "corpus_kptr.h"

struct locked {
	struct bpf_spin_lock lock;
	struct task_struct __kptr *task;
	struct task_struct __kptr_untrusted *seen_task;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct locked);
} lockeds SEC(".maps");

SEC("syscall")
__failure __msg("R1 type=rcu_ptr_or_null_ expected=percpu_ptr_, percpu_rcu_ptr_, percpu_trusted_ptr_")
__description("kptr: referenced kptr loaded under a lock by a sleepable program is rcu_")
int kptr_ref_sleepable_locked_rcu(void *ctx)
{
	__u32 zero = 0;
	struct locked *l = bpf_map_lookup_elem(&lockeds, &zero);
	struct task_struct *t;

	if (!l)
		return 0;
	t = l->seen_task;
	if (t && t->pid == 1)	/* (gives the BTF the whole task_struct) */
		return 0;
	bpf_spin_lock(&l->lock);
	t = l->task;
	bpf_spin_unlock(&l->lock);
	return bpf_this_cpu_ptr(t) != 0;
}

char LICENSE[] SEC("license") = "GPL";
