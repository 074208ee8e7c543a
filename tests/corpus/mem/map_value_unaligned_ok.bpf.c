// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Accepted: a 4-byte load at offset 2 of a map value. Only the stack is always checked for
 * alignment; other memory only under BPF_F_STRICT_ALIGNMENT, which libbpf does not set. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "corpus_asm.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} vals SEC(".maps");

SEC("socket")
__success
__description("unaligned map value load without strict alignment")
__naked int map_value_unaligned_ok(void)
{
	asm volatile ("					\
	r1 = 0;						\
	*(u32 *)(r10 - 4) = r1;				\
	r2 = r10;					\
	r2 += -4;					\
	r1 = %[vals] ll;				\
	call %[bpf_map_lookup_elem];			\
	if r0 == 0 goto l0_%=;				\
	r0 = *(u32 *)(r0 + 2);				\
l0_%=:	r0 = 0;						\
	exit;						\
"	:
	: __imm(bpf_map_lookup_elem), __imm_addr(vals)
	: __clobber_all);
}

char LICENSE[] SEC("license") = "GPL";
