// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Accepted: bpf_loop callbacks whose context changes every iteration. The verifier explores the
 * callback once per iteration until the state at the call repeats; when a callback returns, every
 * scalar that changed and that no explored path relied on is widened to unknown
 * (widen_imprecise_scalars), so that a counter converges in a few iterations, while a value that
 * did not change, or that a decision relied on (precise), keeps what is known about it. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "bpfverify_test.h"

struct counter_ctx {
	__u64 i;	/* changes every iteration, nothing relies on it: widened */
	__u64 j;	/* never changes: kept, so the read of table[j] below is in bounds */
};

struct toggle_ctx {
	__u64 i;	/* 0, 1, 0, ...: a decision relies on it, so it is precise and kept */
};

__u64 table[2];

static int count_up(__u32 idx, struct counter_ctx *c)
{
	c->i++;
	return 0;
}

static int toggle(__u32 idx, struct toggle_ctx *t)
{
	if (t->i == 0)
		t->i = 1;
	else
		t->i = 0;
	return 0;
}

SEC("xdp")
__success __description("bpf_loop with an unknown count: the counter is widened, the constant kept")
int bpf_loop_counter_widened(struct xdp_md *ctx)
{
	struct counter_ctx c = { .i = 0, .j = 1 };

	bpf_loop(bpf_get_prandom_u32(), count_up, &c, 0);
	return table[c.j] ? XDP_DROP : XDP_PASS;
}

SEC("xdp")
__success __description("bpf_loop toggling a value a decision relies on: it stays 0 or 1")
int bpf_loop_toggle_precise(struct xdp_md *ctx)
{
	struct toggle_ctx t = { .i = 0 };

	bpf_loop(bpf_get_prandom_u32(), toggle, &t, 0);
	return table[t.i] ? XDP_DROP : XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
