// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected by check_subprogs: the program's last instruction is neither exit nor goto, so
 * execution would run off its end. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "corpus_asm.h"

SEC("socket")
__failure __msg("last insn is not an exit or jmp")
__description("no exit: the program falls off its last instruction")
__naked int cfg_no_exit(void)
{
	asm volatile ("					\
	r0 = 0;						\
	r0 += 1;					\
"	::: __clobber_all);
}

char LICENSE[] SEC("license") = "GPL";
