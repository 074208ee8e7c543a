// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: a task_struct pointer stored into an mm_struct kptr. */
#include "corpus_tracing.h"

#define __kptr_untrusted __attribute__((btf_type_tag("kptr_untrusted")))

struct pair {
	struct task_struct __kptr_untrusted *task;
	struct mm_struct __kptr_untrusted *mm;
	__u64 seen;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, struct pair);
} pairs SEC(".maps");

SEC("tc")
__failure __msg("task_struct expected=ptr_mm_struct or untrusted_ptr_mm_struct")
__description("kptr: task_struct kptr stored into an mm_struct kptr")
int kptr_untrusted_store_other_type(struct __sk_buff *skb)
{
	__u32 key = skb->mark;
	struct pair *p = bpf_map_lookup_elem(&pairs, &key);
	struct task_struct *t;
	struct mm_struct *m;

	if (!p)
		return 0;
	/* (reads through both give the BTF the whole structs: the kernel refuses kptrs to
	 * forward declarations) */
	t = p->task;
	m = p->mm;
	if (t && m)
		p->seen = t->pid + m->map_count;
	p->mm = (struct mm_struct *)p->task;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
