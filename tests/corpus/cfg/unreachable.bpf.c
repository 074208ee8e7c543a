// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected by check_cfg: instructions after the exit that no jump reaches. The kernel names the
 * first of them. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "corpus_asm.h"

SEC("socket")
__failure __msg("unreachable insn 2")
__description("dead code after exit: insns 2..3 can never run")
__naked int cfg_unreachable(void)
{
	asm volatile ("					\
	r0 = 0;						\
	exit;						\
	r0 = 1;						\
	exit;						\
"	::: __clobber_all);
}

char LICENSE[] SEC("license") = "GPL";
