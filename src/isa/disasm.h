/* One-line disassembly in the syntax of the Linux 6.18 verifier log, so that our traces diff
 * byte for byte against kernel logs: "(bf) r1 = r6", "(85) call bpf_map_lookup_elem#1",
 * "(18) r1 = 0xffff888100a4c000", "(db) lock *(u64 *)(r1 +0) += r2", "BUG_ldx_e1". */
#ifndef BPFVERIFY_ISA_DISASM_H
#define BPFVERIFY_ISA_DISASM_H

#include <linux/bpf.h>

#include "util.h"

/* Optional name lookups; any callback may be NULL or return NULL for "no name". Returned
 * strings are borrowed: they must stay valid until disasm_insn() returns. */
struct disasm_cbs {
	/* name of a kfunc (src_reg == BPF_PSEUDO_KFUNC_CALL) from the target BTF. The kernel uses
	 * BTF type @insn->imm of the BTF selected by @insn->off; without a name we print
	 * "kernel-function", as the kernel's disassembler does. */
	const char *(*kfunc_name)(void *ctx, const struct bpf_insn *insn);
	void *ctx;
	/* replacement text for the immediate of a ld_imm64 (@imm: the full 64-bit value); the
	 * verifier log prints "0x%llx" of the patched immediate, as we do without this */
	const char *(*ldimm64_text)(void *ctx, const struct bpf_insn *insn, u64 imm);
};

/* Writes insns[@idx] of a program of @cnt slots into @buf (snprintf semantics: always
 * terminated when @size > 0, truncated to fit) as the kernel log prints it after "N: ".
 * @cbs may be NULL. Returns the number of slots consumed (2 for ld_imm64, else 1), or -EINVAL
 * when @idx >= @cnt or a ld_imm64 lacks its second slot (then @buf holds ""). */
int disasm_insn(char *buf, size_t size, const struct bpf_insn *insns, u32 cnt, u32 idx,
		const struct disasm_cbs *cbs);

#endif
