// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: a bpf_dynptr_data slice of a ringbuf dynptr goes with its reference; once the
 * record is submitted the slice is no longer a pointer. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "bpfverify_test.h"

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} rb SEC(".maps");

SEC("tc")
__failure __msg("invalid mem access 'scalar'")
__description("ringbuf dynptr slice written after bpf_ringbuf_submit_dynptr")
int rb_slice_after_submit(struct __sk_buff *skb)
{
	struct bpf_dynptr ptr;
	__u32 *p;

	bpf_ringbuf_reserve_dynptr(&rb, 8, 0, &ptr);
	p = bpf_dynptr_data(&ptr, 0, 8);
	bpf_ringbuf_submit_dynptr(&ptr, 0);
	if (p)
		*p = 1;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
