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

/* The kernel's check_ptr_alignment() with strict alignment (atomics ask for it). Packets and
 * arena pointers never get here: the kernel refuses atomics on them afterwards, but it checks
 * alignment first, so packets are handled for the message's sake (NET_IP_ALIGN of 2). */
int check_strict_alignment(struct env *env, u32 regno, s32 off, u32 size)
{
	const struct reg *r = &cur_regs(env)[regno];
	const char *desc = "";
	s64 ip_align = 0;
	struct tnum at;
	char tn[64];

	if (size == 1)
		return 0;
	switch (r->type) {
	case PTR_TO_PACKET:
	case PTR_TO_PACKET_META:
		ip_align = 2;
		break;
	case PTR_TO_FLOW_KEYS:
		desc = "flow keys ";
		break;
	case PTR_TO_MAP_KEY:
		desc = "key ";
		break;
	case PTR_TO_MAP_VALUE:
		desc = "value ";
		break;
	case PTR_TO_CTX:
		desc = "context ";
		break;
	case PTR_TO_STACK:
		desc = "stack ";
		break;
	case PTR_TO_SOCKET:
		desc = "sock ";
		break;
	case PTR_TO_SOCK_COMMON:
		desc = "sock_common ";
		break;
	case PTR_TO_TCP_SOCK:
		desc = "tcp_sock ";
		break;
	case PTR_TO_XDP_SOCK:
		desc = "xdp_sock ";
		break;
	default:
		break;
	}
	at = tnum_add(r->var.var_off, tnum_const((u64)(ip_align + r->off + off)));
	if (tnum_is_aligned(at, size))
		return 0;
	tnum_fmt(tn, sizeof(tn), r->var.var_off);
	if (ip_align)
		return env_reject(env, "mem.misaligned",
				  "misaligned packet access off %lld+%s+%d+%d size %u",
				  (long long)ip_align, tn, r->off, off, size);
	return env_reject(env, "mem.misaligned", "misaligned %saccess off %s+%d+%d size %u", desc,
			  tn, r->off, off, size);
}

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

/* The kernel's check_atomic_rmw(). */
static int check_atomic_rmw(struct env *env, const struct insn *in)
{
	struct reg *regs = cur_regs(env);
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
	err = check_strict_alignment(env, in->dst, in->off, in->size);
	err = err ?: check_modelled(env, in->dst);
	err = err ?: check_mem_access(env, in->dst, in->off, in->size, ACC_READ, -1, false, 0);
	if (!err && load_reg >= 0)
		err = check_mem_access(env, in->dst, in->off, in->size, ACC_READ, load_reg, false, 0);
	return err ?: check_mem_access(env, in->dst, in->off, in->size, ACC_WRITE, -1, false, 0);
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
	err = check_strict_alignment(env, in->src, in->off, in->size);
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
	err = check_strict_alignment(env, in->dst, in->off, in->size);
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
