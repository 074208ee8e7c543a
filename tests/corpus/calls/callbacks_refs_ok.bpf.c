// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Accepted: references and callbacks. A ringbuf record reserved before bpf_loop is held across
 * it and submitted after; a callback may use the record through its context; a callback may
 * reserve and discard a record of its own. (References belong to the whole verifier state in
 * 6.18, not to a frame.) */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "bpfverify_test.h"

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} events SEC(".maps");

struct rec_ctx {
	__u64 *rec;
};

static int nop(__u32 i, void *data)
{
	return 0;
}

static int fill(__u32 i, struct rec_ctx *c)
{
	if (c->rec)
		*c->rec = i;
	return 0;
}

static int reserve_discard(__u32 i, void *data)
{
	__u64 *rec = bpf_ringbuf_reserve(&events, sizeof(*rec), 0);

	if (rec)
		bpf_ringbuf_discard(rec, 0);
	return 0;
}

SEC("xdp")
__success __description("ringbuf record held across bpf_loop, submitted after it")
int ref_across_loop(struct xdp_md *ctx)
{
	__u64 *rec = bpf_ringbuf_reserve(&events, sizeof(*rec), 0);

	if (!rec)
		return XDP_PASS;
	bpf_loop(4, nop, NULL, 0);
	bpf_ringbuf_submit(rec, 0);
	return XDP_PASS;
}

SEC("xdp")
__success __description("bpf_loop callback writes the caller's ringbuf record through its context")
int ref_in_ctx(struct xdp_md *ctx)
{
	struct rec_ctx c;

	c.rec = bpf_ringbuf_reserve(&events, sizeof(*c.rec), 0);
	if (!c.rec)
		return XDP_PASS;
	bpf_loop(4, fill, &c, 0);
	bpf_ringbuf_submit(c.rec, 0);
	return XDP_PASS;
}

SEC("xdp")
__success __description("bpf_loop callback reserves and discards its own record")
int ref_in_callback(struct xdp_md *ctx)
{
	bpf_loop(4, reserve_discard, NULL, 0);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
