// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: bpf_redirect exists, but not for socket filters. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "bpfverify_test.h"

SEC("socket")
__failure __msg("program of this type cannot use helper bpf_redirect#23")
__description("socket filter: calls a helper this program type may not use")
int sock_redirect(struct __sk_buff *skb)
{
	return bpf_redirect(skb->ifindex, 0);
}

char LICENSE[] SEC("license") = "GPL";
