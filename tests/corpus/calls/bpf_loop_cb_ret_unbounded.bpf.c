// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: a bpf_loop callback returns a value the verifier cannot bound to [0, 1]. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "bpfverify_test.h"

static int random_stop(__u32 i, void *data)
{
	return bpf_get_prandom_u32();
}

SEC("xdp")
__failure __msg("At callback return the register R0 has unknown scalar value should have been in [0, 1]")
__description("bpf_loop callback returns the int of bpf_get_prandom_u32(): unbounded")
int bpf_loop_cb_ret_unbounded(struct xdp_md *ctx)
{
	bpf_loop(8, random_stop, NULL, 0);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
