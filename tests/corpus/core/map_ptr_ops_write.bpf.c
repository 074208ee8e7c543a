// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: a store through the ops pointer read from an array map's kernel object. The read
 * gives a BTF pointer to struct bpf_map_ops; cgroup_skb's verifier ops have no
 * btf_struct_access callback, so every write through a BTF pointer is refused. (In core/: CO-RE
 * moves the local ops member to the kernel's offset.) */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "corpus_asm.h"

struct bpf_map_ops;

struct bpf_map {
	const struct bpf_map_ops *ops;
} __attribute__((preserve_access_index));

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} a SEC(".maps");

SEC("cgroup_skb/ingress")
__failure __msg("only read is supported")
__description("map_ptr: write through the bpf_map_ops pointer")
int map_ptr_ops_write(struct __sk_buff *skb)
{
	struct bpf_map *m = (void *)&a;

	*(volatile __u64 *)m->ops = 0;
	return 1;
}

char LICENSE[] SEC("license") = "GPL";
