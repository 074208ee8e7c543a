// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: a variable index into an array inside a map value, bounded off by one
 * (idx <= 16 for a 16-element array). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "bpfverify_test.h"

struct slots {
	__u32 v[16];
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct slots);
} table SEC(".maps");

SEC("xdp")
__failure __msg("invalid access to map value, value_size=64 off=64 size=4")
__description("map value indexed with a variable bounded by <= instead of <")
int value_oob_index(struct xdp_md *ctx)
{
	__u32 zero = 0, idx = ctx->rx_queue_index;
	struct slots *s = bpf_map_lookup_elem(&table, &zero);

	if (!s || idx > 16)
		return XDP_PASS;
	s->v[idx]++;
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
