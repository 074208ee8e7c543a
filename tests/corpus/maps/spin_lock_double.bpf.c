// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: a second bpf_spin_lock while the first is held (the call itself is refused). */
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
__failure __msg("function calls are not allowed while holding a lock")
__description("spin lock: two elements locked one inside the other")
int spin_lock_double(struct __sk_buff *skb)
{
	__u32 k1 = 1, k2 = 2;
	struct counter *a = bpf_map_lookup_elem(&locked, &k1);
	struct counter *b = bpf_map_lookup_elem(&locked, &k2);

	if (!a || !b)
		return TC_ACT_OK;
	bpf_spin_lock(&a->lock);
	bpf_spin_lock(&b->lock);
	a->n++;
	b->n++;
	bpf_spin_unlock(&b->lock);
	bpf_spin_unlock(&a->lock);
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
