/* Shared by the maps/kptr_*.bpf.c programs: an array map of one struct slot with two
 * __kptr_untrusted task_struct fields and the NULL-checked load of the first; a hash map of
 * struct ref_slot with two referenced (__kptr) task_struct fields and an untrusted one. */
#ifndef BPFVERIFY_CORPUS_KPTR_H
#define BPFVERIFY_CORPUS_KPTR_H

#include "corpus_tracing.h"

#define __kptr_untrusted __attribute__((btf_type_tag("kptr_untrusted")))
#define __kptr __attribute__((btf_type_tag("kptr")))

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

struct ref_slot {
	struct task_struct __kptr *task;
	struct task_struct __kptr *other;
	struct task_struct __kptr_untrusted *utask;
	__u64 seen;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, struct ref_slot);
} ref_slots SEC(".maps");

/* The ref_slot of key @key, or NULL; s->other's pid noted in s->seen when it is set. The read
 * also gives the BTF the whole task_struct (see slot_task()). */
static __always_inline struct ref_slot *ref_slot(__u32 key)
{
	struct ref_slot *s = bpf_map_lookup_elem(&ref_slots, &key);
	struct task_struct *o;

	if (s && (o = s->other))
		s->seen = o->pid;
	return s;
}

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
