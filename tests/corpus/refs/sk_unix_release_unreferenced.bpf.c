// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: bpf_skc_to_unix_sock is not one of the kernel's "cast" helpers, so its result does
 * not carry the socket's reference and cannot be released. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "corpus_asm.h"

SEC("tc")
__failure __msg("R1 must be referenced when passed to release function")
__description("bpf_sk_release of the bpf_skc_to_unix_sock result")
__naked void sk_unix_release_unreferenced(void)
{
	asm volatile (
		"r2 = 0; *(u64 *)(r10 -8) = r2; *(u64 *)(r10 -16) = r2; *(u64 *)(r10 -24) = r2;"
		"*(u64 *)(r10 -32) = r2; *(u64 *)(r10 -40) = r2; *(u64 *)(r10 -48) = r2;"
		"r2 = r10; r2 += -48; r3 = 36; r4 = 0; r5 = 0; call %[bpf_sk_lookup_tcp];"
		"if r0 != 0 goto 1f; exit;"
		"1: r6 = r0; r1 = r0; call %[bpf_skc_to_unix_sock];"
		"if r0 == 0 goto 2f; r1 = r0; call %[bpf_sk_release];"
		"2: r1 = r6; call %[bpf_sk_release]; r0 = 0; exit;"
		:: __imm(bpf_sk_lookup_tcp), __imm(bpf_skc_to_unix_sock), __imm(bpf_sk_release)
		: __clobber_all);
}

char LICENSE[] SEC("license") = "GPL";
