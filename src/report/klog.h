/* Kernel verifier log reading (see klog.c). */
#ifndef BPFVERIFY_REPORT_KLOG_H
#define BPFVERIFY_REPORT_KLOG_H

#include <linux/bpf.h>

#include "isa/disasm.h"
#include "util.h"

/* Parses a verifier log line "N: (xx) text" or "N: BUG_..." of @len bytes: the insn index in
 * @idx and the instruction text, without what the kernel appended on the same line (the
 * register state after "; ", a branch state popped onto the line, "infinite loop detected"),
 * in @text. Returns false for every other kind of log line. */
bool klog_insn_line(const char *line, size_t len, u32 *idx, char *text, size_t textsz);

/* The first line of the error block that ends a rejected load's log (the kernel's own error
 * message, e.g. "invalid access to packet, off=14 size=1, R2(id=0,off=14,r=14)"); "" when
 * there is none. */
void klog_first_error(const char *log, char *buf, size_t size);

/* The instruction the kernel rejected at, in @idx: the instruction line ("N: (xx) ...") printed
 * right above the error block, source lines aside; for the faults found before an instruction
 * prints, the one "infinite loop detected at insn N" names, and for "BPF program is too large"
 * the successor of the last printed instruction (when its text tells it: not after a
 * conditional jump, call or exit). false when the log does not tell (a rejection before the
 * path walk: CFG, BTF, fd checks). */
bool klog_error_insn(const char *log, u32 *idx);

/* Compares every instruction line of @log ("N: (xx) text", each index once) with our
 * disassembly of insns[N] of a program of @cnt slots (@cbs: kfunc names; no ld_imm64
 * replacement). Of a 64-bit load of a map or ksym address only "(18) rN = " is compared: the
 * kernel prints the address it patched in. A line naming an instruction past the program's end
 * differs. For each difference @mismatch(@ctx, N, kernel's text, ours) is called when given.
 * Returns the number of differing lines; the number compared in *@lines. */
u32 klog_compare_insns(const char *log, const struct bpf_insn *insns, u32 cnt,
		       const struct disasm_cbs *cbs, u32 *lines,
		       void (*mismatch)(void *ctx, u32 idx, const char *kern, const char *ours),
		       void *ctx);

#endif
