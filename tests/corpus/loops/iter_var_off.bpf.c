// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: the iterator's stack address must be known: one of two iterators picked by a
 * packet length bit is at a variable offset. */
#include "corpus_tracing.h"

extern int bpf_iter_num_new(struct bpf_iter_num *it, int start, int end) __weak __ksym;
extern void bpf_iter_num_destroy(struct bpf_iter_num *it) __weak __ksym;

SEC("socket")
__failure __msg("iter has to be at a constant offset")
__msg("expected uninitialized iter_num as arg #0")
__description("bpf_iter_num_new at a variable stack offset")
int iter_var_off(struct __sk_buff *skb)
{
	struct bpf_iter_num its[2];
	__u32 i = skb->len & 1;

	bpf_iter_num_new(&its[i], 0, 10);
	bpf_iter_num_destroy(&its[i]);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
