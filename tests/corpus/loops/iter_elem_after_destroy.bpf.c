// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: the element pointer bpf_iter_num_next returned belongs to the iterator's reference;
 * bpf_iter_num_destroy releases it and the pointer becomes a plain scalar. */
#include "corpus_tracing.h"

extern int bpf_iter_num_new(struct bpf_iter_num *it, int start, int end) __weak __ksym;
extern int *bpf_iter_num_next(struct bpf_iter_num *it) __weak __ksym;
extern void bpf_iter_num_destroy(struct bpf_iter_num *it) __weak __ksym;

__u64 total;

SEC("socket")
__failure __msg("invalid mem access 'scalar'")
__description("iterator element read after the iterator was destroyed")
int iter_elem_after_destroy(struct __sk_buff *skb)
{
	struct bpf_iter_num it;
	int *i;

	bpf_iter_num_new(&it, 0, 16);
	i = bpf_iter_num_next(&it);
	bpf_iter_num_destroy(&it);
	if (i)
		total = *i;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
