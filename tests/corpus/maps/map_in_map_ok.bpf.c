// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Accepted map-in-map: an array of maps and a hash of maps, inner maps declared from a template
 * and one slot statically initialised; the inner map pointer is NULL-checked before use. */
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include "bpfverify_test.h"

struct inner {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 8);
	__type(key, __u32);
	__type(value, __u64);
} inner0 SEC(".maps"), inner1 SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, 4);
	__type(key, __u32);
	__array(values, struct inner);
} outer_arr SEC(".maps") = {
	.values = { [0] = &inner0, [1] = &inner1 },
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH_OF_MAPS);
	__uint(max_entries, 4);
	__type(key, __u32);
	__array(values, struct {
		__uint(type, BPF_MAP_TYPE_HASH);
		__uint(max_entries, 16);
		__type(key, __u32);
		__type(value, __u32);
	});
} outer_hash SEC(".maps");

SEC("tc")
__success __description("array_of_maps: outer lookup, NULL check, inner lookup, NULL check")
int mim_array(struct __sk_buff *skb)
{
	__u32 outer_key = skb->mark & 3, inner_key = skb->queue_mapping & 7;
	void *inner;
	__u64 *v;

	inner = bpf_map_lookup_elem(&outer_arr, &outer_key);
	if (!inner)
		return TC_ACT_OK;
	v = bpf_map_lookup_elem(inner, &inner_key);
	if (v)
		__sync_fetch_and_add(v, 1);
	return TC_ACT_OK;
}

SEC("tc")
__success __description("hash_of_maps: update an element of an inner hash map")
int mim_hash(struct __sk_buff *skb)
{
	__u32 k = skb->ifindex, val = skb->len;
	void *inner = bpf_map_lookup_elem(&outer_hash, &k);

	if (inner)
		bpf_map_update_elem(inner, &k, &val, BPF_ANY);
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
