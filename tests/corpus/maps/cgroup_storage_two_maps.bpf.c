// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected before verification: a program may use one cgroup storage map of each kind (shared,
 * per-CPU); this one names two shared ones. The kernel refuses the second while it resolves the
 * program's map references (bpf_cgroup_storage_assign), whichever path reaches it. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "bpfverify_test.h"

struct {
	__uint(type, BPF_MAP_TYPE_CGROUP_STORAGE);
	__type(key, struct bpf_cgroup_storage_key);
	__type(value, __u64);
} first SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_CGROUP_STORAGE);
	__type(key, struct bpf_cgroup_storage_key);
	__type(value, __u64);
} second SEC(".maps");

SEC("cgroup_skb/egress")
__failure __msg("only one cgroup storage of each type is allowed")
__description("cgroup_skb: two shared cgroup storage maps")
int cgroup_storage_two_maps(struct __sk_buff *skb)
{
	__u64 *a = bpf_get_local_storage(&first, 0);
	__u64 *b = bpf_get_local_storage(&second, 0);

	*a += 1;
	*b += skb->len;
	return 1;
}

char LICENSE[] SEC("license") = "GPL";
