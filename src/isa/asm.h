/* A text assembler for eBPF in the syntax of the ISA conformance suite (bpf_conformance and
 * ubpf .data files), so that tests can write programs the way the suite does:
 *
 *   mov32 %r0, 0         ALU: add sub mul div sdiv or and lsh rsh mod smod xor mov arsh,
 *   add %r1, -3            64-bit, or 32-bit with the suffix "32"; neg, neg32;
 *   movsx1664 %r1, %r2     movsx{8,16}32, movsx{8,16,32}64; le/be/swap/bswap{16,32,64}
 *   lddw %r0, 0x1122334455667788          ld_imm64 (two slots)
 *   ldxw %r0, [%r1+4]    ldx{b,h,w,dw}, ldxs{b,h,w}, st{b,h,w,dw}, stx{b,h,w,dw};
 *   stxdw [%r10-8], %r1    legacy ldabs{b,h,w,dw} imm and ldind{b,h,w,dw} %rS, imm
 *   lock fetch add32 [%r10-4], %r1        atomics: [fetch] add and or xor, xchg, cmpxchg
 *                          ("32": a word); xaddw / xadddw are lock add32 / lock add
 *   jeq %r1, 0x1, +2     jeq jgt jge jset jne jsgt jsge jlt jle jslt jsle (+ "32")
 *   ja L1 / ja32 L1        targets: +N / -N (relative slots) or a label
 *   call 1               helper ("call helper 1"); "call local f": bpf-to-bpf;
 *   call %r2               "call runtime 5" / "call kfunc 5": kfunc; a register: callx
 *   exit
 *
 * Registers are %r0..%r10 ("r1" without '%' is accepted too); %r11..%r15 encode, as in the
 * suite, so that tests can build programs the kernel must reject. A label is "name:" on its own
 * or before an instruction; the label "exit" names the first exit unless defined explicitly.
 * "#" starts a comment; ";" separates statements on one line. Immediates are decimal (signed
 * 32-bit range) or hex (up to 0xffffffff, the two's-complement bit pattern), lddw takes 64 bits;
 * offsets likewise fit 16 bits (decimal -32768..32767, hex up to 0xffff).
 *
 * Nothing here keeps state between calls. Allocation failure is -ENOMEM, every input error
 * -EINVAL with a message.
 */
#ifndef BPFVERIFY_ISA_ASM_H
#define BPFVERIFY_ISA_ASM_H

#include <linux/bpf.h>

#include "util.h"

/* Assembles @text into *@out (malloc'ed, @*cnt slots, ld_imm64 counting two; the caller
 * frees it with free()). On error returns -EINVAL (or -ENOMEM), leaves @out and @cnt untouched
 * and writes a message naming the line of @text into @err (snprintf semantics, @err may be
 * NULL): "line 3: unknown mnemonic 'foo'". A text without any instruction is an error. */
int asm_parse(const char *text, struct bpf_insn **out, u32 *cnt, char *err, size_t errsz);

/* Reads encoded instructions written as hex: either 8 bytes per instruction in memory order
 * ("b7 01 00 00 05 00 00 00") or one 64-bit little-endian word per instruction
 * ("0x00000005000001b7": the opcode is the low byte), as the suite's "-- raw" sections do;
 * "#" comments allowed. Same return, ownership and @err conventions as asm_parse(). */
int asm_parse_raw(const char *text, struct bpf_insn **out, u32 *cnt, char *err, size_t errsz);

/* The suite's .data files are sections introduced by lines "-- <name>" (asm, raw, mem, result,
 * error, ...). Copies the body of the first section called @name (the lines up to the next
 * "-- " line) into *@body (malloc'ed, NUL-terminated, caller frees). Returns 0, -ENOENT when
 * @text has no such section, or -ENOMEM. */
int asm_section(const char *text, const char *name, char **body);

#endif
