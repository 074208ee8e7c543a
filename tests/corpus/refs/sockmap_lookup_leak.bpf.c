// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: a lookup in a sockmap acquires a socket reference like bpf_sk_lookup_tcp does. */
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include "bpfverify_test.h"

struct {
	__uint(type, BPF_MAP_TYPE_SOCKMAP);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} socks SEC(".maps");

SEC("tc")
__failure __msg("Unreleased reference id=2")
__msg("BPF_EXIT instruction in main prog would lead to reference leak")
__description("sockmap lookup from tc: the socket's family read, never released")
int sockmap_lookup_leak(struct __sk_buff *skb)
{
	struct bpf_sock *sk;
	__u32 key = 0;

	sk = bpf_map_lookup_elem(&socks, &key);
	if (!sk)
		return TC_ACT_OK;
	return sk->family == 10 ? TC_ACT_SHOT : TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
