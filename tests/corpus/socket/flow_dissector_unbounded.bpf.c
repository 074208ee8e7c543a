// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: flow_keys->nhoff is a u16, so data + nhoff + 20 may lie past the largest packet offset
 * the verifier tracks (0xffff); the data_end comparison then establishes no readable range and
 * the header load is refused. Bounding nhoff first is accepted (socket/sk_types_ok.bpf.c). */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "bpfverify_test.h"

SEC("flow_dissector")
__failure __msg("invalid access to packet, off=12 size=4")
__description("flow_dissector: u16 nhoff added to the packet pointer without an upper bound")
int flow_dissector_unbounded(struct __sk_buff *skb)
{
	struct bpf_flow_keys *keys = skb->flow_keys;
	void *data = (void *)(long)skb->data;
	void *data_end = (void *)(long)skb->data_end;
	struct iphdr *iph = data + keys->nhoff;

	if ((void *)(iph + 1) > data_end)
		return BPF_DROP;
	keys->ipv4_src = iph->saddr;
	return BPF_OK;
}

char LICENSE[] SEC("license") = "GPL";
