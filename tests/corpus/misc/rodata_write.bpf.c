// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: .rodata is frozen by the loader (read-only map for the program); a store into it,
 * here through a cast that drops the const, is refused. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "bpfverify_test.h"

const volatile __u32 limit = 100;

SEC("xdp")
__failure __msg("write into map forbidden, value_size=4 off=0 size=4")
__description("store into a .rodata variable")
int rodata_write(struct xdp_md *ctx)
{
	*(volatile __u32 *)&limit = ctx->rx_queue_index;
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
