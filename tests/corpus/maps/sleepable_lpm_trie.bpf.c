// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected before verification: a sleepable program (SEC("syscall") loads with
 * BPF_F_SLEEPABLE) may use array, hash, ring buffer, queue/stack and local storage maps only;
 * an LPM trie is refused where the program names it, even on a path never taken. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "bpfverify_test.h"

struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__uint(max_entries, 16);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, __u64);
	__type(value, __u32);
} trie SEC(".maps");

SEC("syscall")
__failure __msg("Sleepable programs can only use array, hash, ringbuf and local storage maps")
__description("syscall (sleepable): LPM trie lookup")
int sleepable_lpm_trie(void *ctx)
{
	__u64 key = 0x2000000000000000ULL;
	__u32 *v = bpf_map_lookup_elem(&trie, &key);

	return v ? *v : 0;
}

char LICENSE[] SEC("license") = "GPL";
