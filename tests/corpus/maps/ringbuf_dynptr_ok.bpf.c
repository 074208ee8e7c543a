// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Accepted: ringbuf records through dynptrs: reserved into a dynptr, written, then submitted or
 * discarded (the dynptr must be released even when the reservation failed). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "bpfverify_test.h"

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} rb SEC(".maps");

SEC("tc")
__success __description("bpf_ringbuf_reserve_dynptr, bpf_dynptr_write, bpf_ringbuf_submit_dynptr")
int rb_dynptr_submit(struct __sk_buff *skb)
{
	struct bpf_dynptr ptr;
	__u32 len = skb->len;

	bpf_ringbuf_reserve_dynptr(&rb, 8, 0, &ptr);
	bpf_dynptr_write(&ptr, 0, &len, sizeof(len), 0);
	bpf_ringbuf_submit_dynptr(&ptr, 0);
	return 0;
}

SEC("tc")
__success __description("bpf_ringbuf_reserve_dynptr failing: the dynptr is discarded")
int rb_dynptr_discard(struct __sk_buff *skb)
{
	struct bpf_dynptr ptr;

	if (bpf_ringbuf_reserve_dynptr(&rb, 8, 0, &ptr)) {
		bpf_ringbuf_discard_dynptr(&ptr, 0);
		return 0;
	}
	bpf_ringbuf_submit_dynptr(&ptr, 0);
	return 1;
}

SEC("tc")
__success __description("bpf_dynptr_data: a slice of the reserved record, written after a NULL check")
int rb_dynptr_slice(struct __sk_buff *skb)
{
	struct bpf_dynptr ptr;
	__u32 *p;

	bpf_ringbuf_reserve_dynptr(&rb, 8, 0, &ptr);
	p = bpf_dynptr_data(&ptr, 0, 8);
	if (p) {
		p[0] = skb->len;
		p[1] = skb->protocol;
	}
	bpf_ringbuf_submit_dynptr(&ptr, 0);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
