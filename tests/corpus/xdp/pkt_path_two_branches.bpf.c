// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected on one path only: the first branch (p[0] == 1) proves 20 bytes before reading byte
 * 10; the other branch reads byte 12 with only 2 bytes proven. `bpfverify check` shows the
 * path to the fault (the branch decisions from insn 0) with their source lines. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "bpfverify_test.h"

SEC("xdp")
__failure __msg("invalid access to packet, off=12 size=1")
__description("xdp: one of two branches reads past the checked packet range")
int xdp_pkt_path_two_branches(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	unsigned char *p = data;

	if (data + 2 > data_end)
		return XDP_PASS;
	if (p[0] == 1) {
		if (data + 20 > data_end)
			return XDP_DROP;
		return p[10] ? XDP_PASS : XDP_DROP;
	}
	if (p[1] == 2)
		return p[12] ? XDP_PASS : XDP_DROP;	/* only bytes 0 and 1 are proven */
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
