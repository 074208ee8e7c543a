/* The legacy packet loads BPF_LD | BPF_ABS and BPF_LD | BPF_IND (r0 = ntohN(skb->data[imm])
 * and [src + imm]), as the 6.18 kernel's check_ld_abs() treats them.
 *
 * They are calls in disguise (the JIT emits a call to bpf_skb_load_helper_*): only program types
 * whose context is an skb may use them, R6 must hold that context unmodified, R1-R5 are
 * clobbered and R0 becomes an unknown scalar. The kernel marks R0 unknown over all 64 bits
 * although at most 32 are loaded (only the zero-extension bookkeeping knows better), so the
 * bounds here are the kernel's, not the tightest. A failed load ends the program with R0 = 0,
 * so references held at that point would leak and are refused; inside a subprogram that exit
 * only leaves the subprogram, a hidden path the kernel explores too: its caller goes on with
 * R0 = 0 (calls_abnormal_exit()).
 *
 * The reserved fields ("BPF_LD_[ABS|IND] uses reserved fields") were insn_check_phase()'s.
 * A held spin lock is refused (locks.c); RCU and preempt sections do not exist in our states
 * yet: programs with them are unknown before they get here. Rule ids: ldabs.*, refs.leak. */
#include <linux/bpf.h>

#include "analysis/env.h"
#include "checks/checks.h"

/* The kernel's may_access_skb(). */
static bool may_access_skb(u32 prog_type)
{
	switch (prog_type) {
	case BPF_PROG_TYPE_SOCKET_FILTER:
	case BPF_PROG_TYPE_SCHED_CLS:
	case BPF_PROG_TYPE_SCHED_ACT:
		return true;
	default:
		return false;
	}
}

int check_ld_abs(struct env *env, const struct insn *in)
{
	struct state *st = env->cur;
	struct reg *regs = cur_regs(env);
	u32 i;
	int err;

	if (!may_access_skb(env->prog_type))
		return env_reject(env, "ldabs.prog_type",
				  "BPF_LD_[ABS|IND] instructions not allowed for this program type");
	err = check_reg_read(env, BPF_REG_6);
	if (err)
		return err;
	/* check_resource_leak(env, false, true, "BPF_LD_[ABS|IND]"): the lock, then references */
	err = check_lock_released(env, "BPF_LD_[ABS|IND]");
	if (err)
		return err;
	err = check_resource_leak(env, "BPF_LD_[ABS|IND]");
	if (err)
		return err;
	if (regs[BPF_REG_6].type != PTR_TO_CTX)
		return env_reject(env, "ldabs.r6", "at the time of BPF_LD_ABS|IND R6 != pointer to skb");
	if (in->kind == INSN_LD_IND) {
		err = check_reg_read(env, in->src);
		if (err)
			return err;
	}
	err = check_ctx_ptr(env, BPF_REG_6, &regs[BPF_REG_6]);
	if (err)
		return err;
	for (i = BPF_REG_1; i <= BPF_REG_5; i++)
		regs[i] = reg_not_init();
	regs[BPF_REG_0] = reg_unknown();
	/* in a subprogram, a load that fails ends it with R0 = 0 (bpf_gen_ld_abs()'s hidden exit) */
	if (st->curframe)
		return calls_abnormal_exit(env, reg_const(0));
	return 0;
}
