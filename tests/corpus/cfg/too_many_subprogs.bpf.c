// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected by add_subprog: 257 called functions plus the main program, one more than the
 * kernel's BPF_MAX_SUBPROGS (256). Each call targets a label of the same naked function, so the
 * object has a single ELF function and nothing but the kernel counts them. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "corpus_asm.h"

/* 4^4 = 256 labels s0000..s3333 by token pasting, plus s9 */
#define P0(M, p) M(p##0) M(p##1) M(p##2) M(p##3)
#define P1(M, p) P0(M, p##0) P0(M, p##1) P0(M, p##2) P0(M, p##3)
#define P2(M, p) P1(M, p##0) P1(M, p##1) P1(M, p##2) P1(M, p##3)
#define P3(M, p) P2(M, p##0) P2(M, p##1) P2(M, p##2) P2(M, p##3)
#define ALL(M) P3(M, s) M(s9)
#define CALL(n) "call " #n "_%=;"
#define BODY(n) #n "_%=: r0 = 0; exit;"

SEC("socket")
__failure __msg("too many subprograms")
__description("257 distinct call targets")
__naked int cfg_too_many_subprogs(void)
{
	asm volatile (ALL(CALL) "r0 = 0; exit;" ALL(BODY) ::: __clobber_all);
}

char LICENSE[] SEC("license") = "GPL";
