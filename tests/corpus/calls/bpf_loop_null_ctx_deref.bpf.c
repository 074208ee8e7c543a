// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: the caller passes NULL as the context and the callback dereferences it: the callee's
 * R2 is the scalar 0. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "bpfverify_test.h"

static int add_one(__u32 i, __u64 *total)
{
	*total += 1;
	return 0;
}

SEC("xdp")
__failure __msg("R2 invalid mem access 'scalar'")
__description("bpf_loop callback writes through a NULL context")
int bpf_loop_null_ctx_deref(struct xdp_md *ctx)
{
	bpf_loop(4, add_one, NULL, 0);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
