// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: an atomic add on the lock word (atomics are loads and stores of the field too). */
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include "bpfverify_test.h"

struct counter {
	struct bpf_spin_lock lock;
	__u32 pad;
	__u64 n;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16);
	__type(key, __u32);
	__type(value, struct counter);
} locked SEC(".maps");

SEC("tc")
__failure __msg("bpf_spin_lock cannot be accessed directly by load/store")
__description("spin lock: atomic add on the lock word, after one on a plain field")
int spin_lock_atomic(struct __sk_buff *skb)
{
	__u32 k = 1;
	struct counter *c = bpf_map_lookup_elem(&locked, &k);

	if (!c)
		return TC_ACT_OK;
	__sync_fetch_and_add(&c->n, 1);
	__sync_fetch_and_add((__u32 *)&c->lock, 1);
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
