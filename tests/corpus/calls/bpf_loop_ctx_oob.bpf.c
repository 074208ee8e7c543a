// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: a bpf_loop callback reads past the end of the stack context its caller gave it. The
 * context is a pointer into the caller's frame; the callback's accesses through it are checked
 * against that frame's stack, 8 bytes above its last byte here. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "bpfverify_test.h"

struct small_ctx {
	__u64 sum;
};

static int read_past(__u32 i, struct small_ctx *c)
{
	/* c[1] is the 8 bytes above the context: the caller's frame ends at fp-0 */
	c->sum += ((volatile __u64 *)c)[1];
	return 0;
}

SEC("xdp")
__failure __msg("invalid read from stack R2 off=0 size=8")
__description("bpf_loop callback reads 8 bytes past its context on the caller's stack")
int bpf_loop_ctx_oob(struct xdp_md *ctx)
{
	struct small_ctx c = {};

	bpf_loop(4, read_past, &c, 0);
	return c.sum ? XDP_DROP : XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
