// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: bpf_iter_num_next on stack memory that bpf_iter_num_new never initialised. */
#include "corpus_tracing.h"

extern int *bpf_iter_num_next(struct bpf_iter_num *it) __weak __ksym;
extern void bpf_iter_num_destroy(struct bpf_iter_num *it) __weak __ksym;

__u64 total;

SEC("socket")
__failure __msg("expected an initialized iter_num as arg #0")
__description("bpf_iter_num_next on an iterator never created")
int iter_next_uninit(struct __sk_buff *skb)
{
	struct bpf_iter_num it;
	int *i;

	i = bpf_iter_num_next(&it);
	if (i)
		total = *i;
	bpf_iter_num_destroy(&it);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
