// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Accepted bounded loops (kernel >= 5.3): real back edges that the verifier walks iteration by
 * iteration, because clang is told not to unroll them. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "bpfverify_test.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32[64]);
} table SEC(".maps");

SEC("xdp")
__success __description("counted loop over a map value array, constant trip count 64")
int loop_sum_table(struct xdp_md *ctx)
{
	__u32 zero = 0, sum = 0;
	__u32 *t = bpf_map_lookup_elem(&table, &zero);

	if (!t)
		return XDP_PASS;
#pragma clang loop unroll(disable)
	for (int i = 0; i < 64; i++)
		sum += t[i];
	return sum > 1000 ? XDP_DROP : XDP_PASS;
}

__u32 first_ff;

SEC("xdp")
__success __description("scan packet bytes for 0xff, bounded by both a constant and data_end")
int loop_pkt_scan(struct xdp_md *ctx)
{
	unsigned char *p = (void *)(long)ctx->data;
	unsigned char *end = (void *)(long)ctx->data_end;
	int i;

#pragma clang loop unroll(disable)
	for (i = 0; i < 32; i++) {
		if (p + i + 1 > end)
			break;
		if (p[i] == 0xff)
			break;
	}
	first_ff = i;
	return XDP_PASS;
}

SEC("xdp")
__success __description("while loop with a data-dependent exit and a hard cap")
int loop_collatz(struct xdp_md *ctx)
{
	__u32 n = (ctx->rx_queue_index & 0xff) + 1, steps = 0;

#pragma clang loop unroll(disable)
	while (n != 1 && steps < 100) {
		n = n & 1 ? 3 * n + 1 : n / 2;
		steps++;
	}
	return steps > 50 ? XDP_DROP : XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
