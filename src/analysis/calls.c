/* bpf-to-bpf calls: subprograms, call frames and the stack limits, as the Linux 6.18 verifier
 * treats them (kernel/bpf/verifier.c: add_subprog_and_kfunc, check_subprogs,
 * check_abnormal_return, check_func_call / __check_func_call / setup_func_entry,
 * prepare_func_exit, grow_stack_state, check_max_stack_depth_subprog).
 *
 * Subprograms start at instruction 0 and at every BPF_PSEUDO_CALL target. A static subprogram
 * is verified in its caller's context: a new frame (at most 8: MAX_CALL_FRAMES) gets a copy of
 * R1-R5 and its own R10 and stack; the caller's R0-R5 become NOT_INIT; at the callee's exit R0
 * goes back to the caller (never a stack pointer) and execution continues after the call.
 * Stack pointers carry the frame they point into (reg.frameno), so a callee may read and write
 * its callers' stacks through arguments, as the kernel allows.
 *
 * Each subprogram's stack depth is the maximum, over every explored path, of the bytes it used
 * below its frame pointer (rounded to 8 like grow_stack_state). After exploration the static
 * call graph is walked from main as check_max_stack_depth() does: the sum of the depths, each
 * rounded to 16 (a JIT is requested), along any call chain must stay within 512 bytes, and no
 * chain may be 8 frames deep.
 *
 * Global functions (BTF linkage global, with func_info) are verified once on their own, after the
 * main program, from their BTF argument types (int/enum: any scalar; pointer to the context
 * struct: ctx; other pointers: sized memory or NULL); a call checks the arguments against the
 * same types and yields an unknown scalar in R0.
 *
 * Callbacks (BPF_PSEUDO_FUNC, bpf_loop, ...) are subprograms too; their frames are set up and torn
 * down by callbacks.c.
 *
 * Not modelled (answered unknown): argument tags and other argument types of global functions,
 * the private stacks of tracing programs when the combined limit would fail, subprograms with
 * tail calls or LD_ABS under func_info. */
#include <bpf/btf.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/env.h"
#include "checks/checks.h"

#define BPF_MAX_SUBPROGS 256

static bool is_pseudo_call(const struct bpf_insn *in)
{
	return in->code == (BPF_JMP | BPF_CALL) && in->src_reg == BPF_PSEUDO_CALL;
}

/* ld_imm64 of a callback's address: its target is a subprogram too (bpf_pseudo_func). */
static bool is_pseudo_func(const struct bpf_insn *in)
{
	return in->code == (BPF_LD | BPF_IMM | BPF_DW) && in->src_reg == BPF_PSEUDO_FUNC;
}

int calls_find_subprog(const struct env *env, u32 insn_idx)
{
	u32 lo = 0, hi = env->subprog_cnt;

	while (lo < hi) {
		u32 mid = (lo + hi) / 2;

		if (env->subprogs[mid].start == insn_idx)
			return (int)mid;
		if (env->subprogs[mid].start < insn_idx)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

/* The kernel's add_subprog(): keeps the starts sorted and unique. */
static int add_subprog(struct env *env, s64 off)
{
	u32 i;

	if (off < 0 || off >= env->insn_cnt)
		return env_reject(env, "calls.target", "call to invalid destination");
	if (calls_find_subprog(env, (u32)off) >= 0)
		return 0;
	if (env->subprog_cnt >= BPF_MAX_SUBPROGS)
		return env_reject(env, "calls.too_many", "too many subprograms");
	for (i = env->subprog_cnt; i > 0 && env->subprogs[i - 1].start > off; i--)
		env->subprogs[i] = env->subprogs[i - 1];
	memset(&env->subprogs[i], 0, sizeof(env->subprogs[i]));
	env->subprogs[i].start = (u32)off;
	env->subprog_cnt++;
	return 0;
}

static const struct btf_type *skip_mods(const struct btf *btf, u32 id, u32 *res_id)
{
	const struct btf_type *t = btf__type_by_id(btf, id);

	while (t && (btf_is_mod(t) || btf_is_typedef(t))) {
		id = t->type;
		t = btf__type_by_id(btf, id);
	}
	if (res_id)
		*res_id = id;
	return t;
}

/* The context struct name a global function's pointer argument must name to be a ctx argument
 * (the kernel's btf_is_prog_ctx_type()), for the program types modelled; NULL otherwise. */
static const char *ctx_struct_name(u32 prog_type)
{
	switch (prog_type) {
	case BPF_PROG_TYPE_SOCKET_FILTER:
	case BPF_PROG_TYPE_SCHED_CLS:
	case BPF_PROG_TYPE_SCHED_ACT:
	case BPF_PROG_TYPE_CGROUP_SKB:
	case BPF_PROG_TYPE_LWT_IN:
	case BPF_PROG_TYPE_LWT_OUT:
	case BPF_PROG_TYPE_LWT_XMIT:
	case BPF_PROG_TYPE_LWT_SEG6LOCAL:
	case BPF_PROG_TYPE_SK_SKB:
		return "__sk_buff";
	case BPF_PROG_TYPE_XDP:
		return "xdp_md";
	default:
		return NULL;
	}
}

/* @tname names the context struct @ctx_name, or its kernel-side projection
 * (btf_is_projection_of: sk_buff for __sk_buff, xdp_buff for xdp_md). */
static bool is_ctx_name(const char *ctx_name, const char *tname)
{
	if (!tname)
		return false;
	if (!strcmp(ctx_name, tname))
		return true;
	return (!strcmp(ctx_name, "__sk_buff") && !strcmp(tname, "sk_buff")) ||
	       (!strcmp(ctx_name, "xdp_md") && !strcmp(tname, "xdp_buff"));
}

/* The kernel's btf_prepare_func_args() for global function @sp of BTF FUNC @func_id, the plain
 * cases: at most 5 int/enum or pointer arguments without "arg:" tags, an int/enum return. Anything
 * else leaves ->unsupported set (calls to it are unknown). */
static void prepare_global_args(struct env *env, struct subprog *sp, u32 func_id)
{
	const struct btf *btf = env->opts.btf;
	const struct btf_type *fn = btf__type_by_id(btf, func_id);
	const struct btf_type *proto = fn ? skip_mods(btf, fn->type, NULL) : NULL;
	const struct btf_type *t;
	const struct btf_param *args;
	const char *ctx_name = ctx_struct_name(env->prog_type);
	u32 i, n, id;

	sp->name = btf__name_by_offset(btf, fn->name_off);
	if (!proto || !btf_is_func_proto(proto)) {
		sp->unsupported = "no function prototype";
		return;
	}
	n = btf_vlen(proto);
	if (n > 5) {
		sp->unsupported = "more than 5 arguments";
		return;
	}
	t = skip_mods(btf, proto->type, NULL);
	if (!t || !(btf_is_int(t) || btf_is_any_enum(t))) {
		sp->unsupported = "a return type that is not a scalar";
		return;
	}
	for (id = 1; id < btf__type_cnt(btf); id++) {
		const struct btf_type *tag = btf__type_by_id(btf, id);
		const char *name;

		if (!btf_is_decl_tag(tag) || tag->type != func_id || btf_decl_tag(tag)->component_idx < 0)
			continue;
		name = btf__name_by_offset(btf, tag->name_off);
		if (name && !strncmp(name, "arg:", 4)) {
			sp->unsupported = "argument tags";
			return;
		}
	}
	args = btf_params(proto);
	for (i = 0; i < n; i++) {
		u32 pointee;
		s64 size;

		t = skip_mods(btf, args[i].type, NULL);
		if (t && (btf_is_int(t) || btf_is_any_enum(t))) {
			sp->arg_kind[i] = SARG_ANYTHING;
			continue;
		}
		if (!t || !btf_is_ptr(t)) {
			sp->unsupported = "an argument that is neither a scalar nor a pointer";
			return;
		}
		if (!ctx_name) {
			sp->unsupported = "pointer arguments in this program type";
			return;
		}
		t = skip_mods(btf, t->type, &pointee);
		if (t && btf_is_struct(t) && t->name_off &&
		    is_ctx_name(ctx_name, btf__name_by_offset(btf, t->name_off))) {
			sp->arg_kind[i] = SARG_CTX;
			continue;
		}
		size = t && !btf_is_void(t) && !btf_is_func_proto(t) ? btf__resolve_size(btf, pointee) : -1;
		if (size < 0) {
			sp->unsupported = "a pointer argument of unknown size";
			return;
		}
		sp->arg_kind[i] = SARG_MEM;
		sp->arg_size[i] = (u32)size;
	}
	sp->arg_cnt = (u8)n;
}

/* func_info present (check_btf_func): the records must match the subprograms, and their BTF
 * linkage tells static from global functions. */
static int check_func_info(struct env *env)
{
	const struct prog *prog = env->prog;
	u32 i;

	/* the loader hands the kernel exactly these records (loader/kernel.c) */
	env->insn_idx = 0;
	if (prog->func_cnt != env->subprog_cnt)
		return env_reject(env, "calls.func_info",
				  "number of funcs in func_info doesn't match number of subprogs");
	for (i = 0; i < env->subprog_cnt; i++)
		if ((i == 0 && prog->funcs[i].insn_idx) ||
		    (i && prog->funcs[i].insn_idx <= prog->funcs[i - 1].insn_idx))
			return env_unknown(env, "not modelled yet: func_info records out of order");
	for (i = 0; i < env->subprog_cnt; i++)
		if (prog->funcs[i].insn_idx != env->subprogs[i].start)
			return env_reject(env, "calls.func_info",
					  "func_info BTF section doesn't match subprog layout in BPF program");
	if (env->subprog_cnt == 1)
		return 0;
	if (!env->opts.btf)
		return env_unknown(env, "not modelled yet: bpf-to-bpf calls with func_info but no BTF");
	for (i = 0; i < env->subprog_cnt; i++) {
		const struct btf_type *t = btf__type_by_id(env->opts.btf, prog->funcs[i].type_id);

		if (!t || !btf_is_func(t))
			return env_unknown(env, "not modelled yet: func_info not matching subprogram %u",
					   i);
		env->subprogs[i].is_global = i && btf_vlen(t) == BTF_FUNC_GLOBAL;
		if (env->subprogs[i].is_global)
			prepare_global_args(env, &env->subprogs[i], prog->funcs[i].type_id);
		if (i && (env->subprogs[i].has_ld_abs || env->subprogs[i].has_tail_call)) {
			/* check_btf_func(): such a subprogram must return a scalar */
			const struct btf_type *proto = skip_mods(env->opts.btf, t->type, NULL);
			const struct btf_type *ret = proto && btf_is_func_proto(proto) ?
						     skip_mods(env->opts.btf, proto->type, NULL) : NULL;

			if (!ret)
				return env_unknown(env, "not modelled yet: subprogram %u without a prototype", i);
			if (!btf_is_int(ret) && !btf_is_any_enum(ret)) {
				env->insn_idx = env->subprogs[i].start;
				return env_reject(env, "calls.btf_ret", "%s is only allowed in functions that return 'int'.",
						  env->subprogs[i].has_ld_abs ? "LD_ABS" : "tail_call");
			}
		}
	}
	return 0;
}

int calls_find_subprogs(struct env *env)
{
	const struct bpf_insn *insn = env->insns;
	u32 n = env->insn_cnt, i, cur = 0, start, end;
	int err;

	env->subprogs = calloc(BPF_MAX_SUBPROGS + 1, sizeof(*env->subprogs));
	if (!env->subprogs)
		return -ENOMEM;
	env->subprog_cnt = 1;
	/* add_subprog_and_kfunc() */
	for (i = 0; i < n; i++) {
		if (!is_pseudo_call(&insn[i]) && !is_pseudo_func(&insn[i]))
			continue;
		env->insn_idx = i;
		err = add_subprog(env, (s64)i + insn[i].imm + 1);
		if (err)
			return err;
	}
	env->subprogs[env->subprog_cnt].start = n;	/* sentinel */

	/* check_subprogs(): jumps stay inside their subprogram, each ends with exit or ja */
	start = env->subprogs[0].start;
	end = env->subprogs[1].start;
	for (i = 0; i < n; i++) {
		u8 code = insn[i].code, cls = BPF_CLASS(code);

		if (code == (BPF_JMP | BPF_CALL) && insn[i].src_reg == 0 &&
		    insn[i].imm == BPF_FUNC_tail_call)
			env->subprogs[cur].has_tail_call = true;
		if (cls == BPF_LD && (BPF_MODE(code) == BPF_ABS || BPF_MODE(code) == BPF_IND))
			env->subprogs[cur].has_ld_abs = true;
		if ((cls == BPF_JMP || cls == BPF_JMP32) && BPF_OP(code) != BPF_EXIT &&
		    BPF_OP(code) != BPF_CALL) {
			s64 off = (s64)i + 1 + (cls == BPF_JMP32 && BPF_OP(code) == BPF_JA ?
						insn[i].imm : insn[i].off);

			if (off < start || off >= end) {
				env->insn_idx = i;
				return env_reject(env, "cfg.jump_range",
						  "jump out of range from insn %u to %lld", i,
						  (long long)off);
			}
		}
		if (i == end - 1) {
			if (code != (BPF_JMP | BPF_EXIT) && code != (BPF_JMP32 | BPF_JA) &&
			    code != (BPF_JMP | BPF_JA)) {
				env->insn_idx = i;
				return env_reject(env, "cfg.last_insn", "last insn is not an exit or jmp");
			}
			start = end;
			cur++;
			if (cur < env->subprog_cnt)
				end = env->subprogs[cur + 1].start;
		}
	}

	/* check_btf_info(): without func_info, check_abnormal_return() */
	if (env->prog->func_cnt)
		return check_func_info(env);
	for (i = 1; i < env->subprog_cnt; i++) {
		env->insn_idx = env->subprogs[i].start;
		if (env->subprogs[i].has_ld_abs)
			return env_reject(env, "calls.ld_abs",
					  "LD_ABS is not allowed in subprogs without BTF");
		if (env->subprogs[i].has_tail_call)
			return env_reject(env, "calls.tail_call",
					  "tail_call is not allowed in subprogs without BTF");
	}
	return 0;
}

void calls_note_stack_depth(struct env *env, u32 frameno)
{
	const struct frame *f = &env->cur->frames[frameno];
	struct subprog *sp = &env->subprogs[f->subprog];

	if (sp->stack_depth < f->stack.depth)
		sp->stack_depth = f->stack.depth;
}

static void pkt_one(struct reg *r, void *p)
{
	if (reg_is_pkt_any(r))
		*(bool *)p = true;
}

/* Whether subprogram @sp, or one it calls, calls a helper or kfunc (that might change packet
 * data: the kernel's changes_pkt_data, approximated from above). */
static bool tree_calls_helpers(const struct env *env, u32 sp, u8 *seen)
{
	u32 i;

	if (seen[sp])
		return false;
	seen[sp] = 1;
	for (i = env->subprogs[sp].start; i < env->subprogs[sp + 1].start; i++) {
		const struct bpf_insn *in = &env->insns[i];
		int callee;

		if (in->code != (BPF_JMP | BPF_CALL))
			continue;
		if (in->src_reg != BPF_PSEUDO_CALL)
			return true;
		callee = calls_find_subprog(env, (u32)((s64)i + in->imm + 1));
		if (callee < 0 || tree_calls_helpers(env, (u32)callee, seen))
			return true;
	}
	return false;
}

/* Clobbers the caller's stack bytes a global function may write (check_mem_reg's write check:
 * check_stack_range_initialized with clobber): misc, spills forgotten. */
static void clobber_stack(struct env *env, const struct reg *r, u32 size)
{
	struct stack *st = &env->cur->frames[r->frameno].stack;
	s64 off = r->off + (s64)r->var.var_off.value, i;

	for (i = off; i < off + size && i < 0; i++) {
		int spi = stack_spi((int)i);

		if (i < -STACK_SIZE)
			continue;
		if (stack_is_spill(st, spi))
			stack_scrub_slot(st, spi);
		st->slot[spi].type[stack_bidx((int)i)] = STACK_MISC;
	}
}

/* A call of global function @sp: its arguments against its BTF prototype
 * (btf_check_func_arg_match), then R0 an unknown scalar, R1-R5 NOT_INIT; the function itself is
 * verified on its own after the main program. */
static int global_call(struct env *env, u32 spi)
{
	struct subprog *sp = &env->subprogs[spi];
	struct reg *regs = cur_regs(env);
	u8 seen[BPF_MAX_SUBPROGS + 1] = { 0 };
	bool pkt = false;
	u32 i;
	int err;

	if (sp->unsupported)
		return env_unknown(env, "not modelled yet: global function %s() with %s", sp->name,
				   sp->unsupported);
	for (i = 0; i < sp->arg_cnt; i++) {
		u32 regno = i + 1;
		struct reg *r = &regs[regno];

		switch (sp->arg_kind[i]) {
		case SARG_ANYTHING:
			if (r->type != SCALAR_VALUE) {
				env_reject(env, "calls.global_arg", "R%u is not a scalar", regno);
				goto invalid;
			}
			break;
		case SARG_CTX:
			if (r->type == PTR_TO_CTX && !r->off && tnum_equals_const(r->var.var_off, 0))
				break;
			switch (r->type) {
			case SCALAR_VALUE:
			case PTR_TO_STACK:
			case PTR_TO_PACKET:
			case PTR_TO_PACKET_META:
			case PTR_TO_MAP_KEY:
			case PTR_TO_MAP_VALUE:
			case PTR_TO_MEM:
				env_reject(env, "calls.global_arg", "arg#%u expects pointer to ctx", i);
				goto invalid;
			default:
				return env_unknown(env, "not modelled yet: %s as ctx argument of global function %s()",
						   env_type_str(env, r->type), sp->name);
			}
		case SARG_MEM: {
			u32 saved = r->type;

			if (reg_is_null(r))
				break;
			if (reg_base(r) != PTR_TO_STACK && reg_base(r) != PTR_TO_MAP_VALUE &&
			    reg_base(r) != PTR_TO_MEM)
				return env_unknown(env, "not modelled yet: %s as memory argument of global function %s()",
						   env_type_str(env, r->type), sp->name);
			if (reg_base(r) == PTR_TO_STACK && !tnum_is_const(r->var.var_off))
				return env_unknown(env, "not modelled yet: variable stack pointer as argument of global function %s()",
						   sp->name);
			r->type &= ~REG_MAYBE_NULL;
			err = check_helper_mem_access(env, regno, sp->arg_size[i], ACC_READ, true, NULL);
			err = err ?: check_helper_mem_access(env, regno, sp->arg_size[i], ACC_WRITE, true,
							     NULL);
			r = &cur_regs(env)[regno];
			r->type = saved;
			if (err == -EACCES)
				goto invalid;
			if (err)
				return err;
			if (reg_base(r) == PTR_TO_STACK)
				clobber_stack(env, r, sp->arg_size[i]);
			break;
		}
		}
	}
	state_for_each_reg(env->cur, pkt_one, &pkt);
	if (pkt && tree_calls_helpers(env, spi, seen))
		return env_unknown(env, "not modelled yet: packet pointers across a call of global function %s()",
				   sp->name);
	sp->called = true;
	trace_global_call(env, spi, sp->name);
	regs = cur_regs(env);
	for (i = BPF_REG_1; i <= BPF_REG_5; i++)
		regs[i] = reg_not_init();
	regs[BPF_REG_0] = reg_unknown();
	return 0;
invalid:
	env_log(env, "Caller passes invalid args into func#%u ('%s')", spi, sp->name);
	return -EACCES;
}

u32 calls_next_global(const struct env *env, u32 after)
{
	u32 n, i;

	/* the rest of this pass, then a new pass from the start */
	for (n = 1; n < env->subprog_cnt; n++) {
		const struct subprog *sp;

		i = (after + n) % env->subprog_cnt;
		sp = &env->subprogs[i];
		if (i && sp->is_global && sp->called && !sp->verified)
			return i;
	}
	return 0;
}

int calls_global_entry(struct env *env, u32 spi)
{
	const struct subprog *sp = &env->subprogs[spi];
	struct reg *regs;
	u32 i;

	state_init(env->cur, reg_not_init());
	env->cur->frames[0].subprog = spi;
	regs = cur_regs(env);
	for (i = 0; i < sp->arg_cnt; i++) {
		struct reg *r = &regs[i + 1];

		switch (sp->arg_kind[i]) {
		case SARG_ANYTHING:
			*r = reg_unknown();
			break;
		case SARG_CTX:
			*r = reg_ptr(PTR_TO_CTX, 0);
			break;
		case SARG_MEM:
			*r = reg_ptr(PTR_TO_MEM | REG_MAYBE_NULL, 0);
			r->range = sp->arg_size[i];
			r->id = ++env->id_gen;
			break;
		}
	}
	return 0;
}

int check_global_exit(struct env *env)
{
	const struct reg *r0 = &cur_regs(env)[BPF_REG_0];
	int err;

	err = check_resource_leak(env, "BPF_EXIT instruction in main prog");
	if (err)
		return err;
	err = check_reg_read(env, BPF_REG_0);
	if (err)
		return err;
	if (r0->type != SCALAR_VALUE)
		return env_reject(env, "exit.retval",
				  "At subprogram exit the register R0 is not a scalar value (%s)",
				  env_type_str(env, r0->type));
	return 1;
}

struct frame *calls_push_frame(struct env *env, struct state *st, u32 sp)
{
	struct frame *callee;
	int i;

	if (st->curframe + 1 >= STATE_MAX_FRAMES) {
		env_reject(env, "calls.depth", "the call stack of %u frames is too deep",
			   st->curframe + 2);
		return NULL;
	}
	callee = &st->frames[st->curframe + 1];
	memset(callee, 0, sizeof(*callee));
	for (i = 0; i < STATE_NREGS; i++)
		callee->regs[i] = reg_not_init();
	callee->regs[BPF_REG_10] = reg_ptr(PTR_TO_STACK, 0);
	callee->regs[BPF_REG_10].frameno = (u8)(st->curframe + 1);
	callee->frameno = st->curframe + 1;
	callee->callsite = env->insn_idx;
	callee->subprog = sp;
	stack_init(&callee->stack);
	st->curframe++;
	return callee;
}

int check_func_call(struct env *env, const struct insn *in)
{
	struct state *st = env->cur;
	u32 target = (u32)((s64)env->insn_idx + env->insns[env->insn_idx].imm + 1);
	int sp = calls_find_subprog(env, target);
	struct frame *caller, *callee;
	int i;

	(void)in;
	if (sp < 0)
		return env_reject(env, "analysis.bug", "target of func call at insn %u is not a program",
				  target);
	if (env->subprogs[sp].is_global)
		return global_call(env, (u32)sp);
	caller = &st->frames[st->curframe];
	callee = calls_push_frame(env, st, (u32)sp);
	if (!callee)
		return -EACCES;
	/* set_callee_state(): the arguments */
	for (i = BPF_REG_1; i <= BPF_REG_5; i++)
		callee->regs[i] = caller->regs[i];
	/* clear_caller_saved_regs() */
	for (i = BPF_REG_0; i <= BPF_REG_5; i++)
		caller->regs[i] = reg_not_init();
	env->next_idx = target;
	trace_call(env);
	return 0;
}

int check_func_exit(struct env *env)
{
	struct state *st = env->cur;
	struct frame *callee = &st->frames[st->curframe];
	struct frame *caller = &st->frames[st->curframe - 1];
	struct reg r0 = callee->regs[BPF_REG_0];

	if (calls_in_callback(env, st->curframe))
		return check_callback_exit(env);	/* callbacks.c */
	/* the kernel checks neither R0 nor references here: both go back to the caller */
	if (r0.type == PTR_TO_STACK)
		return env_reject(env, "calls.ret_stack", "cannot return stack pointer to the caller");
	calls_note_stack_depth(env, st->curframe);
	caller->regs[BPF_REG_0] = r0;
	env->next_idx = callee->callsite + 1;
	trace_return(env, env->next_idx);
	memset(callee, 0, sizeof(*callee));
	st->curframe--;
	return 0;
}

int calls_abnormal_exit(struct env *env, struct reg r0)
{
	int err;

	if (calls_in_callback(env, env->cur->curframe))
		return env_unknown(env, "not modelled yet: a tail call or LD_ABS/IND in a callback");
	if (!env_push_branch(env, env->insn_idx + 1, &err))
		return err;
	cur_regs(env)[BPF_REG_0] = r0;
	return check_func_exit(env);
}

/* round_up_stack_depth() with a JIT requested (x86-64): 16-byte granularity. */
static u32 round_depth(u32 d)
{
	return (d + 15) / 16 * 16;
}

/* Private stacks (bpf_enable_priv_stack): tracing programs may run deep subprograms on their own
 * stack, which only relaxes the combined limit. */
static bool may_use_priv_stack(const struct env *env)
{
	switch (env->prog_type) {
	case BPF_PROG_TYPE_KPROBE:
	case BPF_PROG_TYPE_TRACEPOINT:
	case BPF_PROG_TYPE_PERF_EVENT:
	case BPF_PROG_TYPE_RAW_TRACEPOINT:
	case BPF_PROG_TYPE_TRACING:
	case BPF_PROG_TYPE_LSM:
	case BPF_PROG_TYPE_STRUCT_OPS:
		return true;
	default:
		return false;
	}
}

int check_max_stack_depth(struct env *env)
{
	const struct bpf_insn *insn = env->insns;
	u32 ret_insn[STATE_MAX_FRAMES], ret_prog[STATE_MAX_FRAMES];
	u32 depth = 0, frame = 0, idx = 0, i = 0, end;
	bool any_tail_call = false;
	u32 k;

	if (env->subprog_cnt == 1)
		return 0;
	for (k = 0; k < env->subprog_cnt; k++)
		any_tail_call |= env->subprogs[k].has_tail_call;
	env->insn_idx = 0;
process_func:
	if (idx && env->subprogs[idx].has_tail_call && depth >= 256)
		return env_reject(env, "calls.stack",
				  "tail_calls are not allowed when call stack of previous frames is %u bytes. Too large",
				  depth);
	depth += round_depth(env->subprogs[idx].stack_depth);
	if (depth > STACK_SIZE) {
		if (may_use_priv_stack(env) && !any_tail_call)
			return env_unknown(env, "not modelled yet: private stacks of tracing programs (combined stack size %u)",
					   depth);
		return env_reject(env, "calls.stack", "combined stack size of %u calls is %u. Too large",
				  frame + 1, depth);
	}
continue_func:
	end = env->subprogs[idx + 1].start;
	for (; i < end; i++) {
		int sidx;

		/* a callback's frame sits on top of the frame that loads its address */
		if (!is_pseudo_call(&insn[i]) && !is_pseudo_func(&insn[i]))
			continue;
		ret_insn[frame] = i + 1;
		ret_prog[frame] = idx;
		sidx = calls_find_subprog(env, (u32)((s64)i + insn[i].imm + 1));
		if (sidx < 0)
			return env_reject(env, "analysis.bug", "callee not found at insn %u", i);
		idx = (u32)sidx;
		i = env->subprogs[idx].start;
		frame++;
		if (frame >= STATE_MAX_FRAMES)
			return env_reject(env, "calls.depth", "the call stack of %u frames is too deep !",
					  frame);
		goto process_func;
	}
	if (frame == 0)
		return 0;
	depth -= round_depth(env->subprogs[idx].stack_depth);
	frame--;
	i = ret_insn[frame];
	idx = ret_prog[frame];
	goto continue_func;
}
