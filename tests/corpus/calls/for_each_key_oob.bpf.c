// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: a bpf_for_each_map_elem callback's key pointer covers the map's key size only (4
 * bytes here); reading the next 4 is outside it. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "bpfverify_test.h"

struct bpf_map;

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} slots SEC(".maps");

static long read_next_key(struct bpf_map *map, __u32 *key, __u64 *val, void *data)
{
	return key[1] & 1;
}

SEC("xdp")
__failure __msg("invalid access to map key, key_size=4 off=4 size=4")
__description("bpf_for_each_map_elem callback reads past its 4-byte key")
int for_each_key_oob(struct xdp_md *ctx)
{
	bpf_for_each_map_elem(&slots, read_next_key, NULL, 0);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
