/* libFuzzer target: arbitrary bytes as a BPF program through the whole analysis, in both
 * engines. The first byte picks the program type, the rest are instructions (8 bytes each); an
 * ld_imm64 with a map pseudo source refers to one of four maps (array, hash, ringbuf, prog
 * array). Any crash, hang, leak or sanitizer report is an analysis bug: a verdict of any kind
 * (pass, reject, unknown) is fine. One property is checked: asking for further violations
 * (analysis_opts.max_violations) leaves the first violation and the statistics as they were.
 *	make fuzz && build/fuzz/fuzz_analysis -max_total_time=60 */
#include <linux/bpf.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/analysis.h"
#include "loader/object.h"

#define MAX_INSNS 256

static const u32 prog_types[] = {
	BPF_PROG_TYPE_SOCKET_FILTER, BPF_PROG_TYPE_SCHED_CLS, BPF_PROG_TYPE_XDP,
	BPF_PROG_TYPE_KPROBE,	     BPF_PROG_TYPE_CGROUP_SKB, BPF_PROG_TYPE_TRACEPOINT,
	BPF_PROG_TYPE_SK_SKB,	     BPF_PROG_TYPE_CGROUP_SOCK_ADDR,
};

static struct map_def maps[4] = {
	{ .name = "array", .type = BPF_MAP_TYPE_ARRAY, .key_size = 4, .value_size = 48,
	  .max_entries = 4, .inner_idx = -1 },
	{ .name = "hash", .type = BPF_MAP_TYPE_HASH, .key_size = 8, .value_size = 16,
	  .max_entries = 64, .inner_idx = -1 },
	{ .name = "rb", .type = BPF_MAP_TYPE_RINGBUF, .max_entries = 4096, .inner_idx = -1 },
	{ .name = "progs", .type = BPF_MAP_TYPE_PROG_ARRAY, .key_size = 4, .value_size = 4,
	  .max_entries = 4, .inner_idx = -1 },
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct prog_reloc relocs[MAX_INSNS];
	struct bpf_insn insns[MAX_INSNS];
	static struct analysis_result res, first;
	struct analysis_opts opts = { .gpl = true, .insn_limit = 20000 };
	struct prog prog;
	u32 cnt, i, nrel = 0;

	if (size < 1 + sizeof(struct bpf_insn))
		return 0;
	cnt = (u32)((size - 1) / sizeof(struct bpf_insn));
	if (cnt > MAX_INSNS)
		cnt = MAX_INSNS;
	memcpy(insns, data + 1, cnt * sizeof(struct bpf_insn));
	for (i = 0; i + 1 < cnt; i++) {
		if (insns[i].code != (BPF_LD | BPF_DW | BPF_IMM))
			continue;
		if (insns[i].src_reg == BPF_PSEUDO_MAP_FD || insns[i].src_reg == BPF_PSEUDO_MAP_VALUE) {
			relocs[nrel].insn_idx = i;
			relocs[nrel].kind = insns[i].src_reg == BPF_PSEUDO_MAP_FD ? RELOC_MAP_FD :
										     RELOC_MAP_VALUE;
			relocs[nrel].map_idx = (int)((u32)insns[i].imm % 4);
			relocs[nrel].sym = NULL;
			nrel++;
		}
		i++;	/* the second slot */
	}
	memset(&prog, 0, sizeof(prog));
	prog.name = "fuzz";
	prog.sec_name = "fuzz";
	prog.type_known = true;
	prog.pt.prog_type = prog_types[data[0] % (sizeof(prog_types) / sizeof(prog_types[0]))];
	prog.insns = insns;
	prog.insn_cnt = cnt;
	prog.relocs = relocs;
	prog.reloc_cnt = nrel;
	opts.mode = ANALYSIS_MODE_JOIN;
	analysis_run(&prog, maps, 4, &opts, &res);
	opts.mode = ANALYSIS_MODE_PATH;
	if (analysis_run(&prog, maps, 4, &opts, &first))
		return 0;
	/* going on after the first violation must not change it, nor the kernel's statistics */
	opts.max_violations = 1 + ANALYSIS_MORE_MAX;
	if (analysis_run(&prog, maps, 4, &opts, &res))
		return 0;
	if (res.verdict != first.verdict || res.insn_processed != first.insn_processed ||
	    res.diag.insn_idx != first.diag.insn_idx || strcmp(res.diag.msg, first.diag.msg) ||
	    (res.verdict != V_UNSAFE && res.more_cnt))
		abort();
	return 0;
}
