// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Accepted when loaded with CAP_PERFMON (root here): the kernel then allows reading uninitialised
 * stack, directly or through a helper's memory argument (env->allow_uninit_stack). An unprivileged
 * load of the same program is rejected with "invalid indirect read from stack R2 off -8+0 size 8".
 * The uninitialised-stack error a privileged load still gets is in mem/uninit_dynptr_helper.bpf.c. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "corpus_asm.h"

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4);
	__type(key, __u64);
	__type(value, __u64);
} h SEC(".maps");

SEC("socket")
__success __description("privileged: map key on the stack never written is allowed")
__naked int uninit_stack_helper_priv(void)
{
	asm volatile ("					\
	r2 = r10;					\
	r2 += -8;					\
	r1 = %[h] ll;					\
	call %[bpf_map_lookup_elem];			\
	r0 = 0;						\
	exit;						\
"	:
	: __imm(bpf_map_lookup_elem), __imm_addr(h)
	: __clobber_all);
}

char LICENSE[] SEC("license") = "GPL";
