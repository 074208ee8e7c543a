// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: the trip count comes from a map value and is never bounded; the verifier keeps
 * walking iterations until it runs out of its instruction budget. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "bpfverify_test.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} cfg SEC(".maps");

SEC("xdp")
__failure __msg("BPF program is too large. Processed 1000001 insn")
__description("loop bound read from a map, unbounded")
int loop_unbounded(struct xdp_md *ctx)
{
	__u32 zero = 0;
	__u64 *n = bpf_map_lookup_elem(&cfg, &zero);
	__u64 acc = 0;

	if (!n)
		return XDP_PASS;
#pragma clang loop unroll(disable)
	for (__u64 i = 0; i < *n; i++)
		acc += i ^ acc;
	return acc & 1 ? XDP_DROP : XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
