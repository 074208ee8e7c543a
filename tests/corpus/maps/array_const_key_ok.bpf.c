// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Accepted on recent kernels (6.18 here): a lookup in an ARRAY map whose key is a known constant
 * below max_entries cannot fail, so the verifier types the result as a non-NULL map value and it
 * may be used (and offset) without a NULL check. Older kernels reject both programs with
 * "pointer arithmetic on map_value_or_null prohibited".
 *
 * The kernel only recognises the key as constant when the stack slot holds a zero
 * (STACK_ZERO) or a spilled constant register whose spill size equals the key size, starting at
 * the 8-byte slot's base: see maps/array_const_key_misaligned.bpf.c for the case that is not. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "corpus_asm.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64[4]);
} arr SEC(".maps");

SEC("socket")
__success __description("array map, constant key 2 spilled as u32 at fp-8: result not NULL")
__naked int array_const_key_spill(void)
{
	asm volatile ("					\
	r1 = 2;						\
	*(u32 *)(r10 - 8) = r1;				\
	r2 = r10;					\
	r2 += -8;					\
	r1 = %[arr] ll;					\
	call %[bpf_map_lookup_elem];			\
	r0 += 8;					\
	r0 = *(u64 *)(r0 + 0);				\
	exit;						\
"	:
	: __imm(bpf_map_lookup_elem), __imm_addr(arr)
	: __clobber_all);
}

SEC("socket")
__success __description("array map, key 0 written as zero at fp-4 (STACK_ZERO): result not NULL")
__naked int array_const_key_zero(void)
{
	asm volatile ("					\
	r1 = 0;						\
	*(u32 *)(r10 - 4) = r1;				\
	r2 = r10;					\
	r2 += -4;					\
	r1 = %[arr] ll;					\
	call %[bpf_map_lookup_elem];			\
	r0 = *(u64 *)(r0 + 24);				\
	exit;						\
"	:
	: __imm(bpf_map_lookup_elem), __imm_addr(arr)
	: __clobber_all);
}

char LICENSE[] SEC("license") = "GPL";
