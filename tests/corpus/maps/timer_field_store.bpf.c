// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: a plain store over the bpf_timer of a map value. */
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include "bpfverify_test.h"

struct elem {
	__u64 hits;
	struct bpf_timer t;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct elem);
} timers SEC(".maps");

SEC("tc")
__failure __msg("bpf_timer cannot be accessed directly by load/store")
__description("timer: the timer's opaque words are cleared by hand")
int timer_field_store(struct __sk_buff *skb)
{
	__u32 zero = 0;
	struct elem *e = bpf_map_lookup_elem(&timers, &zero);

	if (!e)
		return TC_ACT_OK;
	e->hits++;
	*(volatile __u64 *)((char *)&e->t + 8) = 0;
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
