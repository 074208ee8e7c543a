// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: the order in which global functions are verified decides which fault is reported.
 * libbpf appends subprograms in the order calls reach them (global_one, global_two,
 * global_three here); the kernel verifies a global function once a verified path has called it,
 * in passes over the subprograms in index order (do_check_subprogs). The main program calls
 * global_one only on a branch it proves dead (a read-only constant), so the first pass skips
 * it, verifies global_two, which calls global_one and global_three, and then global_three in
 * the same pass: its fault is the one reported, though global_one has a fault of its own and a
 * lower index. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "bpfverify_test.h"

const volatile int never = 0;

__attribute__((noinline)) int global_one(int *p)
{
	return *p + 1;			/* p may be NULL */
}

__attribute__((noinline)) int global_three(int x)
{
	return *(int *)(long)x;		/* a scalar as a pointer */
}

__attribute__((noinline)) int global_two(int x)
{
	int v = x;

	return global_one(&v) + global_three(x);
}

SEC("socket")
__failure __msg("R1 invalid mem access 'scalar'")
__description("two faulty global functions: the one the kernel's verification order reaches first")
int global_order(struct __sk_buff *skb)
{
	int v = skb->len;

	if (never)
		v = global_one(&v);
	return global_two(v);
}

char LICENSE[] SEC("license") = "GPL";
