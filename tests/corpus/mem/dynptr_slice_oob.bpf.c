// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: a bpf_dynptr_data slice is as long as the constant size asked for, 4 bytes here. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "bpfverify_test.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, char[64]);
} bufs SEC(".maps");

SEC("tc")
__failure __msg("invalid access to memory, mem_size=4 off=4 size=4")
__description("dynptr slice of 4 bytes written at offset 4")
int dynptr_slice_oob(struct __sk_buff *skb)
{
	struct bpf_dynptr ptr;
	__u32 key = 0, *p;
	char *v;

	v = bpf_map_lookup_elem(&bufs, &key);
	if (!v)
		return 0;
	bpf_dynptr_from_mem(v, 64, 0, &ptr);
	p = bpf_dynptr_data(&ptr, 0, 4);
	if (p)
		p[1] = 7;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
