// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Accepted: open-coded iterator loops with a counter nothing relies on. At each bpf_iter_num_next
 * the verifier compares the element path with the previous visit of the same next call and
 * widens every changed imprecise scalar to unknown (widen_imprecise_scalars), in a register or
 * spilled on the stack, so that the loop converges after two iterations. */
#include "corpus_tracing.h"

extern int bpf_iter_num_new(struct bpf_iter_num *it, int start, int end) __weak __ksym;
extern int *bpf_iter_num_next(struct bpf_iter_num *it) __weak __ksym;
extern void bpf_iter_num_destroy(struct bpf_iter_num *it) __weak __ksym;

__u64 total;

SEC("socket")
__success __description("iterator: a counter in a register is widened")
int iter_counter_widened(struct __sk_buff *skb)
{
	struct bpf_iter_num it;
	__u64 n = 0;

	bpf_iter_num_new(&it, 0, 1000);
	while (bpf_iter_num_next(&it))
		n += 3;
	bpf_iter_num_destroy(&it);
	total = n;
	return 0;
}

SEC("socket")
__success __description("iterator: a counter spilled to the stack is widened")
int iter_spilled_counter_widened(struct __sk_buff *skb)
{
	struct bpf_iter_num it;
	volatile __u64 n = 0;

	bpf_iter_num_new(&it, 0, 1000);
	while (bpf_iter_num_next(&it))
		n = n + 3;
	bpf_iter_num_destroy(&it);
	total = n;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
