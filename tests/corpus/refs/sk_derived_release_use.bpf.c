// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: releasing the bpf_tcp_sock pointer releases the socket it was derived from, so the
 * socket pointer is dead afterwards. */
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include "bpfverify_test.h"

SEC("tc")
__failure __msg("invalid mem access 'scalar'")
__description("socket read after bpf_sk_release of its bpf_tcp_sock pointer")
int sk_derived_release_use(struct __sk_buff *skb)
{
	struct bpf_sock_tuple tuple = {};
	struct bpf_tcp_sock *tp;
	struct bpf_sock *sk;

	sk = bpf_skc_lookup_tcp(skb, &tuple, sizeof(tuple.ipv4), BPF_F_CURRENT_NETNS, 0);
	if (!sk)
		return TC_ACT_OK;
	tp = bpf_tcp_sock(sk);
	if (!tp) {
		bpf_sk_release(sk);
		return TC_ACT_OK;
	}
	bpf_sk_release(tp);
	return sk->family == 2 ? TC_ACT_SHOT : TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
