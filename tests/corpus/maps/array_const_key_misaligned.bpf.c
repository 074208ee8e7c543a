// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: the key is the constant 2 and the map an ARRAY with 4 entries, but clang stores the
 * u32 key at fp-4 (the upper half of an 8-byte slot); the kernel does not take that as a constant
 * key, so the lookup may return NULL and the unchecked dereference is refused. Compare
 * maps/array_const_key_ok.bpf.c. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "bpfverify_test.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} arr SEC(".maps");

SEC("xdp")
__failure __msg("invalid mem access 'map_value_or_null'")
__description("array map, constant non-zero key at fp-4: still map_value_or_null")
int array_const_key_misaligned(struct xdp_md *ctx)
{
	__u32 key = 2;
	__u64 *v = bpf_map_lookup_elem(&arr, &key);

	return *v ? XDP_PASS : XDP_DROP;
}

char LICENSE[] SEC("license") = "GPL";
