// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Accepted open-coded iterator loops of other shapes: the element as a checked array index, an
 * early break, and next() called again on a drained iterator (NULL again). */
#include "corpus_tracing.h"

extern int bpf_iter_num_new(struct bpf_iter_num *it, int start, int end) __weak __ksym;
extern int *bpf_iter_num_next(struct bpf_iter_num *it) __weak __ksym;
extern void bpf_iter_num_destroy(struct bpf_iter_num *it) __weak __ksym;

__u64 arr[16];
__u64 total;

SEC("socket")
__success __description("open-coded iterator: the element indexes a global array after a check")
int iter_index(struct __sk_buff *skb)
{
	struct bpf_iter_num it;
	int *i;

	bpf_iter_num_new(&it, 0, 16);
	while ((i = bpf_iter_num_next(&it)))
		if (*i >= 0 && *i < 16)
			arr[*i] += 1;
	bpf_iter_num_destroy(&it);
	return 0;
}

SEC("socket")
__success __description("open-coded iterator: leaving the loop early, then destroying it")
int iter_break(struct __sk_buff *skb)
{
	struct bpf_iter_num it;
	int *i;

	bpf_iter_num_new(&it, 0, 16);
	while ((i = bpf_iter_num_next(&it)))
		if (*i == 7)
			break;
	bpf_iter_num_destroy(&it);
	return 0;
}

SEC("socket")
__success __description("open-coded iterator: next() on a drained iterator returns NULL again")
int iter_drained_again(struct __sk_buff *skb)
{
	struct bpf_iter_num it;
	int *i;

	bpf_iter_num_new(&it, 0, 16);
	while (bpf_iter_num_next(&it))
		;
	i = bpf_iter_num_next(&it);
	if (i)
		total = *i;
	bpf_iter_num_destroy(&it);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
