// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: a callback's context must live on the stack (ARG_PTR_TO_STACK_OR_NULL): a map value
 * pointer is refused at the call. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "bpfverify_test.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} totals SEC(".maps");

static int add_one(__u32 i, __u64 *total)
{
	*total += 1;
	return 0;
}

SEC("xdp")
__failure __msg("R3 type=map_value expected=fp")
__description("bpf_loop with a map value as the callback context")
int bpf_loop_ctx_map_value(struct xdp_md *ctx)
{
	__u32 key = 0;
	__u64 *total = bpf_map_lookup_elem(&totals, &key);

	if (!total)
		return XDP_PASS;
	bpf_loop(4, add_one, total, 0);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
