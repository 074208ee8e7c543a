// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: the lock taken on one element is released through another element. */
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

SEC("tc")
__failure __msg("bpf_spin_unlock of different lock")
__description("spin lock: lock a, unlock b")
int spin_unlock_other(struct __sk_buff *skb)
{
	__u32 k1 = 1, k2 = 2;
	struct counter *a = bpf_map_lookup_elem(&locked, &k1);
	struct counter *b = bpf_map_lookup_elem(&locked, &k2);

	if (!a || !b)
		return TC_ACT_OK;
	bpf_spin_lock(&a->lock);
	a->n++;
	bpf_spin_unlock(&b->lock);
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
