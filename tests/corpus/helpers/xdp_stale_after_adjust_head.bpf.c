// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: a packet pointer saved on the stack before bpf_xdp_adjust_head is used after it.
 * The helper invalidates every packet pointer, spilled copies included: the reload yields an
 * unknown scalar. */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <bpf/bpf_helpers.h>
#include "bpfverify_test.h"

SEC("xdp")
__failure __msg("invalid mem access 'scalar'")
__description("xdp: spilled packet pointer used after bpf_xdp_adjust_head")
int xdp_stale_after_adjust_head(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *volatile eth = data;	/* kept in a stack slot */

	if (data + ETH_HLEN > data_end)
		return XDP_PASS;
	if (bpf_xdp_adjust_head(ctx, 0))
		return XDP_PASS;
	return eth->h_proto ? XDP_PASS : XDP_DROP;
}

char LICENSE[] SEC("license") = "GPL";
