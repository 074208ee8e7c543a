// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: reads one byte past the end the bounds check proved. */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <bpf/bpf_helpers.h>
#include "bpfverify_test.h"

SEC("xdp")
__failure __msg("invalid access to packet, off=14 size=1")
__description("xdp: packet read one byte past the checked Ethernet header")
int xdp_pkt_oob(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	unsigned char *p = data;

	if (data + sizeof(struct ethhdr) > data_end)
		return XDP_DROP;
	/* bytes 0..13 are proven; byte 14 is not */
	return p[sizeof(struct ethhdr)] == 0x45 ? XDP_PASS : XDP_DROP;
}

char LICENSE[] SEC("license") = "GPL";
