// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: the inner map returned by an array-of-maps lookup may be NULL and is passed to
 * bpf_map_lookup_elem unchecked. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "bpfverify_test.h"

struct inner {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u32);
} inner0 SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, 2);
	__type(key, __u32);
	__array(values, struct inner);
} outer SEC(".maps") = {
	.values = { [0] = &inner0 },
};

SEC("xdp")
__failure __msg("R1 type=map_value_or_null expected=map_ptr")
__description("array_of_maps: inner map pointer used without a NULL check")
int inner_map_no_null_check(struct xdp_md *ctx)
{
	__u32 k = 0;
	void *inner = bpf_map_lookup_elem(&outer, &k);
	__u32 *v = bpf_map_lookup_elem(inner, &k);

	return v ? *v : XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
