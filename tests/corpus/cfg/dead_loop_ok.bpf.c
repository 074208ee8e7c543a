// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Accepted by the kernel: a loop without exit on a branch the verifier proves dead (r0 is 0, so
 * the jump to it is never taken and the path search never enters the loop). The structural
 * check cannot know the branch is dead and rejects the loop: a recorded divergence. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "corpus_asm.h"

SEC("socket")
__success __known_cfg_divergence("cfg.infinite_loop: the structural check rejects a loop without exit that only a dead branch reaches")
__description("a goto-itself loop behind a branch on a known constant")
__naked int cfg_dead_loop(void)
{
	asm volatile ("					\
	r0 = 0;						\
	if r0 != 0 goto l0_%=;				\
	exit;						\
l0_%=:	goto l0_%=;					\
"	::: __clobber_all);
}

char LICENSE[] SEC("license") = "GPL";
