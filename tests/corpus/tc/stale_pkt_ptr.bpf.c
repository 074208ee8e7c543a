// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: a packet pointer checked before bpf_skb_pull_data is used after it. Helpers that may
 * move packet data invalidate every packet pointer (they become unknown scalars). */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include "bpfverify_test.h"

SEC("tc")
__failure __msg("invalid mem access 'scalar'")
__description("tc: packet pointer used after bpf_skb_pull_data invalidated it")
int tc_stale_pkt_ptr(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	void *data_end = (void *)(long)skb->data_end;
	struct iphdr *iph = data + ETH_HLEN;

	if ((void *)(iph + 1) > data_end)
		return TC_ACT_OK;
	bpf_skb_pull_data(skb, 64);
	return iph->ttl == 1 ? TC_ACT_SHOT : TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
