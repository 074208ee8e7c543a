// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: a per-CPU array cannot hold a bpf_spin_lock, so BPF_MAP_CREATE refuses the value's
 * BTF; libbpf creates the map again without BTF, and the lock helper then finds no lock. */
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include "bpfverify_test.h"

struct counter {
	struct bpf_spin_lock lock;
	__u32 n;
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct counter);
} pcpu_locked SEC(".maps");

SEC("tc")
__failure __msg("map 'pcpu_locked' has to have BTF in order to use bpf_spin_lock")
__description("spin lock: in a per-CPU array value (map created without BTF)")
int spin_lock_percpu_no_btf(struct __sk_buff *skb)
{
	__u32 zero = 0;
	struct counter *c = bpf_map_lookup_elem(&pcpu_locked, &zero);

	if (!c)
		return TC_ACT_OK;
	bpf_spin_lock(&c->lock);
	c->n++;
	bpf_spin_unlock(&c->lock);
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
