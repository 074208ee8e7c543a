// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: a load through a hash map's pointer at a negative offset. Loads through a map
 * pointer read the map's kernel object (struct bpf_htab here) through the vmlinux BTF. */
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
__failure __msg("R1 is bpf_htab invalid negative access: off=-8")
__description("map_ptr read at a negative offset")
__naked int map_ptr_negative_read(void)
{
	asm volatile ("					\
	r1 = %[h] ll;					\
	r0 = *(u64 *)(r1 - 8);				\
	r0 = 0;						\
	exit;						\
"	:
	: __imm_addr(h)
	: __clobber_all);
}

char LICENSE[] SEC("license") = "GPL";
