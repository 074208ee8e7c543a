// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: a global function is verified on its own, so it may not be called under a lock. */
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include "bpfverify_test.h"

struct counter {
	struct bpf_spin_lock lock;
	__u64 n;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16);
	__type(key, __u32);
	__type(value, struct counter);
} locked SEC(".maps");

__noinline int scale(int x)
{
	return x * 2 + 1;
}

SEC("tc")
__failure __msg("global function calls are not allowed while holding a lock,")
__description("spin lock: global function called inside the critical section")
int spin_lock_global_call(struct __sk_buff *skb)
{
	__u32 k = 1;
	struct counter *c = bpf_map_lookup_elem(&locked, &k);
	int r;

	if (!c)
		return TC_ACT_OK;
	bpf_spin_lock(&c->lock);
	r = scale(skb->len);
	c->n += r;
	bpf_spin_unlock(&c->lock);
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
