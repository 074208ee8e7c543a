// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: in cgroup/sock_create programs bpf_sk_storage_get takes the context as its socket
 * (bpf_sk_storage_get_cg_sock_proto), nothing else. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "bpfverify_test.h"

struct {
	__uint(type, BPF_MAP_TYPE_SK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, __u64);
} marks SEC(".maps");

SEC("cgroup/sock_create")
__failure __msg("R2 type=fp expected=ctx")
__description("cgroup/sock_create: bpf_sk_storage_get with a stack pointer as the socket")
int sk_storage_sock_create_not_ctx(struct bpf_sock *sk)
{
	__u64 buf[2] = {};
	__u64 *n;

	n = bpf_sk_storage_get(&marks, buf, 0, 0);
	return n ? 1 : 0;
}

char LICENSE[] SEC("license") = "GPL";
