// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Accepted: nested bpf_loop (a callback that runs a loop of its own, on a context in its own
 * frame, while updating its caller's), bpf_loop with non-zero flags (checked at run time only:
 * the helper returns -EINVAL), bpf_loop with an unknown iteration count, and
 * bpf_for_each_map_elem over a hash map with a NULL context. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "bpfverify_test.h"

struct bpf_map;

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16);
	__type(key, __u32);
	__type(value, __u64);
} hits SEC(".maps");

struct outer_ctx {
	__u64 total;
};

struct inner_ctx {
	__u64 row;
};

static int inner_step(__u32 j, struct inner_ctx *ic)
{
	ic->row += j;
	return 0;
}

static int outer_step(__u32 i, struct outer_ctx *oc)
{
	struct inner_ctx ic = { .row = i };

	bpf_loop(4, inner_step, &ic, 0);
	oc->total += ic.row;
	return oc->total > 100;
}

static int stop_now(__u32 i, void *data)
{
	return 1;
}

static long count_elem(struct bpf_map *map, __u32 *key, __u64 *val, void *data)
{
	return *val > 10;
}

SEC("xdp")
__success
__description("bpf_loop whose callback runs bpf_loop")
int callbacks_nested(struct xdp_md *ctx)
{
	struct outer_ctx oc = {};

	bpf_loop(8, outer_step, &oc, 0);
	return oc.total & 1 ? XDP_DROP : XDP_PASS;
}

SEC("xdp")
__success __description("bpf_loop with flags 1: the verifier does not check the flags")
int bpf_loop_flags(struct xdp_md *ctx)
{
	long n = bpf_loop(2, stop_now, NULL, 1);

	return n < 0 ? XDP_ABORTED : XDP_PASS;
}

SEC("xdp")
__success __description("bpf_loop with an iteration count the verifier cannot bound")
int bpf_loop_unknown_count(struct xdp_md *ctx)
{
	bpf_loop(bpf_get_prandom_u32(), stop_now, NULL, 0);
	return XDP_PASS;
}

SEC("xdp")
__success __description("bpf_for_each_map_elem over a hash map, NULL context")
int for_each_hash(struct xdp_md *ctx)
{
	long n = bpf_for_each_map_elem(&hits, count_elem, NULL, 0);

	return n > 3 ? XDP_DROP : XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
