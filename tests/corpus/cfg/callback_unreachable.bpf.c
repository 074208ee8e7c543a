// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected by check_cfg: dead code inside a bpf_loop callback. The callback is a subprogram
 * only because its address is loaded (ld_imm64 src=BPF_PSEUDO_FUNC); the kernel's DFS enters it
 * from that load and finds the instructions after its exit unreachable. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "corpus_asm.h"

__attribute__((naked, noinline, used)) static int loop_cb(void)
{
	asm volatile ("					\
	r0 = 0;						\
	exit;						\
	r0 = 1;						\
	exit;						\
"	::: __clobber_all);
}

SEC("socket")
__failure __msg("unreachable insn 10")
__description("bpf_loop callback with instructions after its exit")
__naked int cfg_callback_unreachable(void)
{
	asm volatile ("					\
	r1 = 4;						\
	r2 = %[loop_cb] ll;				\
	r3 = 0;						\
	r4 = 0;						\
	call %[bpf_loop];				\
	r0 = 0;						\
	exit;						\
"	:
	: __imm_addr(loop_cb), __imm(bpf_loop)
	: __clobber_all);
}

char LICENSE[] SEC("license") = "GPL";
