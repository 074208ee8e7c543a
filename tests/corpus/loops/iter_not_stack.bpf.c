// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: a kfunc argument of the wrong type: the iterator of bpf_iter_num_new must live on
 * the stack, here it is a map value. */
#include "corpus_tracing.h"

extern int bpf_iter_num_new(struct bpf_iter_num *it, int start, int end) __weak __ksym;
extern void bpf_iter_num_destroy(struct bpf_iter_num *it) __weak __ksym;

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct bpf_iter_num);
} iters SEC(".maps");

SEC("socket")
__failure __msg("arg#0 expected pointer to an iterator on stack")
__description("bpf_iter_num_new on a map value")
int iter_not_stack(struct __sk_buff *skb)
{
	struct bpf_iter_num *it;
	__u32 key = 0;

	it = bpf_map_lookup_elem(&iters, &key);
	if (!it)
		return 0;
	bpf_iter_num_new(it, 0, 10);
	bpf_iter_num_destroy(it);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
