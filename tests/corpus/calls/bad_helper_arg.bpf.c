// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: the context pointer passed where bpf_map_lookup_elem expects a map. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "bpfverify_test.h"

SEC("xdp")
__failure __msg("R1 type=ctx expected=map_ptr")
__description("helper argument of the wrong type: ctx instead of a map pointer")
int bad_helper_arg(struct xdp_md *ctx)
{
	__u32 key = 0;
	__u32 *v = bpf_map_lookup_elem((void *)ctx, &key);

	return v ? XDP_DROP : XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
