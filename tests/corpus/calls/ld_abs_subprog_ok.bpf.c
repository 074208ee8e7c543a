// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Accepted: the caller of a subprogram with an LD_ABS load checks for the 0 a failed load
 * returns before using the result as an index. */
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
__success __description("a subprogram's packet load result, 0 checked by its caller")
int ld_abs_subprog_checked(struct __sk_buff *skb)
{
	__u32 k = 0;
	int i = load_odd(skb);
	struct val *v;

	/* clang knows what load_odd() returns and would drop the check */
	asm volatile ("" : "+r"(i));
	if (i <= 0 || i > 2)
		return 0;
	v = bpf_map_lookup_elem(&vals, &k);
	if (!v)
		return 0;
	return v->b[i - 1];
}

char LICENSE[] SEC("license") = "GPL";
