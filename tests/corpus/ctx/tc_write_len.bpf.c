// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: __sk_buff->len is read-only for tc programs (only mark, priority, tc_index, cb[],
 * tc_classid, queue_mapping and a few more may be written). */
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include "bpfverify_test.h"

SEC("tc")
__failure __msg("invalid bpf_context access off=0 size=4")
__description("tc: store to the read-only skb->len")
int tc_write_len(struct __sk_buff *skb)
{
	skb->len = 64;
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
