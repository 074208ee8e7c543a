/* Abstract semantics per instruction: state x insn -> state, as the kernel's do_check_insn()
 * and its helpers (check_alu_op, adjust_reg_min_max_vals, adjust_ptr_min_max_vals,
 * check_ld_imm, check_cond_jmp_op) compute it in Linux 6.18, privileged mode.
 *
 * Scalars go through the domains (scalar_alu, scalar_refine, scalar_branch_taken), which are
 * bit-exact with the kernel. Pointer arithmetic follows adjust_ptr_min_max_vals(): which
 * operations are allowed on which pointer kinds, a constant folded into the fixed offset while
 * it fits an s32, otherwise a variable offset with the 64-bit bounds computed here (overflow ->
 * unbounded) and the 32-bit ones derived by scalar_sync(). Memory instructions, calls and exit
 * are delegated to src/checks. */
#include <string.h>

#include "analysis/env.h"
#include "loader/progtype.h"
#include "checks/checks.h"

static const char *const alu_str[16] = {
	"+=", "-=", "*=", "/=", "|=", "&=", "<<=", ">>=", "neg", "%=", "^=", "=", "s>>=", "endian",
	"?", "?",
};

/* ---- ALU ---- */

/* The kernel's check_reg_sane_offset(). */
static int check_sane_offset(struct env *env, const struct reg *r, u32 ptr_type)
{
	bool known = tnum_is_const(r->var.var_off);
	s64 val = (s64)r->var.var_off.value, smin = r->var.smin;

	if (known && (val >= BPF_MAX_VAR_OFF || val <= -BPF_MAX_VAR_OFF))
		return env_reject(env, "regs.ptr_math", "math between %s pointer and %lld is not allowed",
				  env_type_str(env, ptr_type), (long long)val);
	if (r->off >= BPF_MAX_VAR_OFF || r->off <= -BPF_MAX_VAR_OFF)
		return env_reject(env, "regs.ptr_math", "%s pointer offset %d is not allowed",
				  env_type_str(env, ptr_type), r->off);
	if (smin == INT64_MIN)
		return env_reject(env, "regs.ptr_math",
				  "math between %s pointer and register with unbounded min value is not allowed",
				  env_type_str(env, ptr_type));
	if (smin >= BPF_MAX_VAR_OFF || smin <= -BPF_MAX_VAR_OFF)
		return env_reject(env, "regs.ptr_math", "value %lld makes %s pointer be out of bounds",
				  (long long)smin, env_type_str(env, ptr_type));
	return 0;
}

/* dst = ptr op off, where dst is @dst_regno and @dst_is_off says whether dst held the scalar
 * (scalar += pointer). Mirrors adjust_ptr_min_max_vals(). */
static int adjust_ptr(struct env *env, const struct insn *in, u32 dst_regno, struct reg ptr,
		      struct reg off, bool dst_is_off)
{
	struct reg *dst = &cur_regs(env)[dst_regno];
	const struct scalar *o = &off.var, *p = &ptr.var;
	bool known = tnum_is_const(o->var_off);
	u8 op = in->op;
	struct reg res;
	int err;

	if ((known && (o->smin != o->smax || o->umin != o->umax)) || o->smin > o->smax ||
	    o->umin > o->umax) {
		/* offset with invalid bounds, from a dead branch: taint */
		*dst = reg_unknown();
		return 0;
	}
	if (in->width == 32) {
		if (op == BPF_SUB && env->allow_ptr_leaks) {
			*dst = reg_unknown();
			return 0;
		}
		return env_reject(env, "regs.ptr_math", "R%u 32-bit pointer arithmetic prohibited",
				  dst_regno);
	}
	if (reg_may_be_null(&ptr))
		return env_reject(env, "regs.null_arith",
				  "R%u pointer arithmetic on %s prohibited, null-check it first",
				  dst_regno, env_type_str(env, ptr.type));
	switch (reg_base(&ptr)) {
	case PTR_TO_CTX:
	case PTR_TO_MAP_VALUE:
	case PTR_TO_MAP_KEY:
	case PTR_TO_STACK:
	case PTR_TO_PACKET_META:
	case PTR_TO_PACKET:
	case PTR_TO_TP_BUFFER:
	case PTR_TO_BTF_ID:
	case PTR_TO_MEM:
	case PTR_TO_BUF:
	case PTR_TO_FUNC:
		break;
	case PTR_TO_FLOW_KEYS:
		if (known)
			break;
		/* fallthrough */
	case CONST_PTR_TO_MAP:
		if (known && o->smin == 0 && op == BPF_ADD)
			break;
		/* fallthrough */
	default:
		return env_reject(env, "regs.ptr_math", "R%u pointer arithmetic on %s prohibited",
				  dst_regno, env_type_str(env, ptr.type));
	}
	err = check_sane_offset(env, &off, ptr.type);
	err = err ?: check_sane_offset(env, &ptr, ptr.type);
	if (err)
		return err;

	/* the kernel copies the range with the pointer (a pkt_end mark, its negative range,
	 * included) and forgets it only where it zeroes the range below. Kept as the kernel
	 * does, although a mark moved back by a constant no longer holds (pkt + 8 > pkt_end
	 * says nothing of pkt > pkt_end): a later comparison is decided by it all the same */
	res = ptr;
	switch (op) {
	case BPF_ADD:
		if (known && (s64)ptr.off + o->smin == (s64)(s32)((s64)ptr.off + o->smin)) {
			res.off = (s32)(ptr.off + o->smin);
			break;
		}
		res.var = scalar_top();
		if (__builtin_add_overflow(p->smin, o->smin, &res.var.smin) ||
		    __builtin_add_overflow(p->smax, o->smax, &res.var.smax)) {
			res.var.smin = INT64_MIN;
			res.var.smax = INT64_MAX;
		}
		if (__builtin_add_overflow(p->umin, o->umin, &res.var.umin) ||
		    __builtin_add_overflow(p->umax, o->umax, &res.var.umax)) {
			res.var.umin = 0;
			res.var.umax = UINT64_MAX;
		}
		res.var.var_off = tnum_add(p->var_off, o->var_off);
		if (reg_is_pkt(&ptr)) {
			res.id = ++env->id_gen;
			res.range = 0;
			res.pkt_end = REG_PKT_END_UNKNOWN;
		}
		break;
	case BPF_SUB:
		if (dst_is_off)
			return env_reject(env, "regs.ptr_math", "R%u tried to subtract pointer from scalar",
					  dst_regno);
		if (ptr.type == PTR_TO_STACK)
			return env_reject(env, "regs.ptr_math",
					  "R%u subtraction from stack pointer prohibited", dst_regno);
		if (known && (s64)ptr.off - o->smin == (s64)(s32)((s64)ptr.off - o->smin)) {
			res.off = (s32)(ptr.off - o->smin);
			break;
		}
		res.var = scalar_top();
		if (__builtin_sub_overflow(p->smin, o->smax, &res.var.smin) ||
		    __builtin_sub_overflow(p->smax, o->smin, &res.var.smax)) {
			res.var.smin = INT64_MIN;
			res.var.smax = INT64_MAX;
		}
		if (p->umin < o->umax) {
			res.var.umin = 0;
			res.var.umax = UINT64_MAX;
		} else {
			res.var.umin = p->umin - o->umax;
			res.var.umax = p->umax - o->umin;
		}
		res.var.var_off = tnum_sub(p->var_off, o->var_off);
		if (reg_is_pkt(&ptr)) {
			res.id = ++env->id_gen;
			if (o->smin < 0) {
				res.range = 0;
				res.pkt_end = REG_PKT_END_UNKNOWN;
			}
		}
		break;
	case BPF_AND:
	case BPF_OR:
	case BPF_XOR:
		return env_reject(env, "regs.ptr_math", "R%u bitwise operator %s on pointer prohibited",
				  dst_regno, alu_str[op >> 4]);
	default:
		return env_reject(env, "regs.ptr_math",
				  "R%u pointer arithmetic with %s operator prohibited", dst_regno,
				  alu_str[op >> 4]);
	}
	err = check_sane_offset(env, &res, ptr.type);
	if (err)
		return err;
	if (!tnum_is_const(res.var.var_off) || res.var.var_off.value) {
		/* pointers carry no 32-bit bounds: derive them from the 64-bit ones */
		res.var.s32_min = INT32_MIN;
		res.var.s32_max = INT32_MAX;
		res.var.u32_min = 0;
		res.var.u32_max = UINT32_MAX;
		scalar_sync(&res.var);
	}
	*dst = res;
	return 0;
}

/* ---- Exact constants (analysis_opts.exact_constants) ---- */

static u64 bswap_bits(u64 v, s32 bits)
{
	switch (bits) {
	case 16:
		return __builtin_bswap16((u16)v);
	case 32:
		return __builtin_bswap32((u32)v);
	default:
		return __builtin_bswap64(v);
	}
}

static u64 trunc_bits(u64 v, s32 bits)
{
	return bits >= 64 ? v : v & ((1ULL << bits) - 1);
}

static s64 sext_bits(u64 v, u32 bits)
{
	return bits >= 64 ? (s64)v : (s64)(v << (64 - bits)) >> (64 - bits);
}

/* dst op= src on concrete values as RFC 9669 defines it (section 4: 32-bit operations work on
 * the low halves and zero-extend; division by zero gives 0, modulo by zero leaves dst; signed
 * division of the minimum by -1 gives the minimum, the modulo 0; shift amounts masked to the
 * width; BPF_END to_le truncates on a little-endian machine, to_be and bswap swap). */
static u64 concrete_alu(const struct insn *in, u64 d, u64 s)
{
	u32 w = in->width == 32 ? 32 : 64;
	u64 r;

	if (in->kind == INSN_END)
		return in->to_be ? bswap_bits(d, in->imm) : trunc_bits(d, in->imm);
	if (in->kind == INSN_BSWAP)
		return bswap_bits(d, in->imm);
	d = trunc_bits(d, w);
	s = trunc_bits(s, w);
	if (in->kind == INSN_MOV)
		return s;
	if (in->kind == INSN_MOVSX)
		return trunc_bits((u64)sext_bits(s, (u32)in->off), w);
	if (in->kind == INSN_NEG)
		return trunc_bits(-d, w);
	switch (in->op) {
	case BPF_ADD:
		r = d + s;
		break;
	case BPF_SUB:
		r = d - s;
		break;
	case BPF_MUL:
		r = d * s;
		break;
	case BPF_OR:
		r = d | s;
		break;
	case BPF_AND:
		r = d & s;
		break;
	case BPF_XOR:
		r = d ^ s;
		break;
	case BPF_LSH:
		r = d << (s & (w - 1));
		break;
	case BPF_RSH:
		r = d >> (s & (w - 1));
		break;
	case BPF_ARSH:
		r = (u64)(sext_bits(d, w) >> (s & (w - 1)));
		break;
	case BPF_DIV:
		if (!s)
			r = 0;
		else if (!in->is_signed)
			r = d / s;
		else if (sext_bits(s, w) == -1)
			r = -d;		/* the minimum stays the minimum: no C overflow */
		else
			r = (u64)(sext_bits(d, w) / sext_bits(s, w));
		break;
	case BPF_MOD:
		if (!s)
			r = d;
		else if (!in->is_signed)
			r = d % s;
		else if (sext_bits(s, w) == -1)
			r = 0;
		else
			r = (u64)(sext_bits(d, w) % sext_bits(s, w));
		break;
	default:
		r = d;
		break;
	}
	return trunc_bits(r, w);
}

/* Whether the low @bits bits of @r, those an operation of that width reads, are all known. */
static bool known_in(const struct reg *r, u32 bits)
{
	return r->type == SCALAR_VALUE && !trunc_bits(r->var.var_off.mask, (s32)bits);
}

/* With exact_constants, after the kernel-faithful transfer of scalar ALU insn @in: when every
 * input was known (@d_in, and @s_in unless NULL), dst becomes the exact result. A result the
 * domain already knows is kept as it is (with its ids for sync_linked_regs). */
static void exact_alu(struct env *env, const struct insn *in, const struct reg *d_in,
		      const struct reg *s_in)
{
	struct reg *dst = &cur_regs(env)[in->dst];
	/* a byte swap reads the bits it swaps, whatever the class */
	u32 w = in->kind == INSN_END || in->kind == INSN_BSWAP ? (u32)in->imm : in->width;
	u64 r;

	if (!env->opts.exact_constants || dst->type != SCALAR_VALUE)
		return;
	if ((d_in && !known_in(d_in, w)) || (s_in && !known_in(s_in, w)))
		return;
	r = concrete_alu(in, d_in ? d_in->var.var_off.value : 0, s_in ? s_in->var.var_off.value : 0);
	if (!tnum_equals_const(dst->var.var_off, r))
		*dst = reg_const(r);
}

static int do_alu(struct env *env, const struct insn *in)
{
	struct reg *regs = cur_regs(env);
	struct reg *dst = &regs[in->dst];
	struct reg src, d_in;
	u8 op = in->op;
	int err;

	if (in->kind == INSN_NEG || in->kind == INSN_END || in->kind == INSN_BSWAP) {
		err = check_reg_read(env, in->dst);
		err = err ?: check_reg_write(env, in->dst);
		if (err)
			return err;
		if (dst->type != SCALAR_VALUE) {
			*dst = reg_unknown();
			return 0;
		}
		d_in = *dst;
		if (in->kind == INSN_NEG)
			*dst = reg_scalar(scalar_neg(&dst->var, in->width));
		else if (in->kind == INSN_BSWAP)
			*dst = reg_scalar(scalar_end(&dst->var, SCALAR_END_BSWAP, in->imm));
		else
			*dst = reg_scalar(scalar_end(&dst->var, in->to_be ? SCALAR_END_TO_BE :
						     SCALAR_END_TO_LE, in->imm));
		exact_alu(env, in, &d_in, NULL);
		return 0;
	}
	if (in->kind == INSN_MOV || in->kind == INSN_MOVSX) {
		if (in->src_is_reg) {
			err = check_reg_read(env, in->src);
			if (err)
				return err;
		}
		err = check_reg_write(env, in->dst);
		if (err)
			return err;
		if (!in->src_is_reg) {
			*dst = reg_const(in->width == 64 ? (u64)(s64)in->imm : (u64)(u32)in->imm);
			return 0;
		}
		src = regs[in->src];
		if (src.type != SCALAR_VALUE) {
			if (in->width == 64 && in->kind == INSN_MOV)
				*dst = src;		/* copy_register_state() */
			else
				*dst = reg_unknown();	/* privileged: partial copy of a pointer */
			return 0;
		}
		if (in->kind == INSN_MOVSX) {
			bool no_sext = src.var.umax < (1ULL << (in->off - 1));

			if (no_sext && !src.id && !tnum_is_const(src.var.var_off))
				regs[in->src].id = src.id = ++env->id_gen;
			*dst = reg_scalar(scalar_movsx(&src.var, in->off, in->width));
			dst->id = no_sext ? src.id : 0;
			exact_alu(env, in, NULL, &src);
			return 0;
		}
		if (in->width == 64 || src.var.umax <= UINT32_MAX) {
			/* the copies are equal: link them for sync_linked_regs()
			 * (assign_scalar_id_before_mov(): constants need no link) */
			if (!src.id && !tnum_is_const(src.var.var_off))
				regs[in->src].id = src.id = ++env->id_gen;
			*dst = reg_scalar(scalar_mov(&src.var, in->width));
			dst->id = src.id;
			return 0;
		}
		*dst = reg_scalar(scalar_mov(&src.var, in->width));
		return 0;
	}
	/* the other operations: dst op= src */
	if (in->src_is_reg) {
		err = check_reg_read(env, in->src);
		if (err)
			return err;
	}
	err = check_reg_read(env, in->dst);
	err = err ?: check_reg_write(env, in->dst);
	if (err)
		return err;
	src = in->src_is_reg ? regs[in->src] : reg_const((u64)(s64)in->imm);
	if (src.type != SCALAR_VALUE) {
		if (dst->type != SCALAR_VALUE) {
			if (op == BPF_SUB && env->allow_ptr_leaks) {
				*dst = reg_unknown();
				return 0;
			}
			return env_reject(env, "regs.ptr_math", "R%u pointer %s pointer prohibited",
					  in->dst, alu_str[op >> 4]);
		}
		return adjust_ptr(env, in, in->dst, src, *dst, true);
	}
	if (dst->type != SCALAR_VALUE)
		return adjust_ptr(env, in, in->dst, *dst, src, false);
	d_in = *dst;
	*dst = reg_scalar(scalar_alu((enum scalar_alu_op)op, &dst->var, &src.var, in->width,
				     in->off));
	exact_alu(env, in, &d_in, &src);
	return 0;
}

/* ---- ld_imm64 ---- */

static int do_ld_imm64(struct env *env, const struct insn *in)
{
	struct reg *dst = &cur_regs(env)[in->dst];
	s32 m = env->ld_map[env->insn_idx];
	int err;

	err = check_reg_write(env, in->dst);
	if (err)
		return err;
	if (in->src == 0) {
		*dst = reg_const(in->imm64);
		return 0;
	}
	if (in->src == BPF_PSEUDO_FUNC)
		return check_ld_func(env, in);	/* a callback's address (callbacks.c) */
	if (in->src != BPF_PSEUDO_MAP_FD && in->src != BPF_PSEUDO_MAP_VALUE &&
	    in->src != BPF_PSEUDO_MAP_IDX && in->src != BPF_PSEUDO_MAP_IDX_VALUE)
		return env_unknown(env, "not modelled yet: ld_imm64 with src_reg %u", in->src);
	/* resolve_ldimm64 (checks/ldimm64.c) refused every unbound map reference it can judge */
	if (m < 0 || (u32)m >= env->map_cnt)
		return env_unknown(env, "not modelled yet: ld_imm64 of an unknown map");
	if (in->src == BPF_PSEUDO_MAP_VALUE || in->src == BPF_PSEUDO_MAP_IDX_VALUE) {
		/* id 0 on every load: the one element, so one bpf_spin_lock, whichever load names it */
		*dst = reg_ptr(PTR_TO_MAP_VALUE, env->insns[env->insn_idx + 1].imm);
	} else {
		*dst = reg_ptr(CONST_PTR_TO_MAP, 0);
	}
	dst->map_idx = m;
	return 0;
}

/* ---- Conditional jumps ---- */

struct id_ctx {
	u32 id;
	u32 type;
	bool is_null;
	u32 range;
	const struct reg *src;
	struct env *env;
};

/* The kernel's mark_ptr_not_null_reg(): @r is known not to be NULL. A lookup in a map of maps
 * yields the inner map, one in a socket map the socket. */
static void mark_ptr_not_null(struct env *env, struct reg *r)
{
	const struct map_def *m;

	r->type &= ~REG_MAYBE_NULL;
	m = env_map(env, r);
	if (r->type == PTR_TO_MAP_VALUE && m && m->inner_idx >= 0 &&
	    (m->type == BPF_MAP_TYPE_ARRAY_OF_MAPS || m->type == BPF_MAP_TYPE_HASH_OF_MAPS)) {
		r->type = CONST_PTR_TO_MAP;
		r->map_idx = m->inner_idx;
	} else if (r->type == PTR_TO_MAP_VALUE && m && sock_map_lookup_type(m->type)) {
		r->type = sock_map_lookup_type(m->type);
		r->map_idx = -1;
	}
}

static void null_mark_one(struct reg *r, void *p)
{
	struct id_ctx *c = p;
	const struct map_def *m;

	if (!reg_may_be_null(r) || r->id != c->id)
		return;
	if (c->is_null) {
		*r = reg_const(0);
		return;
	}
	mark_ptr_not_null(c->env, r);
	m = env_map(c->env, r);
	/* the id of a value with a spin lock names the lock (mark_ptr_or_null_reg) */
	if (r->type != PTR_TO_MAP_VALUE || !m || !(m->field_mask & (MF_SPIN_LOCK | MF_RES_SPIN_LOCK)))
		r->id = 0;
}

/* The kernel's mark_ptr_or_null_regs(): every copy of @regno's pointer becomes NULL (a scalar
 * 0) or not-NULL; a reference whose pointer is NULL was never acquired. */
static void mark_ptr_or_null_regs(struct env *env, struct state *st, u32 regno, bool is_null)
{
	struct reg *r = &st->frames[st->curframe].regs[regno];
	struct id_ctx c = { .id = r->id, .is_null = is_null, .env = env };

	if (is_null && r->ref_obj_id && r->ref_obj_id == r->id)
		state_release_ref(st, r->id);
	if (!c.id)
		return;
	state_for_each_reg(st, null_mark_one, &c);
}

static void pkt_range_one(struct reg *r, void *p)
{
	struct id_ctx *c = p;

	/* max(range, new): a pkt_end mark is a negative range in the kernel */
	if (r->type == c->type && r->id == c->id && (r->range < c->range || r->pkt_end)) {
		r->range = c->range;
		r->pkt_end = REG_PKT_END_UNKNOWN;
	}
}

/* The kernel's find_good_pkt_pointers(). */
static void find_good_pkt_pointers(struct state *st, const struct reg *dst, bool right_open)
{
	struct id_ctx c = { .id = dst->id, .type = dst->type };

	if (dst->off < 0 || (dst->off == 0 && right_open))
		return;
	if (dst->var.umax > MAX_PACKET_OFF || dst->var.umax + (u64)dst->off > MAX_PACKET_OFF)
		return;
	c.range = (u32)dst->off + (right_open ? 1 : 0);
	state_for_each_reg(st, pkt_range_one, &c);
}

static bool is_init_pkt(const struct reg *r, u32 type)
{
	return r->type == type && r->off == 0 && tnum_equals_const(r->var.var_off, 0);
}

/* The kernel's mark_pkt_end(): in @st, packet pointer @regno is at (@beyond false) or beyond
 * the packet end; nothing is readable through it. */
static void mark_pkt_end(struct state *st, u32 regno, bool beyond)
{
	struct reg *r = &st->frames[st->curframe].regs[regno];

	if (r->type != PTR_TO_PACKET)	/* PTR_TO_PACKET_META is not supported (kernel) */
		return;
	r->range = 0;
	r->pkt_end = beyond ? REG_BEYOND_PKT_END : REG_AT_PKT_END;
}

/* The kernel's try_match_pkt_pointers(): @fall is the fall-through (condition false) state,
 * @taken the taken one. The branch that learns the pointer is in bounds gets the range, the
 * other one a pkt_end mark. */
static bool try_match_pkt_pointers(const struct insn *in, const struct reg *dst,
				   const struct reg *src, struct state *fall, struct state *taken)
{
	bool d_pkt_end, d_end_pkt;

	if (!in->src_is_reg || in->width == 32)
		return false;
	d_pkt_end = (dst->type == PTR_TO_PACKET && src->type == PTR_TO_PACKET_END) ||
		    (dst->type == PTR_TO_PACKET_META && is_init_pkt(src, PTR_TO_PACKET));
	d_end_pkt = (dst->type == PTR_TO_PACKET_END && src->type == PTR_TO_PACKET) ||
		    (is_init_pkt(dst, PTR_TO_PACKET) && src->type == PTR_TO_PACKET_META);
	switch (in->op) {
	case BPF_JGT:
		if (d_pkt_end) {
			find_good_pkt_pointers(fall, dst, false);
			mark_pkt_end(taken, in->dst, true);
		} else if (d_end_pkt) {
			find_good_pkt_pointers(taken, src, true);
			mark_pkt_end(fall, in->src, false);
		} else {
			return false;
		}
		break;
	case BPF_JLT:
		if (d_pkt_end) {
			find_good_pkt_pointers(taken, dst, true);
			mark_pkt_end(fall, in->dst, false);
		} else if (d_end_pkt) {
			find_good_pkt_pointers(fall, src, false);
			mark_pkt_end(taken, in->src, true);
		} else {
			return false;
		}
		break;
	case BPF_JGE:
		if (d_pkt_end) {
			find_good_pkt_pointers(fall, dst, true);
			mark_pkt_end(taken, in->dst, false);
		} else if (d_end_pkt) {
			find_good_pkt_pointers(taken, src, false);
			mark_pkt_end(fall, in->src, true);
		} else {
			return false;
		}
		break;
	case BPF_JLE:
		if (d_pkt_end) {
			find_good_pkt_pointers(taken, dst, false);
			mark_pkt_end(fall, in->dst, true);
		} else if (d_end_pkt) {
			find_good_pkt_pointers(fall, src, true);
			mark_pkt_end(taken, in->src, false);
		} else {
			return false;
		}
		break;
	default:
		return false;
	}
	return true;
}

/* The kernel's is_pkt_ptr_branch_taken(): only a pkt_end mark decides a comparison of a packet
 * pointer with pkt_end. */
static int pkt_ptr_branch_taken(const struct reg *dst, const struct reg *src, u8 op)
{
	const struct reg *pkt;

	if (src->type == PTR_TO_PACKET_END) {
		pkt = dst;
	} else if (dst->type == PTR_TO_PACKET_END) {
		pkt = src;
		op = scalar_jmp_flip(op);
	} else {
		return -1;
	}
	if (pkt->type != PTR_TO_PACKET || !pkt->pkt_end)
		return -1;
	switch (op) {
	case BPF_JLE:	/* pkt <= pkt_end */
	case BPF_JGT:	/* pkt > pkt_end */
		if (pkt->pkt_end == REG_BEYOND_PKT_END)
			return op == BPF_JGT;
		break;
	case BPF_JLT:	/* pkt < pkt_end */
	case BPF_JGE:	/* pkt >= pkt_end */
		return op == BPF_JGE;
	}
	return -1;
}

/* The kernel's is_branch_taken(): 1, 0, or -1 unknown. */
static int branch_taken(const struct reg *a, const struct reg *b, u8 op, bool is32)
{
	const struct reg *p, *k;

	if (reg_is_pkt_any(a) && reg_is_pkt_any(b) && !is32)
		return pkt_ptr_branch_taken(a, b, op);
	if (reg_is_ptr(a) || reg_is_ptr(b)) {
		p = a;
		k = b;
		if (!(k->type == SCALAR_VALUE && (is32 ? tnum_subreg_is_const(k->var.var_off) :
						  tnum_is_const(k->var.var_off)))) {
			p = b;
			k = a;
			op = scalar_jmp_flip(op);
		}
		if (!(k->type == SCALAR_VALUE && (is32 ? tnum_subreg_is_const(k->var.var_off) :
						  tnum_is_const(k->var.var_off))))
			return -1;
		if (!reg_not_null(p))
			return -1;
		if ((is32 ? (u32)k->var.var_off.value : k->var.var_off.value) != 0)
			return -1;
		return op == BPF_JEQ ? 0 : op == BPF_JNE ? 1 : -1;
	}
	return scalar_branch_taken(&a->var, &b->var, (enum scalar_jmp_op)op, is32);
}

static void sync_one(struct reg *r, void *p)
{
	struct id_ctx *c = p;

	if (r->type == SCALAR_VALUE && r->id == c->id)
		r->var = c->src->var;
}

/* The kernel's sync_linked_regs() for copies without a constant delta. */
static void sync_linked(struct state *st, const struct reg *r)
{
	struct id_ctx c = { .id = r->id, .src = r };
	struct reg copy = *r;

	if (r->type != SCALAR_VALUE || !r->id)
		return;
	c.src = &copy;
	state_for_each_reg(st, sync_one, &c);
}

static void refine(struct reg *a, struct reg *b, enum scalar_jmp_op op, bool is32)
{
	if (scalar_refine(&a->var, &b->var, op, is32)) {
		/* the kernel logs REG INVARIANTS VIOLATION and forgets the ranges */
		if (scalar_check(&a->var))
			scalar_mark_unbounded(&a->var);
		if (b != a && scalar_check(&b->var))
			scalar_mark_unbounded(&b->var);
	}
}

static int do_cond_jmp(struct env *env, const struct insn *in)
{
	struct reg *regs = cur_regs(env), *dst, fake_t, fake_f, *tsrc, *fsrc;
	struct state *taken;
	bool is32 = in->width == 32;
	u32 target = env->insn_idx + 1 + in->jmp_off;
	struct reg src;
	int pred, err;

	err = check_reg_read(env, in->dst);
	if (!err && in->src_is_reg)
		err = check_reg_read(env, in->src);
	if (err)
		return err;
	dst = &regs[in->dst];
	src = in->src_is_reg ? regs[in->src] : reg_const((u64)(s64)in->imm);
	pred = branch_taken(dst, &src, in->op, is32);
	if (pred == 1) {
		env->next_idx = target;
		return 0;
	}
	if (pred == 0)
		return 0;
	taken = env_push_branch(env, target, &err);
	if (!taken)
		return err;
	regs = cur_regs(env);
	dst = &regs[in->dst];
	if (dst->type == SCALAR_VALUE && src.type == SCALAR_VALUE) {
		struct reg *tregs = taken->frames[taken->curframe].regs;

		fake_t = fake_f = src;
		tsrc = in->src_is_reg ? &tregs[in->src] : &fake_t;
		fsrc = in->src_is_reg ? &regs[in->src] : &fake_f;
		refine(&tregs[in->dst], tsrc, (enum scalar_jmp_op)in->op, is32);
		refine(dst, fsrc, scalar_jmp_negate((enum scalar_jmp_op)in->op), is32);
		if (in->src_is_reg) {
			sync_linked(taken, tsrc);
			sync_linked(env->cur, fsrc);
		}
		sync_linked(taken, &tregs[in->dst]);
		sync_linked(env->cur, dst);
		return 0;
	}
	if (!is32 && in->src_is_reg && reg_is_ptr(dst) && reg_is_ptr(&src) &&
	    reg_may_be_null(dst) != reg_may_be_null(&src) && reg_base(dst) != PTR_TO_BTF_ID &&
	    reg_base(&src) != PTR_TO_BTF_ID && (in->op == BPF_JEQ || in->op == BPF_JNE)) {
		/* a pointer equal to a non-NULL one is not NULL: only that register, in the branch
		 * where they are equal (the kernel keeps its id and the other copies as they are) */
		struct state *eq = in->op == BPF_JEQ ? taken : env->cur;
		struct reg *eregs = eq->frames[eq->curframe].regs;

		mark_ptr_not_null(env, &eregs[reg_may_be_null(&src) ? in->src : in->dst]);
	}
	if (!is32 && !in->src_is_reg && in->imm == 0 &&
	    (in->op == BPF_JEQ || in->op == BPF_JNE) && reg_may_be_null(dst)) {
		mark_ptr_or_null_regs(env, env->cur, in->dst, in->op == BPF_JNE);
		mark_ptr_or_null_regs(env, taken, in->dst, in->op == BPF_JEQ);
		return 0;
	}
	try_match_pkt_pointers(in, dst, &src, env->cur, taken);
	return 0;
}

/* ---- Dispatch ---- */

int transfer_insn(struct env *env)
{
	const struct insn *in = &env->dec[env->insn_idx];
	char msg[160];

	if (insn_check_phase(env->insns, env->insn_cnt, env->insn_idx, INSN_PHASE_VERIFY, msg,
			     sizeof(msg)))
		return env_reject(env, "insn.invalid", "%s", msg);
	switch (in->kind) {
	case INSN_ALU:
	case INSN_MOV:
	case INSN_MOVSX:
	case INSN_NEG:
	case INSN_END:
	case INSN_BSWAP:
		return do_alu(env, in);
	case INSN_LDX:
	case INSN_LDSX:
	case INSN_ST:
	case INSN_STX:
		return check_mem_insn(env, in);
	case INSN_LD_IMM64:
		return do_ld_imm64(env, in);
	case INSN_JA:
		env->next_idx = env->insn_idx + 1 + in->jmp_off;
		return 0;
	case INSN_JMP_COND:
		return do_cond_jmp(env, in);
	case INSN_CALL:
		return check_call_under_lock(env, in) ?: check_helper_call(env, in);
	case INSN_CALL_PSEUDO:
		return check_call_under_lock(env, in) ?: check_func_call(env, in);
	case INSN_CALL_KFUNC:
		return check_kfunc_call(env, in);
	case INSN_EXIT:
		/* check_resource_leak(): a lock may outlive a subprogram, never the program */
		if (!env->cur->curframe && env->cur->active_locks)
			return check_lock_released(env, "BPF_EXIT instruction in main prog");
		if (env->cur->curframe)
			return check_func_exit(env);	/* a subprogram returns (calls.c) */
		if (cur_frame(env)->subprog)
			return check_global_exit(env);	/* a global function verified on its own */
		return check_exit(env);
	case INSN_NOSPEC:
		return 0;
	case INSN_ATOMIC:
		return check_atomic(env, in);
	case INSN_LD_ABS:
	case INSN_LD_IND:
		return check_ld_abs(env, in);
	case INSN_MAY_GOTO:
		return check_may_goto(env, in);
	case INSN_ADDR_SPACE_CAST:
		return env_unknown(env, "not modelled yet: addr_space_cast (insn %u)",
				   env->insn_idx);
	default:
		return env_unknown(env, "not modelled yet: instruction kind %d (insn %u)",
				   in->kind, env->insn_idx);
	}
}
