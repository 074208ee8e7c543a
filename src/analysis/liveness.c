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
 * the truth; every unknown case here answers "live". Stack slots are all kept alive (the
 * kernel's stack liveness of kernel/bpf/liveness.c is not modelled): that only compares more. */
#include <stdlib.h>

#include "analysis/env.h"
#include "checks/checks.h"
#include "checks/helper_protos.h"

#define CALLER_SAVED 0x3f	/* R0-R5 */
#define R(n) ((u16)(1u << (n)))

/* Registers a helper or subprogram call reads: R1..Rn for a known helper (its arguments), R1-R5
 * otherwise (the kernel's get_call_summary() fallback). */
static u16 call_use(const struct bpf_insn *insn)
{
	const struct helper_proto *fn;
	u16 use = 0;
	int i;

	if (insn->src_reg != 0)
		return CALLER_SAVED & ~R(0);
	fn = helper_proto((u32)insn->imm);
	if (!fn)
		return CALLER_SAVED & ~R(0);
	for (i = 0; i < 5 && fn->args[i] != HARG_NONE; i++)
		use |= R(i + 1);
	return use;
}

/* The kernel's compute_insn_live_regs(): registers @insn reads (*use) and writes (*def). */
static void insn_use_def(const struct bpf_insn *insn, u16 *use, u16 *def)
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
			*use = call_use(insn);
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

int liveness_compute(struct env *env)
{
	u32 n = env->insn_cnt, i, k;
	u16 *use = NULL, *def = NULL, *out = NULL;
	bool changed = true;
	int ret = 0;

	use = calloc(n, sizeof(*use));
	def = calloc(n, sizeof(*def));
	out = calloc(n, sizeof(*out));
	if (!use || !def || !out) {
		ret = -ENOMEM;
		goto out;
	}
	for (i = 0; i < n; i++) {
		insn_use_def(&env->insns[i], &use[i], &def[i]);
		/* a modelled kfunc reads as many registers as its BTF prototype has parameters */
		if (env->dec[i].kind == INSN_CALL_KFUNC && kfuncs_call_nargs(env, i) >= 0)
			use[i] = (u16)(((1u << kfuncs_call_nargs(env, i)) - 1) << 1);
		env->live_regs[i] = 0;
	}
	/* backward order converges in few rounds on forward-flowing code */
	while (changed) {
		changed = false;
		for (k = n; k-- > 0;) {
			u32 succ[2];
			u16 o = 0, in;
			int s, ns;

			if (env->dec[k].kind == INSN_LD_IMM64 && k && env->dec[k].slots == 1 &&
			    env->dec[k - 1].kind == INSN_LD_IMM64 && env->dec[k - 1].slots == 2)
				continue;	/* second slot of a ld_imm64 */
			ns = successors(env, k, succ);
			for (s = 0; s < ns; s++)
				o |= env->live_regs[succ[s]];
			in = (u16)((o & ~def[k]) | use[k]);
			if (o != out[k] || in != env->live_regs[k]) {
				out[k] = o;
				env->live_regs[k] = in;
				changed = true;
			}
		}
	}
out:
	free(use);
	free(def);
	free(out);
	return ret;
}
