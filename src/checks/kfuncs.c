/* Calls of kernel functions (BPF_PSEUDO_KFUNC_CALL), as Linux 6.18 checks them
 * (kernel/bpf/verifier.c: add_kfunc_call, check_kfunc_call, check_kfunc_args,
 * fixup_kfunc_call).
 *
 * Three moments:
 *  - before exploration (add_kfunc_call for every call instruction): a program that is not
 *    GPL-compatible may not call kernel functions at all; a call with imm == 0 and off == 0 is
 *    a placeholder (libbpf writes it for a __weak kfunc the kernel lacks) accepted for now;
 *    any other call must name a kfunc of the table below in the target BTF, else unknown;
 *  - during exploration (check_kfunc_call): a placeholder does nothing, not even clobber the
 *    caller-saved registers, and is remembered as reached; a modelled kfunc has its arguments
 *    checked in order, R1-R5 clobbered and R0 set from its return type;
 *  - after exploration (fixup_kfunc_call, after dead code is removed): a reached placeholder
 *    rejects the program, "invalid kernel function call not eliminated in verifier pass".
 *
 * The table carries, per modelled kfunc, its 6.18 BTF_ID_FLAGS flags and its prototype as the
 * kernel reads it from the kfunc's BTF FUNC_PROTO (checked against the target BTF's name; the
 * argument and return kinds are written out here). Every kfunc modelled belongs to a set the
 * kernel registers for every program type (common_kfunc_set, BPF_PROG_TYPE_UNSPEC). */
#include <bpf/btf.h>
#include <string.h>

#include "checks/checks.h"

/* BTF_ID_FLAGS flags (include/linux/btf.h), the ones the table uses */
enum {
	KF_RET_NULL = 1 << 1,
	KF_ITER_NEW = 1 << 8,
	KF_ITER_NEXT = 1 << 9,
	KF_ITER_DESTROY = 1 << 10,
};

enum kfunc_arg {
	KARG_NONE = 0,
	KARG_SCALAR,		/* an int/enum parameter: any scalar */
	KARG_ITER,		/* a pointer to the iterator struct (KF_ARG_PTR_TO_ITER) */
};

enum kfunc_ret {
	KRET_INT,		/* an integer: unknown scalar */
	KRET_VOID,		/* nothing: R0 not readable */
	KRET_MEM_RDONLY,	/* a pointer to a sized non-struct type: PTR_TO_MEM | MEM_RDONLY */
};

struct kfunc_proto {
	const char *name;
	u32 flags;
	u8 ret;			/* enum kfunc_ret */
	u32 ret_size;		/* KRET_MEM_RDONLY: the pointee's size */
	u8 args[5];		/* enum kfunc_arg */
	u32 iter_kind;		/* KARG_ITER: the iterator type ... */
	u32 iter_slots;		/* ... its size in stack slots ... */
	const char *iter_name;	/* ... and name without "bpf_iter_" */
};

static const struct kfunc_proto kfuncs[] = {
	/* kernel/bpf/bpf_iter.c, in common_btf_ids (kernel/bpf/helpers.c) */
	{ "bpf_iter_num_new", KF_ITER_NEW, KRET_INT, 0, { KARG_ITER, KARG_SCALAR, KARG_SCALAR },
	  ITER_KIND_NUM, 1, "num" },
	{ "bpf_iter_num_next", KF_ITER_NEXT | KF_RET_NULL, KRET_MEM_RDONLY, 4, { KARG_ITER },
	  ITER_KIND_NUM, 1, "num" },
	{ "bpf_iter_num_destroy", KF_ITER_DESTROY, KRET_VOID, 0, { KARG_ITER }, ITER_KIND_NUM, 1,
	  "num" },
};

/* The modelled kfunc call @in refers to, or NULL. */
static const struct kfunc_proto *kfunc_of(const struct env *env, const struct insn *in)
{
	const struct btf *b = env->opts.target_btf;
	const struct btf_type *t;
	const char *name;
	size_t i;

	if (!b || in->off != 0 || in->imm <= 0 || (u32)in->imm >= btf__type_cnt(b))
		return NULL;
	t = btf__type_by_id(b, (u32)in->imm);
	if (!t || !btf_is_func(t))
		return NULL;
	name = btf__name_by_offset(b, t->name_off);
	for (i = 0; name && i < ARRAY_SIZE(kfuncs); i++)
		if (!strcmp(kfuncs[i].name, name))
			return &kfuncs[i];
	return NULL;
}

int kfuncs_call_nargs(const struct env *env, u32 idx)
{
	const struct kfunc_proto *k;
	int n = 0;

	if (idx >= env->insn_cnt || env->dec[idx].kind != INSN_CALL_KFUNC)
		return -1;
	k = kfunc_of(env, &env->dec[idx]);
	if (!k)
		return -1;
	while (n < (int)ARRAY_SIZE(k->args) && k->args[n] != KARG_NONE)
		n++;
	return n;
}

bool kfuncs_is_iter_next(const struct env *env, u32 idx)
{
	const struct kfunc_proto *k;

	if (idx >= env->insn_cnt || env->dec[idx].kind != INSN_CALL_KFUNC)
		return false;
	k = kfunc_of(env, &env->dec[idx]);
	return k && (k->flags & KF_ITER_NEXT);
}

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
		if (!kfunc_of(env, in))
			return env_unknown(env, "not modelled yet: kfunc call at insn %u", i);
	}
	return 0;
}

static u32 iter_op(u32 flags)
{
	if (flags & KF_ITER_NEW)
		return ITER_OP_NEW;
	if (flags & KF_ITER_NEXT)
		return ITER_OP_NEXT;
	if (flags & KF_ITER_DESTROY)
		return ITER_OP_DESTROY;
	return ITER_OP_USE;
}

/* check_kfunc_args() for the kinds the table uses; *@ref_obj_id: the referenced argument's. */
static int check_args(struct env *env, const struct kfunc_proto *k, u32 *ref_obj_id)
{
	u32 i;
	int err;

	for (i = 0; i < ARRAY_SIZE(k->args) && k->args[i] != KARG_NONE; i++) {
		u32 regno = i + 1;
		const struct reg *r = &cur_regs(env)[regno];
		struct iter_arg a = { iter_op(k->flags), k->iter_kind, k->iter_slots, k->iter_name };

		switch (k->args[i]) {
		case KARG_SCALAR:
			if (r->type != SCALAR_VALUE)
				return env_reject(env, "kfunc.arg_type", "R%u is not a scalar", regno);
			break;
		case KARG_ITER:
			if (i != 0)
				return env_unknown(env, "not modelled yet: iterator argument #%u", i);
			err = iter_process_arg(env, regno, &a, ref_obj_id);
			if (err)
				return err;
			break;
		default:
			return env_reject(env, "analysis.bug", "kfunc argument kind %u", k->args[i]);
		}
	}
	return 0;
}

int check_kfunc_call(struct env *env, const struct insn *in)
{
	const struct kfunc_proto *k;
	struct reg *regs, arg1;
	u32 ref_obj_id = 0, i;
	int err;

	/* under a lock only some kfuncs may be called (kfunc_spin_allowed(): the graph API, and
	 * which others in 6.18 is not modelled) */
	if (env->cur->active_locks)
		return env_unknown(env, "not modelled yet: kfunc call under a lock (insn %u)",
				   env->insn_idx);
	if (in->imm == 0) {
		if (!env->kfunc_placeholder_seen || env->insn_idx < env->kfunc_placeholder_insn)
			env->kfunc_placeholder_insn = env->insn_idx;
		env->kfunc_placeholder_seen = true;
		return 0;
	}
	k = kfunc_of(env, in);
	if (!k)
		return env_unknown(env, "not modelled yet: kfunc call at insn %u", env->insn_idx);
	err = check_args(env, k, &ref_obj_id);
	if (err)
		return err;
	regs = cur_regs(env);
	arg1 = regs[BPF_REG_1];
	for (i = BPF_REG_0; i <= BPF_REG_5; i++)
		regs[i] = reg_not_init();
	switch (k->ret) {
	case KRET_INT:
		regs[0] = reg_unknown();
		break;
	case KRET_VOID:
		break;
	case KRET_MEM_RDONLY:
		regs[0] = reg_ptr(PTR_TO_MEM | REG_RDONLY, 0);
		regs[0].range = k->ret_size;
		/* the memory goes with the referenced argument it came from */
		regs[0].ref_obj_id = ref_obj_id;
		if (k->flags & KF_RET_NULL) {
			regs[0].type |= REG_MAYBE_NULL;
			regs[0].id = ++env->id_gen;
		}
		break;
	}
	if (k->flags & KF_ITER_NEXT)
		return iter_next_call(env, &arg1);
	return 0;
}

int kfuncs_check_fixup(struct env *env)
{
	if (!env->kfunc_placeholder_seen)
		return 0;
	env->insn_idx = env->kfunc_placeholder_insn;
	return env_reject(env, "kfunc.not_eliminated",
			  "invalid kernel function call not eliminated in verifier pass");
}
