// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: pointer arithmetic on the lookup result before the NULL check (clang would move the
 * add after the check, hence assembly). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "corpus_asm.h"

struct {
	__uint(type, BPF_MAP_TYPE_HASH);	/* not an array: see maps/array_const_key_ok.bpf.c */
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64[4]);
} hmap SEC(".maps");

SEC("socket")
__failure __msg("R0 pointer arithmetic on map_value_or_null prohibited, null-check it first")
__description("add to a map_value_or_null pointer, then NULL-check it")
__naked int null_ptr_arith(void)
{
	asm volatile ("					\
	r1 = 0;						\
	*(u32 *)(r10 - 4) = r1;				\
	r2 = r10;					\
	r2 += -4;					\
	r1 = %[hmap] ll;					\
	call %[bpf_map_lookup_elem];			\
	r0 += 8;					\
	if r0 == 0 goto out;				\
	r0 = *(u64 *)(r0 + 0);				\
out:	exit;						\
"	:
	: __imm(bpf_map_lookup_elem), __imm_addr(hmap)
	: __clobber_all);
}

char LICENSE[] SEC("license") = "GPL";
