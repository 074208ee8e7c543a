// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: a load from struct xdp_md at an offset past its last field. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "corpus_asm.h"

SEC("xdp")
__failure __msg("invalid bpf_context access off=64 size=4")
__description("xdp: ctx load at offset 64, beyond struct xdp_md")
__naked int xdp_bad_ctx_off(void)
{
	asm volatile ("					\
	r0 = *(u32 *)(r1 + 64);				\
	r0 &= 3;					\
	exit;						\
"	::: __clobber_all);
}

char LICENSE[] SEC("license") = "GPL";
