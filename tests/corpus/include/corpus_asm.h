/* Helpers for the corpus programs written in BPF assembly (naked functions whose body is one
 * asm volatile block), for faults that C cannot express or that clang would optimise away.
 *
 *	SEC("socket") __failure __msg("R2 !read_ok") __naked void f(void)
 *	{
 *		asm volatile ("r0 = r2; exit;" ::: __clobber_all);
 *	}
 *
 * __imm(helper) turns a helper declaration from bpf_helper_defs.h (a constant function pointer)
 * into an operand usable as `call %[helper]`; __imm_addr(map) gives `r1 = %[map] ll`. */
#ifndef CORPUS_ASM_H
#define CORPUS_ASM_H

#include "bpfverify_test.h"

#define __imm(name) [name] "i"(name)
#define __imm_const(name, expr) [name] "i"(expr)
#define __imm_addr(name) [name] "i"(&name)
#define __clobber_all "r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8", "r9", "memory"

#endif
