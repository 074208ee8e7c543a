// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: an ARRAY lookup with a constant key spilled on the stack is non-NULL only when the key
 * is below max_entries, so the verifier relies on the spilled value (get_constant_map_key() marks
 * the slot precise) and the path that reaches the same lookup with key 9 is not pruned by the
 * checkpoint of the path with key 2: its result is map_value_or_null, read without a NULL check. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "corpus_asm.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} arr SEC(".maps");

SEC("socket")
__failure __msg("R0 invalid mem access 'map_value_or_null'")
__description("array map, constant key 2 or 9 spilled at fp-8: the key 9 path is not pruned")
__naked int array_const_key_pruned(void)
{
	asm volatile ("					\
	call %[bpf_get_prandom_u32];			\
	r6 = r0;					\
	r3 = 0;						\
	r4 = 0;						\
	r5 = 0;						\
	r7 = 0;						\
	r8 = 0;						\
	r1 = 2;						\
	*(u32 *)(r10 - 8) = r1;				\
	if r6 != 0 goto l_nine_%=;			\
	goto l_lookup_%=;				\
l_nine_%=:						\
	r1 = 9;						\
	*(u32 *)(r10 - 8) = r1;				\
l_lookup_%=:						\
	r2 = r10;					\
	r2 += -8;					\
	r1 = %[arr] ll;					\
	call %[bpf_map_lookup_elem];			\
	r0 = *(u64 *)(r0 + 0);				\
	r0 = 0;						\
	exit;						\
"	:
	: __imm(bpf_map_lookup_elem), __imm(bpf_get_prandom_u32), __imm_addr(arr)
	: __clobber_all);
}

char LICENSE[] SEC("license") = "GPL";
