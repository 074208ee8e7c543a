/* Shared by the maps/kptr_untrusted_*.bpf.c programs: an array map of one struct slot with two
 * __kptr_untrusted task_struct fields, and the NULL-checked load of the first. */
#ifndef BPFVERIFY_CORPUS_KPTR_H
#define BPFVERIFY_CORPUS_KPTR_H

#include "corpus_tracing.h"

#define __kptr_untrusted __attribute__((btf_type_tag("kptr_untrusted")))

struct slot {
	struct task_struct __kptr_untrusted *task;
	struct task_struct __kptr_untrusted *copy;
	__u64 seen;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct slot);
} slots SEC(".maps");

static __always_inline struct slot *slot0(void)
{
	__u32 zero = 0;

	return bpf_map_lookup_elem(&slots, &zero);
}

/* s->task, NULL-checked, its pid noted in s->seen. The read also gives the BTF the whole
 * task_struct: a kptr to a forward declaration makes the kernel refuse the map's BTF. */
static __always_inline struct task_struct *slot_task(struct slot *s)
{
	struct task_struct *t = s->task;

	if (t)
		s->seen = t->pid;
	return t;
}

#endif
