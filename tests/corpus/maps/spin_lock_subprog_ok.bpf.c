// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Accepted: since 6.x a static subprogram may run under the lock, take it, or release it; the
 * held lock belongs to the whole verifier state, not to a frame. */
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include "bpfverify_test.h"

struct counter {
	struct bpf_spin_lock lock;
	__u64 n;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16);
	__type(key, __u32);
	__type(value, struct counter);
} locked SEC(".maps");

static __noinline int bump_and_unlock(struct counter *c)
{
	c->n++;
	bpf_spin_unlock(&c->lock);
	return 0;
}

static __noinline int take(struct counter *c)
{
	bpf_spin_lock(&c->lock);
	return 0;
}

SEC("tc")
__success __description("spin lock: taken in main, released by a static subprogram")
int unlock_in_subprog(struct __sk_buff *skb)
{
	__u32 k = 1;
	struct counter *c = bpf_map_lookup_elem(&locked, &k);

	if (!c)
		return TC_ACT_OK;
	bpf_spin_lock(&c->lock);
	return bump_and_unlock(c);
}

SEC("tc")
__success __description("spin lock: taken by a static subprogram, released in main")
int lock_in_subprog(struct __sk_buff *skb)
{
	__u32 k = 2;
	struct counter *c = bpf_map_lookup_elem(&locked, &k);

	if (!c)
		return TC_ACT_OK;
	take(c);
	c->n++;
	bpf_spin_unlock(&c->lock);
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
