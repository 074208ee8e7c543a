// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Accepted: iterator loops whose bodies fork a lot, so that convergence at the next call is found
 * among many checkpoints (some evicted on the way) and many paths converge on the same loop
 * checkpoint. The shapes of the kernel selftests iters.c triple_continue and
 * checkpoint_states_deletion. */
#include "corpus_tracing.h"

extern int bpf_iter_num_new(struct bpf_iter_num *it, int start, int end) __weak __ksym;
extern int *bpf_iter_num_next(struct bpf_iter_num *it) __weak __ksym;
extern void bpf_iter_num_destroy(struct bpf_iter_num *it) __weak __ksym;

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 16);
	__type(key, __u32);
	__type(value, __u64);
} slots SEC(".maps");

SEC("socket")
__success __description("iterator loop with three random continues per iteration")
int iter_three_continues(struct __sk_buff *skb)
{
	struct bpf_iter_num it;
	__u64 hits = 0;

	bpf_iter_num_new(&it, 0, 10);
	while (bpf_iter_num_next(&it)) {
		if (bpf_get_prandom_u32() != 42)
			continue;
		if (bpf_get_prandom_u32() != 42)
			continue;
		if (bpf_get_prandom_u32() != 42)
			continue;
		hits++;
	}
	bpf_iter_num_destroy(&it);
	return hits & 1;
}

SEC("socket")
__success __description("iterator loop: six lookups per iteration, each NULL or not")
int iter_six_lookups(struct __sk_buff *skb)
{
	struct bpf_iter_num it;
	__u64 *a, *b, *c, *d, *e, *f;
	__u32 sum = 0;
	int *i;

	bpf_iter_num_new(&it, 0, 10);
	while ((i = bpf_iter_num_next(&it))) {
		__u32 k = *i;

		a = bpf_map_lookup_elem(&slots, &k);
		b = bpf_map_lookup_elem(&slots, &k);
		c = bpf_map_lookup_elem(&slots, &k);
		d = bpf_map_lookup_elem(&slots, &k);
		e = bpf_map_lookup_elem(&slots, &k);
		f = bpf_map_lookup_elem(&slots, &k);
		if (a)
			sum++;
		if (b)
			sum++;
		if (c)
			sum++;
		if (d)
			sum++;
		if (e)
			sum++;
		if (f)
			sum++;
	}
	bpf_iter_num_destroy(&it);
	return sum & 1;
}

char LICENSE[] SEC("license") = "GPL";
