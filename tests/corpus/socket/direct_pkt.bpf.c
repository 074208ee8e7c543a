// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: socket filters may not read __sk_buff->data (no direct packet access for this type). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "bpfverify_test.h"

SEC("socket")
__failure __msg("invalid bpf_context access off=80 size=4")
__description("socket filter: direct packet access is not allowed for this program type")
int sock_direct_pkt(struct __sk_buff *skb)
{
	unsigned char *data = (void *)(long)skb->data;
	unsigned char *data_end = (void *)(long)skb->data_end;

	if (data + 1 > data_end)
		return 0;
	return data[0];
}

char LICENSE[] SEC("license") = "GPL";
