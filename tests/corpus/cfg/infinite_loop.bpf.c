// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: a loop no edge leaves. The structure alone proves it never ends; the kernel's path
 * search finds the same state at the loop head twice. (loops/infinite.bpf.c is the other kind:
 * a loop with an exit the state never takes.) */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "corpus_asm.h"

SEC("socket")
__failure __msg("infinite loop detected at insn 1")
__description("goto to itself after a test that leaves the state unchanged")
__naked int cfg_infinite_loop(void)
{
	asm volatile ("					\
	r0 = 0;						\
l0_%=:	r2 = 1;						\
	if r2 == 1 goto l0_%=;				\
	goto l0_%=;					\
"	::: __clobber_all);
}

char LICENSE[] SEC("license") = "GPL";
