// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Accepted bpf_timer use without a callback: init against the timer's own map, start, cancel;
 * a spin lock and a timer in one value, the lock taken around plain fields only. */
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include "bpfverify_test.h"

#define CLOCK_MONOTONIC 1

struct elem {
	struct bpf_spin_lock lock;
	__u32 armed;
	struct bpf_timer t;
	__u64 deadline;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16);
	__type(key, __u32);
	__type(value, struct elem);
} timers SEC(".maps");

SEC("tc")
__success __description("timer: init, start and cancel; lock around the other fields")
int timer_arm(struct __sk_buff *skb)
{
	__u32 key = skb->mark & 15;
	struct elem *e = bpf_map_lookup_elem(&timers, &key);

	if (!e)
		return TC_ACT_OK;
	if (bpf_timer_init(&e->t, &timers, CLOCK_MONOTONIC))
		return TC_ACT_OK;
	bpf_spin_lock(&e->lock);
	e->armed = 1;
	e->deadline += 1000;
	bpf_spin_unlock(&e->lock);
	bpf_timer_start(&e->t, 1000000, 0);
	if (skb->len > 1500)
		bpf_timer_cancel(&e->t);
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
