// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Accepted: nested open-coded iterators, and an iterator loop in a static subprogram called twice. */
#include "corpus_tracing.h"

extern int bpf_iter_num_new(struct bpf_iter_num *it, int start, int end) __weak __ksym;
extern int *bpf_iter_num_next(struct bpf_iter_num *it) __weak __ksym;
extern void bpf_iter_num_destroy(struct bpf_iter_num *it) __weak __ksym;

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} cnt SEC(".maps");

SEC("socket")
__success __description("open-coded iterators: a loop nested in another")
int iter_nested(struct __sk_buff *skb)
{
	struct bpf_iter_num outer, inner;
	__u32 key = 0;
	__u64 *v;

	v = bpf_map_lookup_elem(&cnt, &key);
	if (!v)
		return 0;
	bpf_iter_num_new(&outer, 0, 10);
	while (bpf_iter_num_next(&outer)) {
		bpf_iter_num_new(&inner, 0, 10);
		while (bpf_iter_num_next(&inner))
			__sync_fetch_and_add(v, 1);
		bpf_iter_num_destroy(&inner);
	}
	bpf_iter_num_destroy(&outer);
	return 0;
}

static __noinline int count(__u64 *v, int n)
{
	struct bpf_iter_num it;

	if (!v)
		return 0;
	bpf_iter_num_new(&it, 0, n);
	while (bpf_iter_num_next(&it))
		__sync_fetch_and_add(v, 1);
	bpf_iter_num_destroy(&it);
	return 0;
}

SEC("socket")
__success __description("open-coded iterator in a static subprogram called twice")
int iter_subprog(struct __sk_buff *skb)
{
	__u32 key = 0;
	__u64 *v = bpf_map_lookup_elem(&cnt, &key);

	count(v, 5);
	count(v, 7);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
