// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: a queue map has no elements to visit by key. It also takes only push, pop and peek
 * (check_map_func_compatibility), but the kernel looks at the callback first: the message is
 * the callback's. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "bpfverify_test.h"

struct bpf_map;

struct {
	__uint(type, BPF_MAP_TYPE_QUEUE);
	__uint(max_entries, 8);
	__type(value, __u64);
} pending SEC(".maps");

static long visit(struct bpf_map *map, void *key, void *value, void *data)
{
	return 0;
}

SEC("xdp")
__failure __msg("callback function not allowed for map")
__description("bpf_for_each_map_elem over a queue map")
int for_each_queue(struct xdp_md *ctx)
{
	bpf_for_each_map_elem(&pending, visit, NULL, 0);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
