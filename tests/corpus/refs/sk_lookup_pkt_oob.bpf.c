// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: the socket lookup helpers may read their tuple from the packet, but only from the
 * part a data_end comparison checked. */
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include "bpfverify_test.h"

SEC("tc")
__failure __msg("invalid access to packet, off=26 size=12, R2(id=0,off=26,r=30)")
__description("tc: bpf_sk_lookup_udp tuple runs 8 bytes past the checked packet")
int sk_lookup_pkt_oob(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	void *data_end = (void *)(long)skb->data_end;
	struct bpf_sock *sk;

	if (data + 30 > data_end)
		return TC_ACT_OK;
	sk = bpf_sk_lookup_udp(skb, data + 26, 12, BPF_F_CURRENT_NETNS, 0);
	if (sk)
		bpf_sk_release(sk);
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
