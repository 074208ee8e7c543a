// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: bpf_sk_storage_get needs a BPF_MAP_TYPE_SK_STORAGE map. */
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include "bpfverify_test.h"

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16);
	__type(key, int);
	__type(value, __u64);
} counts SEC(".maps");

SEC("tc")
__failure __msg("cannot pass map_type 1 into func bpf_sk_storage_get#107")
__description("tc: bpf_sk_storage_get on a hash map")
int sk_storage_wrong_map(struct __sk_buff *skb)
{
	struct bpf_sock *sk = skb->sk;
	__u64 *n;

	if (!sk)
		return TC_ACT_OK;
	n = bpf_sk_storage_get(&counts, sk, 0, 0);
	return n ? TC_ACT_SHOT : TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
