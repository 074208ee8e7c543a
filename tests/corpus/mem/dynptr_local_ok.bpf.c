// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Accepted: a local dynptr made by bpf_dynptr_from_mem over a map value, then read from and
 * written through with bpf_dynptr_read / bpf_dynptr_write. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "bpfverify_test.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, char[64]);
} bufs SEC(".maps");

char out[8];

SEC("tc")
__success __description("bpf_dynptr_from_mem over a map value, read and write through it")
int dynptr_local(struct __sk_buff *skb)
{
	struct bpf_dynptr ptr;
	char tmp[8] = { 0 };
	__u32 key = 0;
	char *v;

	v = bpf_map_lookup_elem(&bufs, &key);
	if (!v)
		return 0;
	bpf_dynptr_from_mem(v, 64, 0, &ptr);
	if (bpf_dynptr_read(tmp, sizeof(tmp), &ptr, 8, 0))
		return 0;
	bpf_dynptr_write(&ptr, 16, tmp, sizeof(tmp), 0);
	__builtin_memcpy(out, tmp, sizeof(tmp));
	return 1;
}

char LICENSE[] SEC("license") = "GPL";
