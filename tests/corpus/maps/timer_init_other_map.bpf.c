// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: bpf_timer_init names a map other than the one holding the timer. */
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include "bpfverify_test.h"

#define CLOCK_MONOTONIC 1

struct elem {
	struct bpf_timer t;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct elem);
} timers SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, struct elem);
} other SEC(".maps");

SEC("tc")
__failure __msg("timer pointer in R1 map_uid=0 doesn't match map pointer in R2 map_uid=0")
__description("timer: bpf_timer_init with another map than the timer's")
int timer_init_other_map(struct __sk_buff *skb)
{
	__u32 zero = 0;
	struct elem *e = bpf_map_lookup_elem(&timers, &zero);

	if (!e)
		return TC_ACT_OK;
	bpf_timer_init(&e->t, &other, CLOCK_MONOTONIC);
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
