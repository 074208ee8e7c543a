// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: a helper call while a bpf_spin_lock is held. */
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include "bpfverify_test.h"

struct stamp {
	struct bpf_spin_lock lock;
	__u64 ns;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct stamp);
} locked SEC(".maps");

SEC("tc")
__failure __msg("function calls are not allowed while holding a lock")
__description("spin lock: bpf_ktime_get_ns called inside the critical section")
int spin_lock_helper_call(struct __sk_buff *skb)
{
	__u32 zero = 0;
	struct stamp *s = bpf_map_lookup_elem(&locked, &zero);

	if (!s)
		return TC_ACT_OK;
	bpf_spin_lock(&s->lock);
	s->ns = bpf_ktime_get_ns();
	bpf_spin_unlock(&s->lock);
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
