// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: an iterator created by bpf_iter_num_new holds a reference until
 * bpf_iter_num_destroy; exiting without destroying it leaks that reference. */
#include "corpus_tracing.h"

extern int bpf_iter_num_new(struct bpf_iter_num *it, int start, int end) __weak __ksym;
extern int *bpf_iter_num_next(struct bpf_iter_num *it) __weak __ksym;

__u64 total;

SEC("socket")
__failure __msg("Unreleased reference id=1 alloc_insn=")
__msg("BPF_EXIT instruction in main prog would lead to reference leak")
__description("open-coded iterator never destroyed")
int iter_leak(struct __sk_buff *skb)
{
	struct bpf_iter_num it;
	__u64 n = 0;

	bpf_iter_num_new(&it, 0, 10);
	while (bpf_iter_num_next(&it))
		n++;
	total = n;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
