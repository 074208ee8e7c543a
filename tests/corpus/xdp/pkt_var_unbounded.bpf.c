// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: a packet offset taken from the packet itself, not bounded before it is added to the
 * packet pointer; the data_end check that follows cannot make up for it. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "bpfverify_test.h"

SEC("xdp")
__failure __msg("invalid access to packet, off=0 size=1")
__description("xdp: variable, unbounded offset into the packet")
int xdp_pkt_var_unbounded(struct xdp_md *ctx)
{
	unsigned char *data = (void *)(long)ctx->data;
	unsigned char *data_end = (void *)(long)ctx->data_end;
	unsigned int off;

	if (data + 4 > data_end)
		return XDP_DROP;
	off = *(unsigned int *)data;	/* anything in [0, 2^32) */
	if (data + off + 1 > data_end)	/* too late: data + off is already out of range */
		return XDP_DROP;
	return data[off] ? XDP_PASS : XDP_DROP;
}

char LICENSE[] SEC("license") = "GPL";
