// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected by check_cfg: a jump lands on the second half of a 16-byte ld_imm64. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "corpus_asm.h"

SEC("socket")
__failure __msg("jump into the middle of ldimm64 insn 2")
__description("conditional jump to the second 8 bytes of a 64-bit immediate load")
__naked int cfg_ldimm64_middle(void)
{
	asm volatile ("					\
	r0 = 0;						\
	if r1 == 0 goto +1;				\
	r2 = 0x1122334455667788 ll;			\
	exit;						\
"	::: __clobber_all);
}

char LICENSE[] SEC("license") = "GPL";
