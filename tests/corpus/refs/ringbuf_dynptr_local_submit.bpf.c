// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: bpf_ringbuf_submit_dynptr releases a ringbuf dynptr; a local dynptr (from
 * bpf_dynptr_from_mem) holds no reference to release. */
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
__failure __msg("arg 1 is an unacquired reference")
__description("bpf_ringbuf_submit_dynptr on a local dynptr")
int rb_dynptr_local_submit(struct __sk_buff *skb)
{
	struct bpf_dynptr ptr;
	__u32 key = 0;
	char *v;

	v = bpf_map_lookup_elem(&bufs, &key);
	if (!v)
		return 0;
	bpf_dynptr_from_mem(v, 64, 0, &ptr);
	bpf_ringbuf_submit_dynptr(&ptr, 0);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
