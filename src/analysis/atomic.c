/* BPF_STX | BPF_ATOMIC: the read-modify-write operations (add, or, and, xor, with or without
 * BPF_FETCH; xchg; cmpxchg with its implicit R0) and load-acquire / store-release, as the 6.18
 * kernel's check_atomic(), check_atomic_rmw(), check_atomic_load() and check_atomic_store()
 * treat them in privileged mode.
 *
 * The opcode and the operand size ("BPF_ATOMIC uses invalid atomic opcode", "invalid atomic
 * operand size") were checked by insn_check_phase(). What remains is abstract:
 *   - an atomic access is always checked for alignment (strict_alignment_once), before the
 *     pointer kind is looked at: "misaligned stack access off 0+0+-7 size 4";
 *   - ctx, packet, flow keys and socket pointers are refused: "BPF_ATOMIC stores into R1 ctx is
 *     not allowed";
 *   - a read-modify-write is a read with no destination (stack: a spilled pointer may be read as
 *     data when privileged, a variable offset is refused), then for BPF_FETCH a read into the
 *     fetch register (R0 for cmpxchg, else src), which the kernel first marks unknown, so a fetch
 *     into the address register itself loses the pointer; then a write of unknown data (the
 *     stack bytes become misc, a spilled register is gone);
 *   - the fetched value is whatever a load of that size yields: a spilled scalar comes back as
 *     it was, everything else is an unknown scalar zero-extended from 32 bits for BPF_W;
 *   - "R%d leaks addr into mem" (src, or R0 of cmpxchg, holding a pointer) only applies
 *     unprivileged (is_pointer_value() is false when pointer leaks are allowed).
 * Arena pointers do not exist here. Rule ids: atomic.* plus those of the memory checks. */
#include "analysis/env.h"
#include "checks/checks.h"

/* The kernel's atomic_ptr_type_ok() (no arena). Exact types, as the kernel compares them:
 * a sock_or_null pointer passes here and is refused by the access check. */
static bool atomic_ptr_type_ok(const struct reg *r)
{
	switch (r->type) {
	case PTR_TO_CTX:
	case PTR_TO_FLOW_KEYS:
	case PTR_TO_SOCKET:
	case PTR_TO_SOCK_COMMON:
	case PTR_TO_TCP_SOCK:
	case PTR_TO_XDP_SOCK:
		return false;
	default:
		return !reg_is_pkt(r);
	}
}

static bool is_pointer_value(struct env *env, u32 regno)
{
	return !env->allow_ptr_leaks && reg_is_ptr(&cur_regs(env)[regno]);
}

/* Kinds whose accesses mem.c does not decide: let it say so before we claim anything. */
static int check_modelled(struct env *env, u32 regno)
{
	const struct reg *r = &cur_regs(env)[regno];

	if (reg_base(r) == PTR_TO_BTF_ID || reg_base(r) == PTR_TO_BUF)
		return env_unknown(env, "not modelled yet: atomic access through %s",
				   env_type_str(env, r->type));
	return 0;
}

/* With exact_constants, after a read-modify-write on the stack slot @x (taken before it) with
 * @src and @r0 the registers' values before: the fetched value and the memory as RFC 9669
 * section 5.3 defines them, where each is computable from known values. The memory operand
 * is @size bytes; a 32-bit cmpxchg compares the low half of R0. */
static void exact_atomic_rmw(struct env *env, const struct insn *in, const struct stack_exact *x,
			     const struct reg *src, const struct reg *r0, int load_reg)
{
	u64 m = x->size == 8 ? ~0ULL : (1ULL << (8 * x->size)) - 1;
	struct tnum old = stack_exact_old(x), mem = tnum_top();
	bool s_known = src->type == SCALAR_VALUE && !(src->var.var_off.mask & m);
	u64 s = src->var.var_off.value & m, o = old.value;

	if (!tnum_is_const(old))
		return;
	if (load_reg >= 0)
		cur_regs(env)[load_reg] = reg_const(o);
	switch (in->imm & ~BPF_FETCH) {
	case BPF_ADD:
		if (s_known)
			mem = tnum_const((o + s) & m);
		break;
	case BPF_OR:
		if (s_known)
			mem = tnum_const(o | s);
		break;
	case BPF_AND:
		if (s_known)
			mem = tnum_const(o & s);
		break;
	case BPF_XOR:
		if (s_known)
			mem = tnum_const(o ^ s);
		break;
	case BPF_XCHG & ~BPF_FETCH:
		if (s_known)
			mem = tnum_const(s);
		break;
	case BPF_CMPXCHG & ~BPF_FETCH:
		if (r0->type != SCALAR_VALUE || (r0->var.var_off.mask & m))
			break;
		if ((r0->var.var_off.value & m) != o)
			mem = old;
		else if (s_known)
			mem = tnum_const(s);
		break;
	}
	stack_exact_store(env, x, mem);
}

/* The kernel's check_atomic_rmw(). */
static int check_atomic_rmw(struct env *env, const struct insn *in)
{
	struct reg *regs = cur_regs(env);
	struct reg src = regs[in->src], r0 = regs[BPF_REG_0];
	struct stack_exact x;
	bool exact;
	int load_reg = -1, err;

	err = check_reg_read(env, in->src);
	err = err ?: check_reg_read(env, in->dst);
	if (err)
		return err;
	if (in->imm == BPF_CMPXCHG) {
		err = check_reg_read(env, BPF_REG_0);
		if (err)
			return err;
		if (is_pointer_value(env, BPF_REG_0))
			return env_reject(env, "atomic.leak", "R%d leaks addr into mem", BPF_REG_0);
	}
	if (is_pointer_value(env, in->src))
		return env_reject(env, "atomic.leak", "R%u leaks addr into mem", in->src);
	if (!atomic_ptr_type_ok(&regs[in->dst]))
		return env_reject(env, "atomic.ptr_type", "BPF_ATOMIC stores into R%u %s is not allowed",
				  in->dst, env_type_str(env, regs[in->dst].type));
	if (in->imm & BPF_FETCH) {
		load_reg = in->imm == BPF_CMPXCHG ? BPF_REG_0 : in->src;
		err = check_reg_write(env, (u32)load_reg);
		if (err)
			return err;
		/* check_reg_arg(DST_OP) marks it unknown before the accesses below */
		regs[load_reg] = reg_unknown();
	}
	err = check_ptr_alignment(env, in->dst, in->off, in->size, true);
	err = err ?: check_modelled(env, in->dst);
	if (err)
		return err;
	exact = stack_exact_begin(env, in->dst, in->off, in->size, &x);
	err = check_mem_access(env, in->dst, in->off, in->size, ACC_READ, -1, false, 0);
	if (!err && load_reg >= 0)
		err = check_mem_access(env, in->dst, in->off, in->size, ACC_READ, load_reg, false, 0);
	err = err ?: check_mem_access(env, in->dst, in->off, in->size, ACC_WRITE, -1, false, 0);
	if (!err && exact)
		exact_atomic_rmw(env, in, &x, &src, &r0, load_reg);
	return err;
}

/* The kernel's check_atomic_load(): check_load_mem() with strict alignment, then the pointer
 * kind. */
static int check_atomic_load(struct env *env, const struct insn *in)
{
	struct reg *regs = cur_regs(env);
	struct reg src;
	int err;

	err = check_reg_read(env, in->src);
	err = err ?: check_reg_write(env, in->dst);
	if (err)
		return err;
	src = regs[in->src];
	err = check_ptr_alignment(env, in->src, in->off, in->size, true);
	err = err ?: check_modelled(env, in->src);
	err = err ?: check_mem_access(env, in->src, in->off, in->size, ACC_READ, in->dst, false, 0);
	if (err)
		return err;
	if (!atomic_ptr_type_ok(&src))
		return env_reject(env, "atomic.ptr_type", "BPF_ATOMIC loads from R%u %s is not allowed",
				  in->src, env_type_str(env, src.type));
	return 0;
}

/* The kernel's check_atomic_store(): check_store_reg() with strict alignment, then the
 * pointer kind. */
static int check_atomic_store(struct env *env, const struct insn *in)
{
	struct reg *regs = cur_regs(env);
	struct reg dst;
	int err;

	err = check_reg_read(env, in->src);
	err = err ?: check_reg_read(env, in->dst);
	if (err)
		return err;
	dst = regs[in->dst];
	err = check_ptr_alignment(env, in->dst, in->off, in->size, true);
	err = err ?: check_modelled(env, in->dst);
	err = err ?: check_mem_access(env, in->dst, in->off, in->size, ACC_WRITE, in->src, false, 0);
	if (err)
		return err;
	if (!atomic_ptr_type_ok(&dst))
		return env_reject(env, "atomic.ptr_type", "BPF_ATOMIC stores into R%u %s is not allowed",
				  in->dst, env_type_str(env, dst.type));
	return 0;
}

int check_atomic(struct env *env, const struct insn *in)
{
	switch (in->imm) {
	case BPF_LOAD_ACQ:
		return check_atomic_load(env, in);
	case BPF_STORE_REL:
		return check_atomic_store(env, in);
	default:
		/* insn_check_phase() let only the read-modify-write operations through */
		return check_atomic_rmw(env, in);
	}
}
