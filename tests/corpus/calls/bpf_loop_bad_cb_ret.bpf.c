// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: a bpf_loop callback must return 0 (continue) or 1 (stop). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "bpfverify_test.h"

static int bad_cb(__u32 i, void *data)
{
	return 5;
}

SEC("xdp")
__failure __msg("At callback return the register R0 has")
__description("bpf_loop callback returns 5")
int bpf_loop_bad_cb_ret(struct xdp_md *ctx)
{
	bpf_loop(4, bad_cb, NULL, 0);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
