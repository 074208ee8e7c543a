// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: an iterator must start on an 8-byte stack slot boundary. */
#include "corpus_tracing.h"

extern int bpf_iter_num_new(struct bpf_iter_num *it, int start, int end) __weak __ksym;
extern void bpf_iter_num_destroy(struct bpf_iter_num *it) __weak __ksym;

SEC("socket")
__failure __msg("cannot pass in iter at an offset=-20")
__msg("expected uninitialized iter_num as arg #0")
__description("bpf_iter_num_new on a misaligned stack address")
int iter_misaligned(struct __sk_buff *skb)
{
	__u64 buf[3] = {};
	struct bpf_iter_num *it = (void *)((char *)buf + 4);

	bpf_iter_num_new(it, 0, 10);
	bpf_iter_num_destroy(it);
	return buf[0];
}

char LICENSE[] SEC("license") = "GPL";
