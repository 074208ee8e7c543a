// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: a cgroup_skb ingress program must return 0 or 1. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "bpfverify_test.h"

SEC("cgroup_skb/ingress")
__failure __msg("At program exit the register R0 has smin=7 smax=7 should have been in [0, 1]")
__description("cgroup_skb: returns 7, outside the allowed [0, 1]")
int cg_bad_ret(struct __sk_buff *skb)
{
	return skb->len ? 7 : 1;
}

char LICENSE[] SEC("license") = "GPL";
