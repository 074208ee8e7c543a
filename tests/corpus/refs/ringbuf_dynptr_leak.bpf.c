// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: a ringbuf dynptr holds a reference from bpf_ringbuf_reserve_dynptr until it is
 * submitted or discarded; here one path returns without releasing it. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "bpfverify_test.h"

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} rb SEC(".maps");

SEC("tc")
__failure __msg("Unreleased reference id=2 alloc_insn=")
__description("ringbuf dynptr not released when the reservation failed")
int rb_dynptr_leak(struct __sk_buff *skb)
{
	struct bpf_dynptr ptr;

	if (bpf_ringbuf_reserve_dynptr(&rb, 8, 0, &ptr))
		return 0;
	bpf_ringbuf_submit_dynptr(&ptr, 0);
	return 1;
}

char LICENSE[] SEC("license") = "GPL";
