// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: a reference acquired in a bpf_loop callback belongs to the program's state like any
 * other; 6.18 reports it at the main program's exit. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "bpfverify_test.h"

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} events SEC(".maps");

static long reserve_and_forget(__u64 i, void *ctx)
{
	void *rec = bpf_ringbuf_reserve(&events, 8, 0);

	(void)rec;
	return 0;
}

SEC("tc")
__failure __msg("Unreleased reference id=2 alloc_insn=12")
__msg("BPF_EXIT instruction in main prog would lead to reference leak")
__description("ringbuf record reserved in a bpf_loop callback, never submitted")
int callback_ref_leak(struct __sk_buff *skb)
{
	bpf_loop(2, reserve_and_forget, 0, 0);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
