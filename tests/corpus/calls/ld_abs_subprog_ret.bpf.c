// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: an LD_ABS load that fails ends its subprogram with R0 = 0 (the exit the JIT hides in
 * the load, which the 6.18 kernel here verifies), so a subprogram that returns 1 or 3 after its
 * load may also return 0, and its caller's 32-bit index i - 1 may be 0xffffffff. */
#include "bpfverify_test.h"
#include "subprog_exits.h"

/* returns 1 or 3 when its packet load succeeds (and 0 when it fails) */
static __attribute__((noinline)) int load_odd(struct __sk_buff *skb)
{
	int r;

	asm volatile ("r6 = %[ctx]; r0 = *(u8 *)skb[0]; %[r] = r0;"
		      : [r] "=r"(r) : [ctx] "r"(skb) : "r0", "r1", "r2", "r3", "r4", "r5", "r6");
	return (r & 2) | 1;
}

SEC("socket")
__failure __msg("math between map_value pointer and 4294967295 is not allowed")
__description("a subprogram whose packet load fails returns 0 to its caller")
int ld_abs_subprog_ret(struct __sk_buff *skb)
{
	__u32 k = 0;
	int i = load_odd(skb);
	struct val *v = bpf_map_lookup_elem(&vals, &k);

	if (!v)
		return 0;
	return v->b[i - 1];
}

char LICENSE[] SEC("license") = "GPL";
