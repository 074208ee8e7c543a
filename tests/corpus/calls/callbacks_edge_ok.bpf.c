// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Accepted edge cases of callback verification:
 * - bpf_loop(0, ...) never runs its callback, so the verifier never explores it: a callback
 *   that returns 5 (rejected for any other count) passes;
 * - bpf_for_each_map_elem's flags are checked at run time only (-EINVAL), like bpf_loop's. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "bpfverify_test.h"

struct bpf_map;

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} per_cpu SEC(".maps");

static int returns_five(__u32 i, void *data)
{
	return 5;
}

static long visit(struct bpf_map *map, __u32 *key, __u64 *val, void *data)
{
	return 0;
}

SEC("xdp")
__success __description("bpf_loop with 0 iterations: its bad callback is never verified")
int bpf_loop_zero(struct xdp_md *ctx)
{
	bpf_loop(0, returns_five, NULL, 0);
	return XDP_PASS;
}

SEC("xdp")
__success __description("bpf_for_each_map_elem with flags 3 over a per-cpu array")
int for_each_flags(struct xdp_md *ctx)
{
	long n = bpf_for_each_map_elem(&per_cpu, visit, NULL, 3);

	return n < 0 ? XDP_ABORTED : XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
