/* Shared by calls/tail_call_subprog_*.bpf.c and calls/ld_abs_subprog_*.bpf.c, whose subprograms
 * may leave early (a tail call that succeeds, an LD_ABS load that fails): the prog_array and the
 * 2-byte array value their callers index with the result. (The subprograms themselves are
 * defined in each file: a function's line info must name its own file.) */
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

#endif
