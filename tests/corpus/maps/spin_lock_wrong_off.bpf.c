// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: bpf_spin_lock is handed a pointer into the value that is not its lock. */
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include "bpfverify_test.h"

struct counter {
	__u64 n;
	struct bpf_spin_lock lock;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct counter);
} locked SEC(".maps");

SEC("tc")
__failure __msg("off 0 doesn't point to 'struct bpf_spin_lock' that is at 8")
__description("spin lock: the counter's address passed as the lock")
int spin_lock_wrong_off(struct __sk_buff *skb)
{
	__u32 zero = 0;
	struct counter *c = bpf_map_lookup_elem(&locked, &zero);

	if (!c)
		return TC_ACT_OK;
	bpf_spin_lock((struct bpf_spin_lock *)&c->n);
	c->n++;
	bpf_spin_unlock(&c->lock);
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
