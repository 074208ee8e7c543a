/* The per-instruction trace of `bpfverify check -vv`, shaped like the kernel's verifier log at
 * log_level 2 so that the two can be read side by side:
 *
 *	0: R1=ctx() R10=fp0
 *	; if (data + 2 > data_end) @ xdp.bpf.c:18
 *	5: (2d) if r3 > r2 goto pc+16          ; R0=2 R1=pkt(r=0) R2=pkt_end() R3=pkt(off=2,r=0) R10=fp0
 *	from 5 to 22: R0=2 R1=pkt(r=0) R2=pkt_end() R3=pkt(off=2,r=0) R10=fp0
 *
 * The state at a function's entry (engine.c); then per instruction about to execute its source line (when
 * it changes), the instruction in the log's syntax and, after the kernel's alignment, the whole
 * state it executes in (the kernel prints the registers the instruction touched, after it); a
 * queued branch taken up prints "from X to Y:" with its state. An instruction the pruning skips
 * is not printed (the kernel prints "N: safe"). Written to env->opts.log when
 * env->opts.log_level >= 2. */
#include <string.h>

#include "analysis/env.h"
#include "isa/disasm.h"
#include "loader/object.h"

/* the kernel's BPF_LOG_MIN_ALIGNMENT and BPF_LOG_ALIGNMENT (vlog_alignment()) */
#define LOG_MIN_ALIGNMENT 8
#define LOG_ALIGNMENT 40

static bool tracing(const struct env *env)
{
	return env->opts.log_level >= 2 && env->opts.log;
}

static const char *state_text(struct env *env)
{
	static char buf[16384];

	state_fmt(buf, sizeof(buf), env->cur, env->maps, env->map_cnt);
	return buf;
}

/* Whether @a and @b name the same source line (the kernel's verbose_linfo() prints a line
 * when it differs from the last one printed). */
static bool same_line(const struct line_rec *a, const struct line_rec *b)
{
	return a && b && a->line == b->line && a->file == b->file;
}

void trace_insn(struct env *env)
{
	const struct line_rec *l;
	u32 idx = env->insn_idx;
	char text[256];
	int pos, pad;

	if (!tracing(env))
		return;
	l = env->prog ? prog_line_at(env->prog, idx) : NULL;
	if (l && l->file && !same_line(l, env->trace_line)) {
		const char *base = strrchr(l->file, '/');

		fprintf(env->opts.log, "; %s @ %s:%u\n", l->src ? l->src + strspn(l->src, " \t") : "",
			base ? base + 1 : l->file, l->line);
	}
	if (l)
		env->trace_line = l;
	if (disasm_insn(text, sizeof(text), env->insns, env->insn_cnt, idx, NULL) <= 0)
		text[0] = '\0';
	/* the kernel measures the line with its newline, then takes the newline back and pads
	 * with "%*c" (a negative width pads on the right: at least one character) */
	pos = fprintf(env->opts.log, "%u: %s", idx, text) + 1;
	pad = (max_t(int, pos, LOG_MIN_ALIGNMENT) + LOG_ALIGNMENT - 1) / LOG_ALIGNMENT * LOG_ALIGNMENT -
	      pos - 1;
	fprintf(env->opts.log, "%*s; %s\n", max_t(int, pad < 0 ? -pad : pad, 1), "", state_text(env));
}

void trace_branch(struct env *env, u32 from, u32 to)
{
	if (!tracing(env))
		return;
	env->trace_line = NULL;
	fprintf(env->opts.log, "from %u to %u: %s\n", from, to, state_text(env));
}
