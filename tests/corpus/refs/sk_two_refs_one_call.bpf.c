// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: a helper call may take at most one referenced pointer (a socket and a ringbuf
 * record here). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "corpus_asm.h"

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} rb SEC(".maps");

SEC("tc")
__failure __msg("more than one arg with ref_obj_id R2 2 4")
__description("bpf_tcp_check_syncookie with a looked-up socket and a ringbuf record")
__naked void sk_two_refs_one_call(void)
{
	asm volatile ("r9 = r1; r1 = %[rb] ll; r2 = 64; r3 = 0; call %[bpf_ringbuf_reserve];"
		"if r0 != 0 goto 1f; exit;"
		"1: r7 = r0; r1 = r9;"
		"r2 = 0; *(u64 *)(r10 -8) = r2; *(u64 *)(r10 -16) = r2; *(u64 *)(r10 -24) = r2;"
		"*(u64 *)(r10 -32) = r2; *(u64 *)(r10 -40) = r2; *(u64 *)(r10 -48) = r2;"
		"r2 = r10; r2 += -48; r3 = 36; r4 = 0; r5 = 0; call %[bpf_sk_lookup_tcp];"
		"if r0 != 0 goto 2f; r1 = r7; r2 = 0; call %[bpf_ringbuf_discard]; r0 = 0; exit;"
		"2: r6 = r0; r1 = r6; r2 = r7; r3 = 20; r4 = r7; r5 = 20;"
		"call %[bpf_tcp_check_syncookie];"
		"r1 = r6; call %[bpf_sk_release]; r1 = r7; r2 = 0; call %[bpf_ringbuf_discard];"
		"r0 = 0; exit;"
		:: __imm(bpf_sk_lookup_tcp), __imm(bpf_ringbuf_reserve), __imm(bpf_ringbuf_discard),
		   __imm(bpf_tcp_check_syncookie), __imm(bpf_sk_release), __imm_addr(rb)
		: __clobber_all);
}

char LICENSE[] SEC("license") = "GPL";
