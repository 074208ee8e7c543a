/* Register liveness: which of R0-R10 may still be read before each instruction, as the 6.18
 * kernel's compute_live_registers() finds it before the main pass.
 *
 * A classic backward may-analysis per instruction: in = (out \ def) | use, out = the union of
 * the successors' in, iterated to the fixpoint. It is intraprocedural: a bpf-to-bpf call
 * continues at the next instruction (the callee is analysed on its own), reads R1-R5 and
 * writes R0-R5; a helper call reads only its declared arguments (R1..Rn); an exit reads R0.
 * Instructions the kernel does not describe (LD_ABS/IND, unknown opcodes) read everything and
 * write nothing, which keeps every register alive across them.
 *
 * The engine uses the result at prune points (clean_live_regs in engine.c): a register that is
 * dead there cannot influence the rest of the path, so it is dropped from the current state
 * before the comparison with the checkpoints and before a checkpoint is stored, exactly as the
 * kernel's clean_verifier_state() does. Soundness rests on "dead" being exact or smaller than
 * the truth; every unknown case here answers "live". The stack slots of each frame get the same
 * treatment from a static analysis further down (the kernel's is path-insensitive over the
 * explored paths, kernel/bpf/liveness.c; ours covers every path, so it may keep more alive). */
#include <stdlib.h>

#include "analysis/env.h"
#include "checks/checks.h"
#include "checks/helper_protos.h"

#define CALLER_SAVED 0x3f	/* R0-R5 */
#define R(n) ((u16)(1u << (n)))

/* Registers a helper or subprogram call reads: R1..Rn for a known helper (its arguments), R1-R5
 * otherwise (the kernel's get_call_summary() fallback). */
u16 liveness_call_args(const struct env *env, const struct bpf_insn *insn)
{
	const struct helper_proto *fn;
	u16 use = 0;
	int i;

	if (insn->src_reg != 0)
		return CALLER_SAVED & ~R(0);
	fn = helper_proto((u32)insn->imm, env->prog_type, env->attach_type);
	if (!fn)
		return CALLER_SAVED & ~R(0);
	for (i = 0; i < 5 && fn->args[i] != HARG_NONE; i++)
		use |= R(i + 1);
	return use;
}

/* The kernel's compute_insn_live_regs(): registers @insn reads (*use) and writes (*def). */
static void insn_use_def(const struct env *env, const struct bpf_insn *insn, u16 *use,
			 u16 *def)
{
	u8 cls = BPF_CLASS(insn->code), op = BPF_OP(insn->code), mode = BPF_MODE(insn->code);
	u16 src = R(insn->src_reg & 0xf), dst = R(insn->dst_reg & 0xf);

	*use = 0xffff;
	*def = 0;
	switch (cls) {
	case BPF_LD:
		if (mode == BPF_IMM && BPF_SIZE(insn->code) == BPF_DW) {
			*def = dst;
			*use = 0;
		}
		break;
	case BPF_LDX:
		if (mode == BPF_MEM || mode == BPF_MEMSX) {
			*def = dst;
			*use = src;
		}
		break;
	case BPF_ST:
		if (mode == BPF_MEM)
			*use = dst;
		break;
	case BPF_STX:
		if (mode == BPF_MEM) {
			*use = dst | src;
		} else if (mode == BPF_ATOMIC) {
			if (insn->imm == BPF_CMPXCHG) {
				*use = R(0) | dst | src;
				*def = R(0);
			} else if (insn->imm == BPF_LOAD_ACQ) {
				*use = src;
				*def = dst;
			} else if (insn->imm == BPF_STORE_REL) {
				*use = dst | src;
			} else {
				*use = dst | src;
				*def = insn->imm & BPF_FETCH ? src : 0;
			}
		}
		break;
	case BPF_ALU:
	case BPF_ALU64:
		*def = dst;
		if (op == BPF_END)
			*use = dst;
		else if (op == BPF_MOV)
			*use = BPF_SRC(insn->code) == BPF_K ? 0 : src;
		else
			*use = BPF_SRC(insn->code) == BPF_K ? dst : dst | src;
		break;
	case BPF_JMP:
	case BPF_JMP32:
		switch (op) {
		case BPF_JA:
		case BPF_JCOND:
			*use = 0;
			break;
		case BPF_EXIT:
			*use = R(0);
			break;
		case BPF_CALL:
			*def = CALLER_SAVED;
			*use = liveness_call_args(env, insn);
			break;
		default:
			*use = BPF_SRC(insn->code) == BPF_K ? dst : dst | src;
			break;
		}
		break;
	}
}

/* Successors of @idx inside its function (the kernel's insn_successors()): up to two. */
static int successors(const struct env *env, u32 idx, u32 succ[2])
{
	const struct insn *in = &env->dec[idx];
	int n = 0;
	s64 t;

	if (in->kind != INSN_EXIT && in->kind != INSN_JA && idx + in->slots < env->insn_cnt)
		succ[n++] = idx + in->slots;
	if (in->kind == INSN_JA || in->kind == INSN_JMP_COND || in->kind == INSN_MAY_GOTO) {
		t = (s64)idx + 1 + in->jmp_off;
		if (t >= 0 && t < env->insn_cnt && (n == 0 || succ[0] != (u32)t))
			succ[n++] = (u32)t;
	}
	return n;
}

static bool is_second_slot(const struct env *env, u32 k)
{
	return k && env->dec[k].kind == INSN_LD_IMM64 && env->dec[k].slots == 1 &&
	       env->dec[k - 1].kind == INSN_LD_IMM64 && env->dec[k - 1].slots == 2;
}

/* The backward fixpoint shared by registers and stack slots: live[k] = (union of live over the
 * successors of k, minus def[k]) | use[k]. Backward order converges in few rounds on
 * forward-flowing code. */
static void solve_backward(const struct env *env, const u64 *use, const u64 *def, u64 *live)
{
	bool changed = true;
	u32 k;

	while (changed) {
		changed = false;
		for (k = env->insn_cnt; k-- > 0;) {
			u32 succ[2];
			u64 o = 0, in;
			int s, ns;

			if (is_second_slot(env, k))
				continue;
			ns = successors(env, k, succ);
			for (s = 0; s < ns; s++)
				o |= live[succ[s]];
			in = (o & ~def[k]) | use[k];
			if (in != live[k]) {
				live[k] = in;
				changed = true;
			}
		}
	}
}

int liveness_compute(struct env *env)
{
	u32 n = env->insn_cnt, i;
	u64 *use = calloc(n, sizeof(*use)), *def = calloc(n, sizeof(*def));
	u64 *live = calloc(n, sizeof(*live));
	int ret = 0;

	if (!use || !def || !live) {
		ret = -ENOMEM;
		goto out;
	}
	for (i = 0; i < n; i++) {
		u16 u, d;

		insn_use_def(env, &env->insns[i], &u, &d);
		/* a modelled kfunc reads as many registers as its BTF prototype has parameters */
		if (env->dec[i].kind == INSN_CALL_KFUNC && kfuncs_call_nargs(env, i) >= 0)
			u = (u16)(((1u << kfuncs_call_nargs(env, i)) - 1) << 1);
		use[i] = u;
		def[i] = d;
	}
	solve_backward(env, use, def, live);
	for (i = 0; i < n; i++)
		env->live_regs[i] = (u16)live[i];
out:
	free(use);
	free(def);
	free(live);
	return ret;
}

/* ---- Stack slots ----
 *
 * Which 8-byte slots of a function's own frame may still be read before being overwritten, for
 * each instruction (the role of kernel/bpf/liveness.c in 6.18, computed statically here). A
 * forward pass first finds, per instruction, which registers may point into the own frame
 * (FP at a known offset, or possibly somewhere in it: ANY); a backward pass then takes reads
 * through those pointers as uses and full 8-byte writes at known offsets as kills. Anything
 * that may read the frame without a known offset (a load or atomic through an ANY pointer, a
 * helper or subprogram given a pointer that may point into the frame, an instruction not
 * listed) makes every slot live. A register loaded from the frame itself may be a spilled frame
 * pointer (ANY); helpers, callees and other memory never hand back a pointer into the caller's
 * frame (the kernel refuses to return or store one), so their results are NOTFP.
 *
 * A caller's slots while a callee runs (the kernel's liveness is per call chain): live when the
 * caller may read them once the call returns, or when a frame above may still read memory
 * outside its own frame from where it stands (it may have been handed a pointer into the
 * caller's frame). reads_out marks the second: a load through anything but the own frame
 * pointer at a fixed offset, or any call, from an instruction on to the function's exit. */

enum fp_kind {
	NOTFP,		/* not a pointer into the own frame */
	FP,		/* fp + off */
	ANYFP,		/* may point anywhere into the own frame */
};

struct fp_val {
	u8 kind;
	s32 off;
};

struct fp_regs {
	struct fp_val r[STATE_NREGS];
	bool reached;
};

#define SLOTS_ALL (~0ull)

static struct fp_val fp_join(struct fp_val a, struct fp_val b)
{
	if (a.kind == b.kind && (a.kind != FP || a.off == b.off))
		return a;
	return (struct fp_val){ ANYFP, 0 };
}

/* The registers after @idx runs with @in (the forward transfer). */
static void fp_step(const struct env *env, u32 idx, const struct fp_regs *in, struct fp_regs *out)
{
	const struct bpf_insn *raw = &env->insns[idx];
	const struct insn *dec = &env->dec[idx];
	u8 d = raw->dst_reg & 0xf, s = raw->src_reg & 0xf, op = BPF_OP(raw->code);
	struct fp_val notfp = { NOTFP, 0 }, any = { ANYFP, 0 };
	int i;

	*out = *in;
	if (d >= STATE_NREGS)
		d = 0;
	if (s >= STATE_NREGS)
		s = 0;
	switch (dec->kind) {
	case INSN_MOV:
		if (BPF_SRC(raw->code) == BPF_K)
			out->r[d] = notfp;
		else if (BPF_CLASS(raw->code) == BPF_ALU64)
			out->r[d] = in->r[s];
		else
			out->r[d] = in->r[s].kind == NOTFP ? notfp : any;
		break;
	case INSN_ALU:
		if (BPF_SRC(raw->code) == BPF_K && in->r[d].kind == FP &&
		    BPF_CLASS(raw->code) == BPF_ALU64 && (op == BPF_ADD || op == BPF_SUB)) {
			s64 off = op == BPF_ADD ? (s64)in->r[d].off + raw->imm :
				  (s64)in->r[d].off - raw->imm;

			/* far outside the frame: any later access through it is refused */
			if (off < -BPF_MAX_VAR_OFF || off > BPF_MAX_VAR_OFF)
				out->r[d] = any;
			else
				out->r[d].off = (s32)off;
		} else if (in->r[d].kind != NOTFP ||
			   (BPF_SRC(raw->code) == BPF_X && in->r[s].kind != NOTFP)) {
			out->r[d] = any;
		}
		break;
	case INSN_MOVSX:
	case INSN_NEG:
	case INSN_END:
	case INSN_BSWAP:
		out->r[d] = in->r[dec->kind == INSN_MOVSX ? s : d].kind == NOTFP ? notfp : any;
		break;
	case INSN_LDX:
	case INSN_LDSX:
		out->r[d] = in->r[s].kind == NOTFP ? notfp : any;
		break;
	case INSN_LD_IMM64:
		out->r[d] = notfp;
		break;
	case INSN_ATOMIC:
		if (raw->imm == BPF_CMPXCHG)
			out->r[0] = in->r[d].kind == NOTFP ? notfp : any;
		else if (raw->imm == BPF_LOAD_ACQ)
			out->r[d] = in->r[s].kind == NOTFP ? notfp : any;
		else if (raw->imm & BPF_FETCH)
			out->r[s] = in->r[d].kind == NOTFP ? notfp : any;
		break;
	case INSN_CALL:
	case INSN_CALL_PSEUDO:
	case INSN_LD_ABS:
	case INSN_LD_IND:
		for (i = 0; i <= BPF_REG_5; i++)
			out->r[i] = notfp;
		if (dec->kind == INSN_CALL &&
		    !helper_proto((u32)raw->imm, env->prog_type, env->attach_type))
			out->r[0] = any;
		break;
	case INSN_ST:
	case INSN_STX:
	case INSN_JA:
	case INSN_JMP_COND:
	case INSN_MAY_GOTO:
	case INSN_EXIT:
		break;
	default:
		for (i = 0; i < BPF_REG_10; i++)
			out->r[i] = any;
		break;
	}
}

/* Instructions that neither read memory nor call anything. */
static bool reads_no_memory(u32 kind)
{
	switch (kind) {
	case INSN_MOV:
	case INSN_MOVSX:
	case INSN_ALU:
	case INSN_NEG:
	case INSN_END:
	case INSN_BSWAP:
	case INSN_LD_IMM64:
	case INSN_JA:
	case INSN_JMP_COND:
	case INSN_MAY_GOTO:
	case INSN_EXIT:
		return true;
	default:
		return false;
	}
}

/* Slots [off, off + size) of the frame (off negative), as a mask; 0 when outside. */
static u64 slot_mask(s64 off, u32 size)
{
	u64 m = 0;
	s64 b;

	for (b = off; b < off + (s64)size; b++)
		if (b >= -STACK_SIZE && b < 0)
			m |= 1ull << ((-b - 1) / STACK_SLOT_SIZE);
	return m;
}

/* Slots @idx may read (*gen) and surely overwrites whole (*kill), given registers @in. */
static void slot_use_def(const struct env *env, u32 idx, const struct fp_regs *in, u64 *gen,
			 u64 *kill)
{
	const struct bpf_insn *raw = &env->insns[idx];
	const struct insn *dec = &env->dec[idx];
	u8 d = raw->dst_reg & 0xf, s = raw->src_reg & 0xf;
	u32 size = 1u << (BPF_SIZE(raw->code) == BPF_DW ? 3 : BPF_SIZE(raw->code) == BPF_W ? 2 :
			  BPF_SIZE(raw->code) == BPF_H ? 1 : 0);
	const struct fp_val *base;
	u16 args;
	int i;

	*gen = *kill = 0;
	if (d >= STATE_NREGS || s >= STATE_NREGS) {
		*gen = SLOTS_ALL;
		return;
	}
	switch (dec->kind) {
	case INSN_LDX:
	case INSN_LDSX:
	case INSN_ATOMIC:
		base = &in->r[dec->kind == INSN_ATOMIC ? d : s];
		if (base->kind == ANYFP)
			*gen = SLOTS_ALL;
		else if (base->kind == FP)
			*gen = slot_mask((s64)base->off + raw->off, size);
		break;
	case INSN_ST:
	case INSN_STX:
		base = &in->r[d];
		if (base->kind == FP && size == STACK_SLOT_SIZE &&
		    !(((s64)base->off + raw->off) % STACK_SLOT_SIZE))
			*kill = slot_mask((s64)base->off + raw->off, size);
		break;
	case INSN_CALL:
	case INSN_CALL_PSEUDO:
		args = dec->kind == INSN_CALL ? liveness_call_args(env, raw) : 0x3e;
		for (i = 1; i <= BPF_REG_5; i++)
			if ((args & (1u << i)) && in->r[i].kind != NOTFP)
				*gen = SLOTS_ALL;
		break;
	case INSN_LD_ABS:
	case INSN_LD_IND:	/* the packet, not the stack */
		break;
	default:
		if (!reads_no_memory(dec->kind))
			*gen = SLOTS_ALL;
		break;
	}
}

/* Whether @idx may read memory outside its own frame, a caller's frame included: a load or
 * atomic through a base not known to be the own frame pointer at a fixed offset, any call (a
 * helper or callee may read through its arguments), and any instruction not listed. */
static bool reads_foreign(const struct env *env, u32 idx, const struct fp_regs *in)
{
	const struct bpf_insn *raw = &env->insns[idx];
	const struct insn *dec = &env->dec[idx];
	u8 base;

	switch (dec->kind) {
	case INSN_LDX:
	case INSN_LDSX:
	case INSN_ATOMIC:
		base = (dec->kind == INSN_ATOMIC ? raw->dst_reg : raw->src_reg) & 0xf;
		return base >= STATE_NREGS || in->r[base].kind != FP;
	case INSN_ST:
	case INSN_STX:
		return false;
	default:
		return !reads_no_memory(dec->kind);
	}
}

int liveness_compute_stack(struct env *env)
{
	u32 n = env->insn_cnt, i, k;
	struct fp_regs *regs = calloc(n, sizeof(*regs)), next;
	u64 *gen = calloc(n, sizeof(*gen)), *kill = calloc(n, sizeof(*kill));
	bool changed = true;
	int ret = 0;

	if (!regs || !gen || !kill) {
		ret = -ENOMEM;
		goto out;
	}
	/* function entries: only R10 points into the own frame */
	for (i = 0; i <= env->subprog_cnt; i++) {
		u32 start = i < env->subprog_cnt ? env->subprogs[i].start : 0;

		if (start >= n)
			continue;
		regs[start].reached = true;
		for (k = 0; k < STATE_NREGS; k++)
			regs[start].r[k] = (struct fp_val){ NOTFP, 0 };
		regs[start].r[BPF_REG_10] = (struct fp_val){ FP, 0 };
	}
	while (changed) {
		changed = false;
		for (k = 0; k < n; k++) {
			u32 succ[2];
			int s, ns;

			if (!regs[k].reached || is_second_slot(env, k))
				continue;
			fp_step(env, k, &regs[k], &next);
			ns = successors(env, k, succ);
			for (s = 0; s < ns; s++) {
				struct fp_regs *t = &regs[succ[s]];
				u32 r;

				if (!t->reached) {
					*t = next;
					changed = true;
					continue;
				}
				for (r = 0; r < STATE_NREGS; r++) {
					struct fp_val j = fp_join(t->r[r], next.r[r]);

					if (j.kind != t->r[r].kind || j.off != t->r[r].off) {
						t->r[r] = j;
						changed = true;
					}
				}
			}
		}
	}
	for (k = 0; k < n; k++) {
		env->live_slots[k] = 0;
		if (regs[k].reached && !is_second_slot(env, k))
			slot_use_def(env, k, &regs[k], &gen[k], &kill[k]);
	}
	solve_backward(env, gen, kill, env->live_slots);
	/* reads that may reach another frame: every read not known to be of the own frame */
	for (k = 0; k < n; k++) {
		gen[k] = regs[k].reached && !is_second_slot(env, k) && reads_foreign(env, k, &regs[k]);
		kill[k] = 0;
	}
	solve_backward(env, gen, kill, gen);
	for (k = 0; k < n; k++)
		env->reads_out[k] = gen[k] != 0;
out:
	free(regs);
	free(gen);
	free(kill);
	return ret;
}
