// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: the program reads the bpf_spin_lock word of a map value with a plain load. */
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include "bpfverify_test.h"

struct counter {
	__u64 n;
	struct bpf_spin_lock lock;
	__u32 pad;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct counter);
} locked SEC(".maps");

SEC("tc")
__failure __msg("bpf_spin_lock cannot be accessed directly by load/store")
__description("spin lock: the lock word is read like data")
int spin_lock_direct_load(struct __sk_buff *skb)
{
	__u32 zero = 0;
	struct counter *c = bpf_map_lookup_elem(&locked, &zero);

	if (!c)
		return TC_ACT_OK;
	return *(volatile __u32 *)&c->lock ? TC_ACT_SHOT : TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
