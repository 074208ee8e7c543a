/* The verifier: decides whether the Linux 6.18 verifier accepts one program, by the same
 * path-sensitive abstract interpretation (see engine.c for the essay).
 *
 * Input is a linked program (struct prog: instructions, relocations naming the map each ld_imm64
 * loads, program type) and the object's map table. Output is a verdict and, for a rejection, the
 * first violation with the kernel's wording; for `unknown`, why the analysis could not decide
 * (a limit, or a construct not modelled yet: never a silent pass).
 *
 * Diagnostics: the shared struct diag of src/report/diag.h did not exist when this was written;
 * struct analysis_diag below is the minimal internal record, to be replaced by it. */
#ifndef BPFVERIFY_ANALYSIS_ANALYSIS_H
#define BPFVERIFY_ANALYSIS_ANALYSIS_H

#include <stdio.h>

#include "domains/scalar.h"
#include "loader/object.h"

/* Tristate answer of the analysis and of each check. */
enum verdict {
	V_SAFE,
	V_UNSAFE,	/* the kernel rejects the program */
	V_UNKNOWN,	/* could not decide: a limit, or something not modelled yet */
};

struct analysis_opts {
	bool unpriv;		/* analyse as an unprivileged load (not modelled yet: unknown) */
	bool gpl;		/* the program's license is GPL-compatible */
	u32 insn_limit;		/* processed-instruction budget; 0: the kernel's 1000000 */
	bool test_state_freq;	/* BPF_F_TEST_STATE_FREQ: a checkpoint at every prune point */
	bool exit_r0_exact;	/* every exit relies on R0 (the kernel: only where a return
				 * range is checked), so that pruning keeps exit_r0 an
				 * over-approximation of R0 on every path; for tools that read it */
	u32 time_limit_ms;	/* CPU-time budget (answers unknown past it); 0: 1000 ms,
				 * ~0u: none */
	int log_level;		/* 2: print the state after every instruction to @log */
	FILE *log;
	/* the object's BTF (borrowed, may be NULL): with the program's func_info it tells static
	 * subprograms from global ones; without it a program with func_info and bpf-to-bpf calls
	 * is unknown */
	const struct btf *btf;
	/* more precise than the kernel (never kernel-faithful: a program the kernel rejects for a
	 * value it lost may pass): an operation whose inputs are all known constants gives its
	 * exact result as RFC 9669 defines it, where 6.18 forgets it (division, modulo, shifts by
	 * out-of-range register amounts, narrow stack data, atomics on the stack; see transfer.c) */
	bool exact_constants;
	/* BPF_PROG_LOAD's prog_flags: BPF_F_STRICT_ALIGNMENT, BPF_F_ANY_ALIGNMENT are read */
	u32 prog_flags;
	/* the target kernel's BTF (borrowed, may be NULL): the types of BTF-typed contexts
	 * (tracing, lsm, iterators), of PTR_TO_BTF_ID pointers and the kfuncs that calls with
	 * src_reg BPF_PSEUDO_KFUNC_CALL name by BTF id; without it such programs are unknown */
	const struct btf *target_btf;
	/* enum analysis_mode: the path engine (default, the kernel's exploration) or the join
	 * engine (join.c: faster, sound, less precise: may reject what the kernel accepts) */
	u32 mode;
	/* violations to report: 0 or 1, the first only (the kernel stops there); more: the path
	 * engine goes on with the paths still queued after it and reports further violations
	 * (analysis_result.more), up to 1 + ANALYSIS_MORE_MAX */
	u32 max_violations;
};

enum analysis_mode {
	ANALYSIS_MODE_PATH,
	ANALYSIS_MODE_JOIN,
};

struct analysis_diag {
	u32 insn_idx;		/* instruction the kernel reports */
	const char *check_id;	/* stable rule id: "mem.map_oob", "regs.uninit", ... */
	char msg[512];		/* the kernel's message; several log lines joined by '\n' */
};

/* R0 at the exits of the main program that the exploration reached. With
 * analysis_opts.exit_r0_exact, a pruned path is covered by an explored one in R0 too, so this
 * over-approximates R0 at every exit of every path; it lets tests pin the transfer functions
 * down to the bit (tools/conformance.c). */
struct analysis_exit_r0 {
	u32 cnt;		/* exits reached with R0 readable */
	u32 non_scalar;		/* of those, with a pointer in R0 */
	struct scalar join;	/* join of the scalar R0s; meaningful when cnt > non_scalar */
};

/* One decision on the path to the outcome (src/analysis/path.c). */
enum analysis_step_kind {
	STEP_BRANCH,		/* a conditional jump (or may_goto) both of whose sides were feasible */
	STEP_CALL,		/* a bpf-to-bpf call */
	STEP_RETURN,		/* the exit of a subprogram, back to its caller */
};

struct analysis_step {
	u32 insn;		/* the jump, call or exit instruction */
	u32 target;		/* where the path continued: for a branch, insn + 1 means not taken */
	u32 kind;		/* enum analysis_step_kind */
};

#define ANALYSIS_PATH_MAX 64
#define ANALYSIS_MORE_MAX 16

/* The decisions from the start of the exploration to the outcome's instruction, oldest first;
 * when there were more than ANALYSIS_PATH_MAX, the first @omitted are left out. */
struct analysis_path {
	u32 entry;		/* first instruction (0, or a global function verified on its own) */
	u32 cnt;
	u32 omitted;
	bool valid;		/* false when the outcome came outside the exploration (a structural
				 * check, the stack depth of the call graph) */
	struct analysis_step steps[ANALYSIS_PATH_MAX];
};

struct analysis_result {
	enum verdict verdict;
	struct analysis_diag diag;	/* V_UNSAFE: the violation; V_UNKNOWN: the reason */
	u32 insn_processed;
	u32 total_states;
	u32 peak_states;
	u32 max_states_per_insn;
	u32 stack_depth;
	struct analysis_exit_r0 exit_r0;
	/* appended for the report stage: where the outcome was reached and in which state */
	u32 insn_limit;			/* the processed-instruction budget that applied */
	struct analysis_path path;	/* valid only with a violation (or unknown) during exploration */
	char state[2048];		/* the registers and stack at the outcome's instruction, as the
					 * kernel's log prints them (state_fmt()); "" when none */
	/* V_UNSAFE with analysis_opts.max_violations > 1: further violations, each at another
	 * instruction or rule than the first and than each other, found on the paths the
	 * kernel would have explored after the first had it gone on (a path ends at its
	 * violation; pruning may hide a repeat of one already found). The statistics above stay
	 * those of the first, as the kernel's. */
	u32 more_cnt;
	struct analysis_more {
		struct analysis_diag diag;
		char state[1024];	/* as state above, at this violation */
	} more[ANALYSIS_MORE_MAX];
};

/* Analyses @prog with the map table @maps[0..@map_cnt). ld_imm64 map references are taken from
 * @prog->relocs (RELOC_MAP_FD/RELOC_MAP_VALUE) when it has any, and a map ld_imm64 without one
 * then names no map (rejected as the kernel rejects an fd that is no map); a program without
 * such relocations uses the instruction's imm as the map index. @opts may be NULL (privileged,
 * GPL). Returns 0 with @res filled, or -ENOMEM. */
int analysis_run(const struct prog *prog, const struct map_def *maps, u32 map_cnt,
		 const struct analysis_opts *opts, struct analysis_result *res);

const char *verdict_name(enum verdict v);

#endif
