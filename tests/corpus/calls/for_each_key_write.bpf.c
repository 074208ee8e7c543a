// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: the key a bpf_for_each_map_elem callback receives is read-only (PTR_TO_MAP_KEY). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "bpfverify_test.h"

struct bpf_map;

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16);
	__type(key, __u32);
	__type(value, __u64);
} counts SEC(".maps");

static long bump_key(struct bpf_map *map, __u32 *key, __u64 *val, void *data)
{
	*key += 1;
	return 0;
}

SEC("xdp")
__failure __msg("write to change key R2 not allowed")
__description("bpf_for_each_map_elem callback writes to the key it is given")
int for_each_key_write(struct xdp_md *ctx)
{
	bpf_for_each_map_elem(&counts, bump_key, NULL, 0);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
