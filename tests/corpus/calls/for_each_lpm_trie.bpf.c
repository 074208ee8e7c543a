// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: bpf_for_each_map_elem works on hash and array maps only; an LPM trie has no
 * map_set_for_each_callback_args. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "bpfverify_test.h"

struct bpf_map;

struct lpm_key {
	__u32 prefixlen;
	__u32 addr;
};

struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__uint(max_entries, 4);
	__type(key, struct lpm_key);
	__type(value, __u64);
	__uint(map_flags, BPF_F_NO_PREALLOC);
} routes SEC(".maps");

static long visit(struct bpf_map *map, void *key, void *value, void *data)
{
	return 0;
}

SEC("xdp")
__failure __msg("callback function not allowed for map")
__description("bpf_for_each_map_elem over an LPM trie")
int for_each_lpm_trie(struct xdp_md *ctx)
{
	bpf_for_each_map_elem(&routes, visit, NULL, 0);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
