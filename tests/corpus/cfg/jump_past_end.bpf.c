// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected by check_subprogs: a conditional jump whose target lies past the last instruction. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "corpus_asm.h"

SEC("socket")
__failure __msg("jump out of range from insn 1 to 7")
__description("jump 5 instructions past the end of a 3-instruction program")
__naked int cfg_jump_past_end(void)
{
	asm volatile ("					\
	r0 = 0;						\
	if r1 == 0 goto +5;				\
	exit;						\
"	::: __clobber_all);
}

char LICENSE[] SEC("license") = "GPL";
