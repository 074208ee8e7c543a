// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: a store through an array map's pointer: its kernel object is read-only. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "corpus_asm.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} a SEC(".maps");

SEC("socket")
__failure __msg("only read from bpf_array is supported")
__description("map_ptr write")
__naked int map_ptr_write(void)
{
	asm volatile ("					\
	r1 = %[a] ll;					\
	r2 = 0;						\
	*(u64 *)(r1 + 0) = r2;				\
	r0 = 0;						\
	exit;						\
"	:
	: __imm_addr(a)
	: __clobber_all);
}

char LICENSE[] SEC("license") = "GPL";
