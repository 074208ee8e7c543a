// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: a callback's frame sits on top of the frame that loads its address, so their stacks
 * add up (check_max_stack_depth walks ld_imm64 BPF_PSEUDO_FUNC like a call): 304 + 304 bytes
 * is over 512. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "bpfverify_test.h"

struct big {
	char b[300];
};

static int scratch(__u32 i, struct big *out)
{
	volatile char buf[300];

	buf[i & 255] = 1;
	out->b[0] = buf[(i + 1) & 255];
	return 0;
}

SEC("xdp")
__failure __msg("combined stack size of 2 calls is 608. Too large")
__description("bpf_loop callback with 300 bytes of stack, called from 300 bytes of stack")
int callback_stack_too_deep(struct xdp_md *ctx)
{
	struct big b = {};

	bpf_loop(4, scratch, &b, 0);
	return b.b[7];
}

char LICENSE[] SEC("license") = "GPL";
