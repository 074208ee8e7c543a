/* Shared by calls/tail_call_subprog_*.bpf.c: a subprogram that tail-calls through an empty
 * prog_array, then returns 0 or 1; a 2-byte array value its callers index with the result. */
#ifndef CORPUS_TAIL_CALL_SUBPROG_H
#define CORPUS_TAIL_CALL_SUBPROG_H

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

#endif
