// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: the counter a bpf_loop callback increments indexes an array after the loop. The path
 * where the helper returns at once reads table[0], which makes the counter precise at the call,
 * so it is never widened: the verifier follows it 0, 1, 2, ... until the read after the loop is
 * out of bounds (widening it to unknown would reject at the same read, but as unbounded). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "bpfverify_test.h"

struct counter_ctx {
	__u64 i;
};

__u64 table[4];

static int count_up(__u32 idx, struct counter_ctx *c)
{
	c->i++;
	return 0;
}

SEC("xdp")
__failure __msg("invalid access to map value, value_size=32 off=32 size=8")
__description("bpf_loop: a precise counter is kept exact until the index is out of bounds")
int bpf_loop_precise_counter(struct xdp_md *ctx)
{
	struct counter_ctx c = { .i = 0 };

	bpf_loop(bpf_get_prandom_u32(), count_up, &c, 0);
	return table[c.i] ? XDP_DROP : XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
