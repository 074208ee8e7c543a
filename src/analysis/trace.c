/* The per-instruction trace of `bpfverify check -vv`, in the format of the kernel's verifier log
 * at log_level 2 (6.18), so that it can be diffed with `bpfverify kernel -vv` line by line
 * (tools/tracediff.sh does, over the corpus):
 *
 *	0: R1=ctx() R10=fp0
 *	; if (data + 2 > data_end) @ xdp.bpf.c:18
 *	4: (07) r3 += 2                       ; R3=pkt(off=2,r=0)
 *	5: (2d) if r3 > r2 goto pc+16         ; R2=pkt_end() R3=pkt(off=2,r=2)
 *	...
 *	22: (95) exit
 *
 *	from 5 to 22: safe
 *
 *	from 7 to 14: R0=2 R1=pkt(r=2) R2=pkt_end() R3=scalar(...) R10=fp0
 *	14: R0=2 R1=pkt(r=2) R2=pkt_end() R3=scalar(...) R10=fp0
 *
 * As the kernel's do_check() prints it: a function's entry state; per instruction its source line
 * (when it changes), the instruction, then, once it ran, the registers and stack slots it read or
 * wrote (mark_reg_scratched(), mark_stack_slot_scratched(); print_insn_state() without
 * print_all) after the kernel's alignment, or on a line "N:" of the next instruction when other
 * lines came in between; "N: safe" where a state is pruned; "from X to Y:" with the whole state
 * where a queued branch is taken up or a call returns ("from X to Y: safe" when pruned at once),
 * after which everything counts as touched; "caller:" / "callee:" at a bpf-to-bpf call,
 * "returning from callee:" / "to caller at N:" at its exit, "Func#N ('f') is global and assumed
 * valid." at a global call; a callback's frame ends with " cb". What an instruction touched is
 * worked out here from its operands and the state before it (see touch()); the stack a helper
 * writes is the slots whose types it changed. Not printed: the kernel's "Live regs" preamble,
 * its mark_precise backtracking and stack liveness lines. Written to env->opts.log when
 * env->opts.log_level >= 2. */
#include <string.h>

#include "analysis/env.h"
#include "isa/disasm.h"
#include "loader/object.h"

/* the kernel's BPF_LOG_MIN_ALIGNMENT and BPF_LOG_ALIGNMENT (vlog_alignment()) */
#define LOG_MIN_ALIGNMENT 8
#define LOG_ALIGNMENT 40

#define ALL_REGS ((1u << STATE_NREGS) - 1)
#define ALL_SLOTS (~0ull)
/* R0-R5: what a call clobbers (the kernel's caller_saved[], each one checked as written) */
#define CALLER_SAVED 0x3fu

/* the stack of the frame a helper or kfunc call runs in, before the call */
static struct stack call_stack;
static u32 call_frame;
static bool call_stack_saved;

static bool tracing(const struct env *env)
{
	return env->opts.log_level >= 2 && env->opts.log;
}

/* Prints @prefix, then frame @frameno's registers in @regs and slots in @slots, each after a
 * space as the kernel's print_verifier_state() does, and the newline. */
static void put_state(struct env *env, const char *prefix, u32 frameno, u32 regs, u64 slots)
{
	static char buf[16384];

	state_fmt_some(buf, sizeof(buf), env->cur, frameno, regs, slots, env->maps, env->map_cnt);
	/* a callback's frame is marked as such */
	fprintf(env->opts.log, "%s%s%s%s\n", prefix, buf[0] ? " " : "", buf,
		calls_in_callback(env, frameno) ? " cb" : "");
}

/* Ends the instruction line left open with a newline. */
static void close_line(struct env *env)
{
	if (env->trace_open)
		fputc('\n', env->opts.log);
	env->trace_open = 0;
}

/* The "from X to Y:" line of a queued branch or a return, when nothing pruned it: the whole
 * state the walk goes on with. */
static void put_from(struct env *env)
{
	char prefix[48];

	close_line(env);
	snprintf(prefix, sizeof(prefix), "\nfrom %u to %u:", env->trace_from_idx,
		 env->trace_to_idx);
	put_state(env, prefix, env->cur->curframe, ALL_REGS, ALL_SLOTS);
	env->trace_from = false;
}

/* The kernel's print_insn_state(): what the instructions since the last state touched, after
 * the instruction's text (aligned) when the log has not moved since, else on a line "N:". */
static void put_touched(struct env *env)
{
	char prefix[64];
	int pos, pad, i;

	/* a helper or kfunc writing stack memory (check_mem_access() per byte, dynptr and
	 * iterator slots) marks those slots: seen here as the slots it changed, so a write of
	 * bytes whose type a slot already had is missed */
	if (call_stack_saved && call_frame == env->cur->curframe) {
		const struct stack *now = &state_cur(env->cur)->stack;

		/* a slot whose byte types changed, or a dynptr / iterator that did; a spilled
		 * pointer the call released (now a scalar) is not written by it */
		for (i = 0; i < STACK_SLOTS; i++) {
			const struct stack_slot *a = &now->slot[i], *b = &call_stack.slot[i];

			if (memcmp(a->type, b->type, sizeof(a->type)) ||
			    ((a->type[0] == STACK_ITER || a->type[0] == STACK_DYNPTR) &&
			     memcmp(a, b, sizeof(*a))))
				env->trace_slots |= 1ull << i;
		}
	}
	call_stack_saved = false;

	if (!env->trace_regs && !env->trace_slots) {
		close_line(env);
		return;
	}
	if (env->trace_open) {
		/* the kernel measures the line with its newline, then takes the newline back and
		 * pads with "%*c" (a negative width pads on the right: at least one character) */
		pos = env->trace_open + 1;
		pad = (max_t(int, pos, LOG_MIN_ALIGNMENT) + LOG_ALIGNMENT - 1) / LOG_ALIGNMENT *
			      LOG_ALIGNMENT - pos - 1;
		snprintf(prefix, sizeof(prefix), "%*s;", max_t(int, pad < 0 ? -pad : pad, 1), "");
	} else {
		snprintf(prefix, sizeof(prefix), "%u:", env->insn_idx);
	}
	env->trace_open = 0;
	put_state(env, prefix, env->cur->curframe, env->trace_regs, env->trace_slots);
	env->trace_regs = 0;
	env->trace_slots = 0;
}

/* Marks the stack slot instruction @in reaches through register @base (mark_stack_slot_scratched()
 * of a fixed-offset stack access). */
static void touch_slot(struct env *env, const struct insn *in, u8 base)
{
	const struct reg *r;
	s64 off;

	if (base >= STATE_NREGS)
		return;
	r = &state_cur(env->cur)->regs[base];
	if (reg_base(r) != PTR_TO_STACK || !scalar_is_const(&r->var))
		return;
	off = (s64)r->off + (s64)r->var.var_off.value + in->off;
	if (off < 0 && off >= -STACK_SIZE)
		env->trace_slots |= 1ull << ((-off - 1) / STACK_SLOT_SIZE);
}

static u32 bit(u8 regno)
{
	return regno < STATE_NREGS ? 1u << regno : 0;
}

/* The registers and stack slots instruction @in reads or writes, as the kernel marks them
 * scratched: every register operand (check_reg_arg()), the stack slot a store or load reaches,
 * R0-R5 on a helper or kfunc call. A bpf-to-bpf call and an exit are trace_call()'s and
 * trace_return()'s. */
static void touch(struct env *env, const struct insn *in)
{
	u32 regs = 0;

	switch (in->kind) {
	case INSN_ALU: case INSN_MOV: case INSN_MOVSX: case INSN_ADDR_SPACE_CAST:
	case INSN_NEG: case INSN_END: case INSN_BSWAP: case INSN_LD_IMM64:
	case INSN_JMP_COND:
		regs = bit(in->dst) | (in->src_is_reg ? bit(in->src) : 0);
		break;
	case INSN_LDX: case INSN_LDSX:
		regs = bit(in->dst) | bit(in->src);
		touch_slot(env, in, in->src);
		break;
	case INSN_ST:
		regs = bit(in->dst);
		touch_slot(env, in, in->dst);
		break;
	case INSN_STX: case INSN_ATOMIC:
		regs = bit(in->dst) | bit(in->src) |
		       (in->kind == INSN_ATOMIC && in->imm == BPF_CMPXCHG ? 1u : 0);
		touch_slot(env, in, in->dst);
		break;
	case INSN_LD_ABS: case INSN_LD_IND:
		regs = CALLER_SAVED | bit(BPF_REG_6) | (in->kind == INSN_LD_IND ? bit(in->src) : 0);
		break;
	case INSN_CALL: case INSN_CALL_KFUNC:
		/* the stack a helper writes: the slots that change (see put_touched()) */
		call_frame = env->cur->curframe;
		call_stack = state_cur(env->cur)->stack;
		call_stack_saved = true;
		/* fallthrough */
	case INSN_CALL_PSEUDO:	/* a global function's; trace_call() marks a static one's */
		regs = CALLER_SAVED;
		break;
	default:
		break;
	}
	env->trace_regs |= regs;
}

/* Whether @a and @b name the same source line (the kernel's verbose_linfo() prints a line
 * when it differs from the last one printed). */
static bool same_line(const struct line_rec *a, const struct line_rec *b)
{
	return a && b && a->line == b->line && a->file == b->file;
}

void trace_begin(struct env *env)
{
	if (!tracing(env))
		return;
	env->trace_open = 0;
	env->trace_from = false;
	env->trace_regs = ALL_REGS;
	env->trace_slots = ALL_SLOTS;
}

void trace_insn(struct env *env)
{
	const struct line_rec *l;
	u32 idx = env->insn_idx;
	char text[256];

	if (!tracing(env))
		return;
	if (env->trace_from)
		put_from(env);
	put_touched(env);
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
	env->trace_open = fprintf(env->opts.log, "%u: %s", idx, text);
	if (env->trace_open < 0)
		env->trace_open = 0;
	touch(env, &env->dec[idx]);
}

void trace_branch(struct env *env, u32 from, u32 to)
{
	if (!tracing(env))
		return;
	if (env->trace_from)
		put_from(env);
	close_line(env);
	env->trace_from = true;
	env->trace_from_idx = from;
	env->trace_to_idx = to;
}

/* check_cond_jmp_op() prints the state of a branch it decides at once, before the next
 * instruction's prune check can print "N: safe". */
void trace_decided_jmp(struct env *env)
{
	if (tracing(env))
		put_touched(env);
}

void trace_touch_all(struct env *env)
{
	env->trace_regs = ALL_REGS;
	env->trace_slots = ALL_SLOTS;
}

void trace_global_call(struct env *env, u32 subprog, const char *name)
{
	if (!tracing(env))
		return;
	close_line(env);
	fprintf(env->opts.log, "Func#%u ('%s') is global and assumed valid.\n", subprog,
		name ? name : "");
}

void trace_safe(struct env *env)
{
	if (!tracing(env))
		return;
	close_line(env);
	if (env->trace_from)
		fprintf(env->opts.log, "\nfrom %u to %u: safe\n", env->trace_from_idx,
			env->trace_to_idx);
	else
		fprintf(env->opts.log, "%u: safe\n", env->insn_idx);
	env->trace_from = false;
}

void trace_path_end(struct env *env)
{
	if (!tracing(env))
		return;
	close_line(env);
	env->trace_regs = ALL_REGS;
	env->trace_slots = ALL_SLOTS;
}

void trace_flush(struct env *env)
{
	if (!tracing(env))
		return;
	if (env->trace_from)
		put_from(env);
	close_line(env);
}

void trace_call(struct env *env)
{
	u32 callee = env->cur->curframe;

	if (!tracing(env) || !callee)
		return;
	close_line(env);
	put_state(env, "caller:\n", callee - 1, ALL_REGS, ALL_SLOTS);
	put_state(env, "callee:\n", callee, ALL_REGS, ALL_SLOTS);
	env->trace_regs = ALL_REGS;
	env->trace_slots = ALL_SLOTS;
}

void trace_return(struct env *env, u32 ret_idx)
{
	u32 callee = env->cur->curframe;
	char to[48];

	if (!tracing(env) || !callee)
		return;
	close_line(env);
	put_state(env, "returning from callee:\n", callee, ALL_REGS, ALL_SLOTS);
	snprintf(to, sizeof(to), "to caller at %u:\n", ret_idx);
	put_state(env, to, callee - 1, ALL_REGS, ALL_SLOTS);
	/* the walk goes on in the caller with a "from exit to return" line and its whole state */
	env->trace_from = true;
	env->trace_from_idx = env->insn_idx;
	env->trace_to_idx = ret_idx;
	env->trace_regs = 0;
	env->trace_slots = 0;
}
