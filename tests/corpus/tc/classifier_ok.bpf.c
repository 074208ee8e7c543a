// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Accepted tc (sched_cls) programs under both section spellings libbpf knows: direct packet access,
 * writes to the fields tc may write (mark, tc_index, cb), narrow ctx loads, checksum-fixing helpers,
 * and bpf_skb_pull_data followed by fresh packet pointers. */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "bpfverify_test.h"

#define IP_TTL_OFF (ETH_HLEN + __builtin_offsetof(struct iphdr, ttl))
#define IP_CSUM_OFF (ETH_HLEN + __builtin_offsetof(struct iphdr, check))

SEC("tc")
__success __description("tc: mark IPv4 packets, decrement TTL with bpf_skb_store_bytes + bpf_l3_csum_replace")
int tc_ttl_dec(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	void *data_end = (void *)(long)skb->data_end;
	struct ethhdr *eth = data;
	struct iphdr *iph = data + ETH_HLEN;
	__u16 old, new;
	__u8 ttl;

	if ((void *)(iph + 1) > data_end)
		return TC_ACT_OK;
	if (eth->h_proto != bpf_htons(ETH_P_IP))
		return TC_ACT_OK;
	ttl = iph->ttl;
	if (ttl <= 1)
		return TC_ACT_SHOT;

	skb->mark = 0x2a;
	skb->tc_index = 1;
	skb->cb[0] = ttl;

	old = bpf_htons((__u16)ttl << 8);
	new = bpf_htons((__u16)(ttl - 1) << 8);
	ttl--;
	/* after these helpers every packet pointer above is invalid: none is used again */
	if (bpf_skb_store_bytes(skb, IP_TTL_OFF, &ttl, sizeof(ttl), 0))
		return TC_ACT_SHOT;
	bpf_l3_csum_replace(skb, IP_CSUM_OFF, old, new, sizeof(__u16));
	return TC_ACT_OK;
}

SEC("classifier")
__success __description("tc (legacy 'classifier' section): narrow ctx loads and skb fields")
int tc_classify(struct __sk_buff *skb)
{
	__u8 proto_lo = *(volatile __u8 *)&skb->protocol;	/* 1-byte load of a 4-byte field */
	__u16 queue = *(volatile __u16 *)&skb->queue_mapping;

	if (skb->len > 1500 && skb->vlan_present)
		return TC_ACT_SHOT;
	if (skb->pkt_type == 0 && proto_lo == 0x08)
		skb->priority = queue & 7;
	return TC_ACT_OK;
}

SEC("tc")
__success __description("tc: bpf_skb_pull_data, then packet pointers loaded again and checked")
int tc_pull(struct __sk_buff *skb)
{
	void *data, *data_end;
	struct iphdr *iph;

	if (bpf_skb_pull_data(skb, ETH_HLEN + sizeof(struct iphdr)))
		return TC_ACT_OK;
	data = (void *)(long)skb->data;
	data_end = (void *)(long)skb->data_end;
	iph = data + ETH_HLEN;
	if ((void *)(iph + 1) > data_end)
		return TC_ACT_OK;
	return iph->protocol == IPPROTO_ICMP ? TC_ACT_SHOT : TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
