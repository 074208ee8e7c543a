// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Accepted uses of the common map kinds from one tc program each: hash, array, per-CPU array,
 * per-CPU hash, LRU hash, LRU per-CPU hash; lookups are NULL-checked, updates use stack keys. */
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include "bpfverify_test.h"

struct flow {
	__u32 ifindex;
	__u32 mark;
};

struct stats {
	__u64 packets;
	__u64 bytes;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, struct flow);
	__type(value, struct stats);
} flows SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 16);
	__type(key, __u32);
	__type(value, struct stats);
} by_queue SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct stats);
} total SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__uint(max_entries, 256);
	__type(key, __u32);
	__type(value, __u64);
} by_mark SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 128);
	__type(key, __u32);
	__type(value, __u64);
} last_seen SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LRU_PERCPU_HASH);
	__uint(max_entries, 128);
	__type(key, __u32);
	__type(value, __u32);
} lru_pcpu SEC(".maps");

SEC("tc")
__success __description("hash map: lookup, insert on miss with BPF_NOEXIST, atomic adds")
int map_hash(struct __sk_buff *skb)
{
	struct flow key = { .ifindex = skb->ifindex, .mark = skb->mark };
	struct stats *s, init = { 1, skb->len };

	s = bpf_map_lookup_elem(&flows, &key);
	if (!s) {
		bpf_map_update_elem(&flows, &key, &init, BPF_NOEXIST);
		return TC_ACT_OK;
	}
	__sync_fetch_and_add(&s->packets, 1);
	__sync_fetch_and_add(&s->bytes, skb->len);
	if (s->packets > 1000000)
		bpf_map_delete_elem(&flows, &key);
	return TC_ACT_OK;
}

SEC("tc")
__success __description("array map: index masked into range, value fields updated")
int map_array(struct __sk_buff *skb)
{
	__u32 q = skb->queue_mapping & 15;
	struct stats *s = bpf_map_lookup_elem(&by_queue, &q);

	if (s) {
		s->packets++;
		s->bytes += skb->len;
	}
	return TC_ACT_OK;
}

SEC("tc")
__success __description("per-CPU array and per-CPU hash: plain (non-atomic) increments")
int map_percpu(struct __sk_buff *skb)
{
	__u32 zero = 0, mark = skb->mark;
	struct stats *t = bpf_map_lookup_elem(&total, &zero);
	__u64 *m, one = 1;

	if (t) {
		t->packets++;
		t->bytes += skb->len;
	}
	m = bpf_map_lookup_elem(&by_mark, &mark);
	if (m)
		*m += 1;
	else
		bpf_map_update_elem(&by_mark, &mark, &one, BPF_ANY);
	return TC_ACT_OK;
}

SEC("tc")
__success __description("LRU hash and LRU per-CPU hash: update always succeeds by evicting")
int map_lru(struct __sk_buff *skb)
{
	__u32 key = skb->hash;
	__u64 now = bpf_ktime_get_ns();
	__u32 *c;

	bpf_map_update_elem(&last_seen, &key, &now, BPF_ANY);
	c = bpf_map_lookup_elem(&lru_pcpu, &key);
	if (c)
		(*c)++;
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
