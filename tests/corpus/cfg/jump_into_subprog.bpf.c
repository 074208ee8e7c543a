// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected by check_subprogs: the main program jumps into the body of a function it also calls.
 * A call target starts a subprogram, and jumps may not cross subprogram boundaries. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "corpus_asm.h"

SEC("socket")
__failure __msg("jump out of range from insn 2 to 5")
__description("goto from the main program into the middle of a called function")
__naked int cfg_jump_into_subprog(void)
{
	asm volatile ("					\
	r0 = 0;						\
	call l_sub_%=;					\
	if r0 == 0 goto l_mid_%=;			\
	exit;						\
l_sub_%=:						\
	r0 = 1;						\
l_mid_%=:						\
	r0 += 1;					\
	exit;						\
"	::: __clobber_all);
}

char LICENSE[] SEC("license") = "GPL";
