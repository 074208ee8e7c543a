// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: a counter an open-coded iterator loop increments indexes an array after the loop.
 * The drained path, explored first, reads table[0]: the counter is precise at the next call, so
 * it is never widened and the verifier follows it 0, 1, 2, ... until the read is out of bounds. */
#include "corpus_tracing.h"

extern int bpf_iter_num_new(struct bpf_iter_num *it, int start, int end) __weak __ksym;
extern int *bpf_iter_num_next(struct bpf_iter_num *it) __weak __ksym;
extern void bpf_iter_num_destroy(struct bpf_iter_num *it) __weak __ksym;

__u64 table[4];

SEC("socket")
__failure __msg("invalid access to map value, value_size=32 off=32 size=8")
__description("iterator: a precise counter is kept exact until the index is out of bounds")
int iter_precise_counter(struct __sk_buff *skb)
{
	struct bpf_iter_num it;
	__u64 n = 0;

	bpf_iter_num_new(&it, 0, 1000);
	while (bpf_iter_num_next(&it))
		n++;
	bpf_iter_num_destroy(&it);
	return table[n] ? 1 : 0;
}

char LICENSE[] SEC("license") = "GPL";
