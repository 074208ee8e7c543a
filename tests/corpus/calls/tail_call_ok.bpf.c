// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Accepted tail calls through a BPF_MAP_TYPE_PROG_ARRAY whose slots libbpf fills at load time
 * (declarative initialisation); a missing slot falls through to the next instruction. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "bpfverify_test.h"

int tail_hits;

SEC("xdp")
__success __description("tail call target: counts and passes")
int tail_target_pass(struct xdp_md *ctx)
{
	__sync_fetch_and_add(&tail_hits, 1);
	return XDP_PASS;
}

SEC("xdp")
__success __description("tail call target: drops")
int tail_target_drop(struct xdp_md *ctx)
{
	return XDP_DROP;
}

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, 4);
	__uint(key_size, sizeof(__u32));
	__array(values, int(struct xdp_md *));
} jmp_table SEC(".maps") = {
	.values = {
		[0] = (void *)&tail_target_pass,
		[1] = (void *)&tail_target_drop,
	},
};

SEC("xdp")
__success __description("tail call with a constant index and with a variable index, then fallthrough")
int tail_entry(struct xdp_md *ctx)
{
	if (ctx->rx_queue_index == 0)
		bpf_tail_call(ctx, &jmp_table, 0);
	bpf_tail_call(ctx, &jmp_table, ctx->rx_queue_index);
	return XDP_PASS;	/* index out of range or empty slot */
}

char LICENSE[] SEC("license") = "GPL";
