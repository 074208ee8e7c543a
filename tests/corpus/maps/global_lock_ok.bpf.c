// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Accepted: a bpf_spin_lock in global data (its own .data.A section, a one-element array whose
 * BTF value is the section's DATASEC) guards a counter of the same section. */
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include "bpfverify_test.h"

struct bpf_spin_lock glock SEC(".data.A");
__u64 gcount SEC(".data.A");

SEC("tc")
__success __description("spin lock in global data: lock, count, unlock")
int global_lock(struct __sk_buff *skb)
{
	bpf_spin_lock(&glock);
	gcount += skb->len;
	bpf_spin_unlock(&glock);
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
