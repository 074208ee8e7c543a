/* Shared by the suites that analyse small programs written in the conformance suite's assembly
 * (check_exact.c, check_align.c): assemble, analyse as one program of @prog_type, free. */
#ifndef BPFVERIFY_TESTS_ASM_RUN_H
#define BPFVERIFY_TESTS_ASM_RUN_H

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/analysis.h"
#include "isa/asm.h"

/* Analyses @text (test @name) with @opts into @res; fails the test when it does not assemble or
 * the analysis cannot run. */
static inline void asm_run(const char *name, const char *text, u32 prog_type,
			   const struct analysis_opts *opts, struct analysis_result *res)
{
	struct bpf_insn *insns;
	struct prog p;
	char err[256];
	u32 cnt;

	ck_assert_msg(!asm_parse(text, &insns, &cnt, err, sizeof(err)), "%s: %s", name, err);
	memset(&p, 0, sizeof(p));
	p.insns = insns;
	p.insn_cnt = cnt;
	p.pt.prog_type = prog_type;
	ck_assert_int_eq(analysis_run(&p, NULL, 0, opts, res), 0);
	free(insns);
}

#endif
