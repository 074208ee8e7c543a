// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: a bpf_loop callback reserves a ringbuf record and never releases it. Linux 6.18 does
 * not check references at a callback's exit (they belong to the whole state): the leak is found
 * at the main program's exit. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "bpfverify_test.h"

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} events SEC(".maps");

static int reserve_only(__u32 i, void *data)
{
	bpf_ringbuf_reserve(&events, 8, 0);
	return 0;
}

SEC("xdp")
__failure __msg("Unreleased reference id=2 alloc_insn=12")
__description("bpf_loop callback leaks a ringbuf record")
int bpf_loop_cb_ref_leak(struct xdp_md *ctx)
{
	bpf_loop(4, reserve_only, NULL, 0);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
