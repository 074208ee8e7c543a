// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected by check_btf_info: a call to a label inside the same function makes a subprogram the
 * kernel counts, but BTF func_info describes one function only. (Hand-written assembly: clang
 * gives every C function its own record.) */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "corpus_asm.h"

SEC("socket")
__failure __msg("number of funcs in func_info doesn't match number of subprogs")
__description("bpf-to-bpf call to a label of the calling function")
__naked int cfg_label_subprog(void)
{
	asm volatile ("					\
	call l_sub_%=;					\
	exit;						\
l_sub_%=:						\
	r0 = 1;						\
	exit;						\
"	::: __clobber_all);
}

char LICENSE[] SEC("license") = "GPL";
