// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Accepted callback-based iteration: bpf_loop with a context struct on the stack, early stop by
 * returning 1, and bpf_for_each_map_elem over an array. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "bpfverify_test.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 32);
	__type(key, __u32);
	__type(value, __u64);
} weights SEC(".maps");

struct bpf_map;

struct loop_ctx {
	__u64 sum;
	__u32 limit;
};

static int add_weight(__u32 i, struct loop_ctx *lc)
{
	__u32 key = i;
	__u64 *w = bpf_map_lookup_elem(&weights, &key);

	if (!w)
		return 1;	/* stop */
	lc->sum += *w;
	return lc->sum > lc->limit;
}

static long sum_elem(struct bpf_map *map, __u32 *key, __u64 *val, struct loop_ctx *lc)
{
	lc->sum += *val + *key;
	return 0;	/* continue */
}

SEC("xdp")
__success __description("bpf_loop: 32 iterations of a callback that reads a map, may stop early")
int loop_weights(struct xdp_md *ctx)
{
	struct loop_ctx lc = { .sum = 0, .limit = 1000 };
	long n;

	n = bpf_loop(32, add_weight, &lc, 0);
	if (n < 0)
		return XDP_ABORTED;
	return lc.sum > 500 ? XDP_DROP : XDP_PASS;
}

SEC("xdp")
__success __description("bpf_for_each_map_elem: callback gets map, key and value pointers")
int each_weight(struct xdp_md *ctx)
{
	struct loop_ctx lc = {};

	bpf_for_each_map_elem(&weights, sum_elem, &lc, 0);
	return lc.sum & 1 ? XDP_DROP : XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
