/* Shared by calls/tail_call_subprog_*.bpf.c and calls/ld_abs_subprog_*.bpf.c: subprograms that
 * may leave early (a tail call that succeeds, an LD_ABS load that fails), and a 2-byte array
 * value their callers index with the result. */
#ifndef CORPUS_SUBPROG_EXITS_H
#define CORPUS_SUBPROG_EXITS_H

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u32);
} jump_table SEC(".maps");

struct val {
	__u8 b[2];
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct val);
} vals SEC(".maps");

static __attribute__((noinline)) int pick(struct __sk_buff *skb)
{
	bpf_tail_call(skb, &jump_table, 0);
	return skb->len & 1;
}

/* a subprogram that returns 1 or 3 when its packet load succeeds (and 0 when it fails) */
static __attribute__((noinline)) int load_odd(struct __sk_buff *skb)
{
	int r;

	asm volatile ("r6 = %[ctx]; r0 = *(u8 *)skb[0]; %[r] = r0;"
		      : [r] "=r"(r) : [ctx] "r"(skb) : "r0", "r1", "r2", "r3", "r4", "r5", "r6");
	return (r & 2) | 1;
}

#endif
