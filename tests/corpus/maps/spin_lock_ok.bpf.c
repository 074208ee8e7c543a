// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Accepted bpf_spin_lock use: the lock lives in a map value (hash and array), is taken and
 * released on every path, with no helper calls in between. */
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include "bpfverify_test.h"

struct counter {
	struct bpf_spin_lock lock;
	__u64 packets;
	__u64 bytes;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, __u32);
	__type(value, struct counter);
} locked_hash SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct counter);
} locked_arr SEC(".maps");

SEC("tc")
__success __description("spin lock in a hash map value: lock, update two fields, unlock")
int lock_hash(struct __sk_buff *skb)
{
	__u32 key = skb->ifindex;
	struct counter *c = bpf_map_lookup_elem(&locked_hash, &key);
	__u32 len = skb->len;

	if (!c)
		return TC_ACT_OK;
	bpf_spin_lock(&c->lock);
	c->packets++;
	c->bytes += len;
	bpf_spin_unlock(&c->lock);
	return TC_ACT_OK;
}

SEC("tc")
__success __description("spin lock in an array value: conditional work inside the critical section")
int lock_array(struct __sk_buff *skb)
{
	__u32 zero = 0, len = skb->len;
	struct counter *c = bpf_map_lookup_elem(&locked_arr, &zero);
	int drop = 0;

	if (!c)
		return TC_ACT_OK;
	bpf_spin_lock(&c->lock);
	if (c->bytes + len > 1000000)
		drop = 1;
	else
		c->bytes += len;
	bpf_spin_unlock(&c->lock);
	return drop ? TC_ACT_SHOT : TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
