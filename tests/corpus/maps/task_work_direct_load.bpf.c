// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: a bpf_task_work (new in 6.18, one per value like a timer) read like data. */
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include "bpfverify_test.h"

/* the uapi header of this machine predates it: the kernel's layout */
struct bpf_task_work {
	__u64 __opaque;
} __attribute__((aligned(8)));

struct work {
	struct bpf_task_work tw;
	__u64 queued;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct work);
} works SEC(".maps");

SEC("tc")
__failure __msg("bpf_task_work cannot be accessed directly by load/store")
__description("task work: its opaque word read with a plain load")
int task_work_direct_load(struct __sk_buff *skb)
{
	__u32 zero = 0;
	struct work *w = bpf_map_lookup_elem(&works, &zero);

	if (!w)
		return TC_ACT_OK;
	return *(volatile __u32 *)&w->tw ? TC_ACT_SHOT : TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
