// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: a load through a hash map's pointer past the end of its kernel object (struct
 * bpf_htab of the vmlinux BTF, which has no flexible array at its end). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "corpus_asm.h"

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} h SEC(".maps");

SEC("socket")
__failure __msg("access beyond struct bpf_htab at off 30000 size 8")
__description("map_ptr read past the end of struct bpf_htab")
__naked int map_ptr_beyond_struct(void)
{
	asm volatile ("					\
	r1 = %[h] ll;					\
	r0 = *(u64 *)(r1 + 30000);			\
	r0 = 0;						\
	exit;						\
"	:
	: __imm_addr(h)
	: __clobber_all);
}

char LICENSE[] SEC("license") = "GPL";
