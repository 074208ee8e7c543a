// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: reads the EtherType without comparing against data_end at all. */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <bpf/bpf_helpers.h>
#include "bpfverify_test.h"

SEC("xdp")
__failure __msg("invalid access to packet, off=12 size=1")
__description("xdp: packet read with no bounds check")
int xdp_pkt_no_check(struct xdp_md *ctx)
{
	struct ethhdr *eth = (void *)(long)ctx->data;

	return eth->h_proto == 0x0008 ? XDP_PASS : XDP_DROP;
}

char LICENSE[] SEC("license") = "GPL";
