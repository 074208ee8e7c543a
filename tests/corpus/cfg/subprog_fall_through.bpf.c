// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected by check_subprogs: a called function ends with a conditional jump, so it could fall
 * off its end (into whatever follows it). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "corpus_asm.h"

SEC("socket")
__failure __msg("last insn is not an exit or jmp")
__description("called function whose last instruction is a conditional jump")
__naked int cfg_subprog_fall_through(void)
{
	asm volatile ("					\
	call l_sub_%=;					\
	exit;						\
l_sub_%=:						\
	r0 = 1;						\
l_loop_%=:						\
	r0 += 1;					\
	if r0 < 10 goto l_loop_%=;			\
"	::: __clobber_all);
}

char LICENSE[] SEC("license") = "GPL";
