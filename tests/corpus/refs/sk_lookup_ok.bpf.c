// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Accepted socket lookups: the acquired reference is released on every path, including the one
 * that reads socket fields first. */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/tcp.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "bpfverify_test.h"

SEC("tc")
__success __description("bpf_sk_lookup_tcp on the packet's 4-tuple, fields read, bpf_sk_release")
int sk_lookup_release(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	void *data_end = (void *)(long)skb->data_end;
	struct ethhdr *eth = data;
	struct iphdr *iph = (void *)(eth + 1);
	struct tcphdr *th = (void *)(iph + 1);
	struct bpf_sock_tuple tuple = {};
	struct bpf_sock *sk;
	int verdict = TC_ACT_OK;

	if ((void *)(th + 1) > data_end)
		return TC_ACT_OK;
	if (eth->h_proto != bpf_htons(ETH_P_IP) || iph->ihl != 5)
		return TC_ACT_OK;
	tuple.ipv4.saddr = iph->saddr;
	tuple.ipv4.daddr = iph->daddr;
	tuple.ipv4.sport = th->source;
	tuple.ipv4.dport = th->dest;

	sk = bpf_sk_lookup_tcp(skb, &tuple, sizeof(tuple.ipv4), BPF_F_CURRENT_NETNS, 0);
	if (!sk)
		return TC_ACT_SHOT;
	if (sk->state == 10 /* TCP_LISTEN */ && sk->src_port == 22)
		verdict = TC_ACT_SHOT;
	bpf_sk_release(sk);
	return verdict;
}

SEC("tc")
__success __description("bpf_skc_lookup_tcp, then bpf_tcp_sock on the result, one release")
int skc_lookup_release(struct __sk_buff *skb)
{
	struct bpf_sock_tuple tuple = {};
	struct bpf_sock *sk;
	struct bpf_tcp_sock *tp;
	int shot = 0;

	tuple.ipv4.dport = bpf_htons(80);
	sk = bpf_skc_lookup_tcp(skb, &tuple, sizeof(tuple.ipv4), BPF_F_CURRENT_NETNS, 0);
	if (!sk)
		return TC_ACT_OK;
	tp = bpf_tcp_sock(sk);
	if (tp && tp->snd_cwnd < 2)
		shot = 1;
	bpf_sk_release(sk);
	return shot ? TC_ACT_SHOT : TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
