/* Typed register values: constructors, the subsumption test (the kernel's regsafe() without
 * liveness and precision) and the log format of print_reg_state() in kernel/bpf/log.c (6.18). */
#include <stdarg.h>
#include <string.h>

#include "domains/reg.h"
#include "loader/object.h"

struct reg reg_not_init(void)
{
	struct reg r;

	memset(&r, 0, sizeof(r));
	r.var = scalar_const(0);
	return r;
}

struct reg reg_scalar(struct scalar s)
{
	struct reg r = reg_not_init();

	r.type = SCALAR_VALUE;
	r.var = s;
	return r;
}

struct reg reg_unknown(void)
{
	return reg_scalar(scalar_top());
}

struct reg reg_const(u64 v)
{
	return reg_scalar(scalar_const(v));
}

struct reg reg_ptr(u32 type, s32 off)
{
	struct reg r = reg_not_init();

	r.type = type;
	r.off = off;
	r.map_idx = -1;
	return r;
}

bool reg_is_pkt(const struct reg *r)
{
	return r->type == PTR_TO_PACKET || r->type == PTR_TO_PACKET_META;
}

bool reg_is_pkt_any(const struct reg *r)
{
	return reg_is_pkt(r) || r->type == PTR_TO_PACKET_END;
}

bool reg_is_null(const struct reg *r)
{
	return r->type == SCALAR_VALUE && tnum_equals_const(r->var.var_off, 0);
}

bool reg_not_null(const struct reg *r)
{
	if (reg_may_be_null(r))
		return false;
	switch (reg_base(r)) {
	case PTR_TO_SOCKET:
	case PTR_TO_TCP_SOCK:
	case PTR_TO_MAP_VALUE:
	case PTR_TO_MAP_KEY:
	case PTR_TO_SOCK_COMMON:
	case CONST_PTR_TO_MAP:	/* since 6.16 */
		return true;
	case PTR_TO_MEM:
		/* untrusted memory (a BTF pointer to a non-struct) may be NULL */
		return !(r->type & REG_UNTRUSTED);
	case PTR_TO_BTF_ID:
		/* is_trusted_reg(): referenced, or PTR_TRUSTED without unsafe modifiers */
		return r->ref_obj_id || (r->type & ~REG_BASE_MASK) == REG_TRUSTED;
	default:
		return false;
	}
}

bool reg_var_is_const(const struct reg *r)
{
	return tnum_is_const(r->var.var_off);
}

/* ---- Lattice ---- */

void idmap_reset(struct idmap *m)
{
	m->cnt = 0;
}

bool idmap_check(struct idmap *m, u32 o, u32 c)
{
	u32 i;

	if (!o || !c)
		return o == c;
	for (i = 0; i < m->cnt; i++) {
		if (m->old[i] == o)
			return m->cur[i] == c;
		if (m->cur[i] == c)
			return false;
	}
	if (m->cnt == IDMAP_MAX)
		return false;	/* out of room: conservatively "not equivalent" */
	m->old[m->cnt] = o;
	m->cur[m->cnt] = c;
	m->cnt++;
	return true;
}

bool reg_leq(const struct reg *cur, const struct reg *old, struct idmap *m)
{
	if (old->type == NOT_INIT)
		return true;
	if (cur->type != old->type)
		return false;
	if (cur->type == SCALAR_VALUE) {
		/* Without precision tracking every scalar counts as precise (the kernel
		 * compares precise scalars with range_within + tnum_in and check_scalar_ids). */
		if (!scalar_leq(&cur->var, &old->var))
			return false;
		return !old->id || idmap_check(m, old->id, cur->id);
	}
	if (cur->off != old->off || cur->map_idx != old->map_idx || cur->frameno != old->frameno ||
	    cur->btf_sock != old->btf_sock || cur->btf_id != old->btf_id)
		return false;
	if (reg_is_pkt(cur)) {
		/* a smaller checked range than the explored state's is not safe */
		if (cur->range < old->range)
			return false;
		/* stricter than the kernel's signed range compare: a branch decided by the mark
		 * in the explored state must be decided the same way here */
		if (cur->pkt_end != old->pkt_end)
			return false;
	} else if (cur->range != old->range) {
		return false;
	}
	if (!scalar_leq(&cur->var, &old->var))
		return false;
	if (!idmap_check(m, old->id, cur->id))
		return false;
	return idmap_check(m, old->ref_obj_id, cur->ref_obj_id);
}

/* ---- Formatting ---- */

static const char *const type_names[REG_TYPE_NR] = {
	[NOT_INIT] = "?",
	[SCALAR_VALUE] = "scalar",
	[PTR_TO_CTX] = "ctx",
	[CONST_PTR_TO_MAP] = "map_ptr",
	[PTR_TO_MAP_VALUE] = "map_value",
	[PTR_TO_MAP_KEY] = "map_key",
	[PTR_TO_STACK] = "fp",
	[PTR_TO_PACKET_META] = "pkt_meta",
	[PTR_TO_PACKET] = "pkt",
	[PTR_TO_PACKET_END] = "pkt_end",
	[PTR_TO_FLOW_KEYS] = "flow_keys",
	[PTR_TO_SOCKET] = "sock",
	[PTR_TO_SOCK_COMMON] = "sock_common",
	[PTR_TO_TCP_SOCK] = "tcp_sock",
	[PTR_TO_TP_BUFFER] = "tp_buffer",
	[PTR_TO_XDP_SOCK] = "xdp_sock",
	[PTR_TO_BTF_ID] = "ptr_",
	[PTR_TO_MEM] = "mem",
	[PTR_TO_BUF] = "buf",
	[PTR_TO_FUNC] = "func",
};

const char *reg_btf_sock_name(u32 k)
{
	static const char *const names[BTF_SOCK_NR] = {
		[BTF_SOCK_TCP] = "tcp_sock",
		[BTF_SOCK_TCP6] = "tcp6_sock",
		[BTF_SOCK_UDP6] = "udp6_sock",
		[BTF_SOCK_TCP_TW] = "tcp_timewait_sock",
		[BTF_SOCK_TCP_REQ] = "tcp_request_sock",
		[BTF_SOCK_UNIX] = "unix_sock",
		[BTF_SOCK_MPTCP] = "mptcp_sock",
	};

	return k < BTF_SOCK_NR && names[k] ? names[k] : "";
}

const char *reg_type_str(u32 type, char *buf, size_t size)
{
	u32 base = type & REG_BASE_MASK;
	const char *name = base < REG_TYPE_NR ? type_names[base] : "?";

	/* the kernel's reg_type_str(): every modifier's prefix, in this order */
	snprintf(buf, size, "%s%s%s%s%s%s%s", type & REG_RDONLY ? "rdonly_" : "",
		 type & REG_RINGBUF ? "ringbuf_" : "", type & REG_RCU ? "rcu_" : "",
		 type & REG_UNTRUSTED ? "untrusted_" : "", type & REG_TRUSTED ? "trusted_" : "", name,
		 type & REG_MAYBE_NULL ? (base == PTR_TO_BTF_ID ? "or_null_" : "_or_null") : "");
	return buf;
}

struct out {
	char *buf;
	size_t size, len;
};

static __printf(2, 3) void out_add(struct out *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(o->len < o->size ? o->buf + o->len : NULL,
		      o->len < o->size ? o->size - o->len : 0, fmt, ap);
	va_end(ap);
	if (n > 0)
		o->len += n;
}

/* the kernel's verbose_snum(): decimal near zero, else hex */
static void out_snum(struct out *o, s64 v)
{
	char tmp[32];
	struct scalar c = scalar_const((u64)v);

	scalar_fmt(tmp, sizeof(tmp), &c);
	out_add(o, "%s", tmp);
}

int reg_fmt(char *buf, size_t size, const struct reg *r, const struct map_def *maps, u32 map_cnt)
{
	struct out o = { buf, size, 0 };
	const char *sep = "";
	char tmp[256];
	u32 base = reg_base(r);

	if (size)
		buf[0] = 0;
	if (r->type == SCALAR_VALUE && tnum_is_const(r->var.var_off)) {
		out_snum(&o, (s64)r->var.var_off.value);
		return (int)o.len;
	}
	out_add(&o, "%s", reg_type_str(r->type, tmp, sizeof(tmp)));
	if (base == PTR_TO_BTF_ID)	/* print_reg_state(): the struct's name follows */
		out_add(&o, "%s", reg_btf_sock_name(r->btf_sock));
	if (r->type == PTR_TO_STACK && tnum_is_const(r->var.var_off)) {
		out_snum(&o, (s64)(r->var.var_off.value + (u64)(s64)r->off));
		return (int)o.len;
	}
	out_add(&o, "(");
	if (r->id) {
		out_add(&o, "%sid=%u", sep, r->id);
		sep = ",";
	}
	if (r->ref_obj_id) {
		out_add(&o, "%sref_obj_id=%u", sep, r->ref_obj_id);
		sep = ",";
	}
	if ((base == CONST_PTR_TO_MAP || base == PTR_TO_MAP_VALUE || base == PTR_TO_MAP_KEY) &&
	    maps && r->map_idx >= 0 && (u32)r->map_idx < map_cnt) {
		const struct map_def *m = &maps[r->map_idx];

		if (m->name && m->name[0]) {
			/* the kernel keeps BPF_OBJ_NAME_LEN - 1 characters */
			out_add(&o, "%smap=%.15s", sep, m->name);
			sep = ",";
		}
		out_add(&o, "%sks=%u,vs=%u", sep, m->key_size, m->value_size);
		sep = ",";
	}
	if (r->type != SCALAR_VALUE && r->off) {
		out_add(&o, "%soff=", sep);
		out_snum(&o, r->off);
		sep = ",";
	}
	if (reg_is_pkt(r) && r->pkt_end) {
		/* the kernel keeps these as a negative range (AT: -1, BEYOND: -2), printed unsigned */
		out_add(&o, "%sr=0x%llx", sep,
			(unsigned long long)(r->pkt_end == REG_AT_PKT_END ? -1LL : -2LL));
		sep = ",";
	} else if (reg_is_pkt(r)) {
		out_add(&o, "%sr=%u", sep, r->range);
		sep = ",";
	}
	if (base == PTR_TO_MEM) {
		out_add(&o, "%ssz=%u", sep, r->range);
		sep = ",";
	}
	if (tnum_is_const(r->var.var_off)) {
		if (r->var.var_off.value) {
			out_add(&o, "%simm=", sep);
			out_snum(&o, (s64)r->var.var_off.value);
		}
	} else {
		scalar_fmt_fields(tmp, sizeof(tmp), &r->var);
		if (tmp[0])
			out_add(&o, "%s%s", sep, tmp);
	}
	out_add(&o, ")");
	return (int)o.len;
}
