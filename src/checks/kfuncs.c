/* Calls of kernel functions (BPF_PSEUDO_KFUNC_CALL), as Linux 6.18 checks them
 * (kernel/bpf/verifier.c: add_kfunc_call, check_kfunc_call, fixup_kfunc_call).
 *
 * Three moments:
 *  - before exploration (add_kfunc_call for every call instruction): a program that is not
 *    GPL-compatible may not call kernel functions at all; a call with imm == 0 and off == 0 is
 *    a placeholder (libbpf writes it for a __weak kfunc the kernel lacks) accepted for now;
 *  - during exploration (check_kfunc_call): a placeholder does nothing, not even clobber the
 *    caller-saved registers; it is only remembered as reached;
 *  - after exploration (fixup_kfunc_call, after dead code is removed): a reached placeholder
 *    rejects the program, "invalid kernel function call not eliminated in verifier pass".
 * A real kfunc (resolved against the target BTF) is not modelled yet: unknown. */
#include "checks/checks.h"

int kfuncs_check_prog(struct env *env)
{
	u32 i;

	for (i = 0; i < env->insn_cnt; i++) {
		const struct insn *in = &env->dec[i];

		if (in->kind != INSN_CALL_KFUNC)
			continue;
		env->insn_idx = i;
		if (!env->opts.gpl)
			return env_reject(env, "kfunc.gpl",
					  "cannot call kernel function from non-GPL compatible program");
		if (in->imm == 0 && in->off == 0)
			continue;	/* a placeholder: judged after dead code elimination */
		return env_unknown(env, "not modelled yet: kfunc call at insn %u", i);
	}
	return 0;
}

int check_kfunc_call(struct env *env, const struct insn *in)
{
	if (env->cur->active_locks)
		return env_reject(env, "lock.call", "function calls are not allowed while holding a lock");
	if (in->imm == 0) {
		if (!env->kfunc_placeholder_seen || env->insn_idx < env->kfunc_placeholder_insn)
			env->kfunc_placeholder_insn = env->insn_idx;
		env->kfunc_placeholder_seen = true;
		return 0;
	}
	return env_unknown(env, "not modelled yet: kfunc call at insn %u", env->insn_idx);
}

int kfuncs_check_fixup(struct env *env)
{
	if (!env->kfunc_placeholder_seen)
		return 0;
	env->insn_idx = env->kfunc_placeholder_insn;
	return env_reject(env, "kfunc.not_eliminated",
			  "invalid kernel function call not eliminated in verifier pass");
}
