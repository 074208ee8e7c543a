/* CO-RE relocation, following libbpf (relo_core.c and the candidate search of libbpf.c) so that
 * the instructions we analyse are the ones libbpf would load.
 *
 * A record says: instruction N uses aspect KIND of local type T reached through the access
 * string "0:2:1" (first an index on a pointer to T, then member / array indexes, anonymous
 * members included). Three steps per record:
 *  1. parse: the access string becomes a spec; its high-level accessors are the named members
 *     and array indexes (anonymous struct/union hops disappear), its bit offset is the local one;
 *  2. match: every target type with the same kind and the same essential name ("task_struct" for
 *     "task_struct___v2") is a candidate; a candidate matches when each named member is found
 *     (searching through anonymous members) with a compatible type and each index is in bounds;
 *     the value (offset, size, existence, ...) is computed for the local spec (what the compiler
 *     put in the instruction) and for each matching candidate, which must all agree;
 *  3. patch: ALU imm, LDX/ST/STX offset (plus the load size when a field changed size and
 *     zero-extension keeps the value right), or ld_imm64 imm; the compiler's value is checked
 *     first where it is unambiguous. No matching candidate: existence kinds give 0, type kinds
 *     give 0, the others poison the instruction.
 * Invariants: nothing here trusts the object's BTF or .BTF.ext (member and enumerator indexes,
 * string offsets, type ids, recursion depth are all checked), and nothing is printed: every
 * failure is a -errno with a one-line message. Module BTFs are not searched (libbpf looks there
 * when vmlinux has no candidate); only the one target BTF of the object is. */
#include <bpf/btf.h>
#include <limits.h>
#include <linux/btf.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "loader/core.h"
#include "loader/externs.h"
#include "vec.h"

#define CORE_SPEC_MAX	64	/* accessors per spec, libbpf's BPF_CORE_SPEC_MAX_LEN */
#define CORE_DEPTH_MAX	32	/* type recursion in compat/match checks, as libbpf */
#define CORE_MODS_MAX	64	/* modifier/typedef chain; libbpf has no bound, a cycle would hang */

struct core_cands {
	u32 local_id;
	u32 *ids;		/* target type ids, in target BTF order */
	u32 len;
};

/* One step of a spec: a named member of a composite, or an index into an array (name NULL;
 * type_id is then the element type), or, for enum relocations, an enumerator. */
struct core_acc {
	u32 type_id;
	u32 idx;
	const char *name;
};

struct core_spec {
	const struct btf *btf;
	u32 root_id;
	u32 kind;
	struct core_acc acc[CORE_SPEC_MAX];	/* high-level: named members and indexes */
	u32 len;
	u32 raw[CORE_SPEC_MAX];			/* low-level: one per access string element */
	u32 raw_len;
	u32 bit_off;
};

/* The outcome of one relocation: the compiler's value (orig) and the target's (new). */
struct core_res {
	u64 orig_val;
	u64 new_val;
	u32 orig_sz, new_sz;		/* field sizes, for load/store size adjustment */
	u32 orig_type_id, new_type_id;
	bool poison;
	bool validate;			/* orig_val must be what the instruction holds */
	bool fail_memsz_adjust;		/* sizes differ and zero-extension would be wrong */
};

/* Where a relocation is, for messages. */
struct core_ctx {
	struct object *obj;
	const struct prog *p;
	u32 relo_idx;
	char *err;
	size_t errsz;
};

static int __printf(3, 4) relo_err(const struct core_ctx *c, int code, const char *fmt, ...)
{
	char msg[320];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return loader_err(c->obj, c->err, c->errsz, code, "prog '%s': relo #%u: %s", c->p->name,
			  c->relo_idx, msg);
}

static const char *const kind_names[] = {
	[BPF_CORE_FIELD_BYTE_OFFSET] = "byte_off",
	[BPF_CORE_FIELD_BYTE_SIZE] = "byte_sz",
	[BPF_CORE_FIELD_EXISTS] = "field_exists",
	[BPF_CORE_FIELD_SIGNED] = "signed",
	[BPF_CORE_FIELD_LSHIFT_U64] = "lshift_u64",
	[BPF_CORE_FIELD_RSHIFT_U64] = "rshift_u64",
	[BPF_CORE_TYPE_ID_LOCAL] = "local_type_id",
	[BPF_CORE_TYPE_ID_TARGET] = "target_type_id",
	[BPF_CORE_TYPE_EXISTS] = "type_exists",
	[BPF_CORE_TYPE_SIZE] = "type_size",
	[BPF_CORE_ENUMVAL_EXISTS] = "enumval_exists",
	[BPF_CORE_ENUMVAL_VALUE] = "enumval_value",
	[BPF_CORE_TYPE_MATCHES] = "type_matches",
};

static bool kind_is_field(u32 kind)
{
	return kind <= BPF_CORE_FIELD_RSHIFT_U64;
}

static bool kind_is_type(u32 kind)
{
	return (kind >= BPF_CORE_TYPE_ID_LOCAL && kind <= BPF_CORE_TYPE_SIZE) ||
	       kind == BPF_CORE_TYPE_MATCHES;
}

static bool kind_is_enumval(u32 kind)
{
	return kind == BPF_CORE_ENUMVAL_EXISTS || kind == BPF_CORE_ENUMVAL_VALUE;
}

static bool str_empty(const char *s)
{
	return !s || !*s;
}

static const char *kind_str(const struct btf_type *t)
{
	static const char *const names[] = {
		[BTF_KIND_UNKN] = "void", [BTF_KIND_INT] = "int", [BTF_KIND_PTR] = "ptr",
		[BTF_KIND_ARRAY] = "array", [BTF_KIND_STRUCT] = "struct", [BTF_KIND_UNION] = "union",
		[BTF_KIND_ENUM] = "enum", [BTF_KIND_FWD] = "fwd", [BTF_KIND_TYPEDEF] = "typedef",
		[BTF_KIND_VOLATILE] = "volatile", [BTF_KIND_CONST] = "const",
		[BTF_KIND_RESTRICT] = "restrict", [BTF_KIND_FUNC] = "func",
		[BTF_KIND_FUNC_PROTO] = "func_proto", [BTF_KIND_VAR] = "var",
		[BTF_KIND_DATASEC] = "datasec", [BTF_KIND_FLOAT] = "float",
		[BTF_KIND_DECL_TAG] = "decl_tag", [BTF_KIND_TYPE_TAG] = "type_tag",
		[BTF_KIND_ENUM64] = "enum64",
	};
	u16 k = btf_kind(t);

	return k < ARRAY_SIZE(names) && names[k] ? names[k] : "unknown";
}

/* @id with const/volatile/restrict/type tags and typedefs peeled off; NULL on a bad id or an
 * endless chain. */
static const struct btf_type *skip_mods(const struct btf *btf, u32 id, u32 *res_id)
{
	const struct btf_type *t = btf__type_by_id(btf, id);
	int n;

	for (n = 0; t && (btf_is_mod(t) || btf_is_typedef(t)); n++) {
		if (n == CORE_MODS_MAX)
			return NULL;
		id = t->type;
		t = btf__type_by_id(btf, id);
	}
	if (t && res_id)
		*res_id = id;
	return t;
}

/* Length of @name without its flavor: "foo___v1" -> 3. A separator is three underscores with a
 * non-underscore on both sides; the last one counts ("a___b___c" -> "a___b"). */
static size_t essential_len(const char *name)
{
	size_t n = strlen(name), i;

	for (i = n >= 5 ? n - 4 : 0; i-- > 0;)
		if (name[i] != '_' && name[i + 1] == '_' && name[i + 2] == '_' &&
		    name[i + 3] == '_' && name[i + 4] != '_')
			return i + 1;
	return n;
}

static bool essential_eq(const char *a, const char *b)
{
	size_t la = essential_len(a), lb = essential_len(b);

	return la == lb && !strncmp(a, b, la);
}

static s64 type_size(const struct btf *btf, u32 id)
{
	return btf__resolve_size(btf, id);
}

/* ---- Step 1: the local spec ---- */

/* A zero-length array as the last member of its struct (accessor @acc names that member). */
static bool is_flex_arr(const struct btf *btf, const struct core_acc *acc,
			const struct btf_array *arr)
{
	const struct btf_type *t;

	if (!acc->name || arr->nelems > 0)
		return false;
	t = btf__type_by_id(btf, acc->type_id);
	return t && acc->idx + 1 == btf_vlen(t);
}

/* "0:12:3" -> raw[] = {0, 12, 3}; only decimal numbers separated by single colons. */
static int parse_access(const char *s, struct core_spec *spec, const char **why)
{
	while (*s) {
		u64 v = 0;

		if (spec->raw_len && *s++ != ':')
			return *why = "expected ':'", -EINVAL;
		if (*s < '0' || *s > '9')
			return *why = "expected a number", -EINVAL;
		while (*s >= '0' && *s <= '9') {
			v = v * 10 + (*s++ - '0');
			if (v > INT_MAX)
				return *why = "index too large", -EINVAL;
		}
		if (spec->raw_len == CORE_SPEC_MAX)
			return *why = "too many accessors", -E2BIG;
		spec->raw[spec->raw_len++] = v;
	}
	return spec->raw_len ? 0 : (*why = "empty", -EINVAL);
}

/* *@bit_off += @bits; libbpf keeps bit offsets in a u32 and lets them wrap, we refuse such
 * records. */
static int add_bits(u32 *bit_off, u64 bits, const char **why)
{
	if (bits > UINT32_MAX || *bit_off + bits > UINT32_MAX)
		return *why = "offset overflows", -EINVAL;
	*bit_off += bits;
	return 0;
}

/* *@bit_off += @idx elements of @elem_sz bytes. */
static int add_elems(u32 *bit_off, u64 idx, s64 elem_sz, const char **why)
{
	if (elem_sz < 0 || (elem_sz && idx > UINT32_MAX / 8 / (u64)elem_sz))
		return *why = "offset overflows", -EINVAL;
	return add_bits(bit_off, idx * (u64)elem_sz * 8, why);
}

/* Builds @spec of the local type for @rec (libbpf's bpf_core_parse_spec). */
static int parse_spec(const struct btf *btf, const struct ext_core *rec, const char *str,
		      struct core_spec *spec, const char **why)
{
	const struct btf_type *t;
	struct core_acc *acc;
	u32 id, i;
	s64 sz;
	int ret;

	memset(spec, 0, sizeof(*spec));
	spec->btf = btf;
	spec->root_id = rec->type_id;
	spec->kind = rec->kind;
	if (kind_is_type(rec->kind))	/* no field: the access string is always "0" */
		return strcmp(str, "0") ? (*why = "type relocation needs access string \"0\"",
					   -EINVAL) : 0;
	ret = parse_access(str, spec, why);
	if (ret)
		return ret;
	t = skip_mods(btf, rec->type_id, &id);
	if (!t)
		return *why = "bad root type", -EINVAL;
	acc = &spec->acc[0];
	acc->type_id = id;
	acc->idx = spec->raw[0];
	spec->len = 1;

	if (kind_is_enumval(rec->kind)) {
		u32 name_off;

		if (!btf_is_any_enum(t))
			return *why = "root type is not an enum", -EINVAL;
		if (spec->raw_len > 1 || acc->idx >= btf_vlen(t))
			return *why = "no such enumerator", -EINVAL;
		name_off = btf_is_enum(t) ? btf_enum(t)[acc->idx].name_off :
					    btf_enum64(t)[acc->idx].name_off;
		acc->name = btf__name_by_offset(btf, name_off);
		return acc->name ? 0 : (*why = "bad enumerator name", -EINVAL);
	}

	/* field: the first index steps over whole root objects, as p[n] */
	sz = type_size(btf, id);
	if (sz < 0)
		return *why = "root type has no size", -EINVAL;
	ret = add_elems(&spec->bit_off, acc->idx, sz, why);
	if (ret)
		return ret;
	for (i = 1; i < spec->raw_len; i++) {
		u32 idx = spec->raw[i];

		t = skip_mods(btf, id, &id);
		if (!t)
			return *why = "bad member type", -EINVAL;
		acc = &spec->acc[spec->len];
		if (btf_is_composite(t)) {
			const struct btf_member *m;

			if (idx >= btf_vlen(t))
				return *why = "member index out of range", -EINVAL;
			ret = add_bits(&spec->bit_off, btf_member_bit_offset(t, idx), why);
			if (ret)
				return ret;
			m = btf_members(t) + idx;
			/* anonymous members are hops, not accessors: a target may nest differently */
			if (m->name_off) {
				acc->name = btf__name_by_offset(btf, m->name_off);
				if (str_empty(acc->name))
					return *why = "bad member name", -EINVAL;
				acc->type_id = id;
				acc->idx = idx;
				spec->len++;
			}
			id = m->type;
		} else if (btf_is_array(t)) {
			const struct btf_array *a = btf_array(t);

			if (!skip_mods(btf, a->type, &id))
				return *why = "bad array element type", -EINVAL;
			if (!is_flex_arr(btf, acc - 1, a) && idx >= a->nelems)
				return *why = "array index out of range", -EINVAL;
			acc->type_id = id;
			acc->idx = idx;
			acc->name = NULL;
			spec->len++;
			sz = type_size(btf, id);
			if (sz < 0)
				return *why = "array element has no size", -EINVAL;
			ret = add_elems(&spec->bit_off, idx, sz, why);
			if (ret)
				return ret;
		} else {
			return *why = "access through a type that is neither composite nor array",
			       -EINVAL;
		}
	}
	return 0;
}

/* "struct core_probe.b[2] (0:1:2)" for messages. */
static void fmt_spec(char *buf, size_t sz, const struct core_spec *spec)
{
	const struct btf_type *t = btf__type_by_id(spec->btf, spec->root_id);
	const char *name = t ? btf__name_by_offset(spec->btf, t->name_off) : NULL;
	size_t n;
	u32 i;

#define APPEND(...)                                                                   \
	do {                                                                          \
		n = strlen(buf);                                                      \
		if (n < sz)                                                           \
			snprintf(buf + n, sz - n, __VA_ARGS__);                       \
	} while (0)
	snprintf(buf, sz, "[%u] %s %s", spec->root_id, t ? kind_str(t) : "?",
		 str_empty(name) ? "<anon>" : name);
	if (kind_is_type(spec->kind))
		return;
	if (kind_is_enumval(spec->kind)) {
		APPEND("::%s", spec->acc[0].name ? spec->acc[0].name : "?");
		return;
	}
	for (i = 0; i < spec->len; i++) {
		if (spec->acc[i].name)
			APPEND(".%s", spec->acc[i].name);
		else if (i > 0 || spec->acc[i].idx > 0)
			APPEND("[%u]", spec->acc[i].idx);
	}
	APPEND(" (");
	for (i = 0; i < spec->raw_len; i++)
		APPEND("%s%u", i ? ":" : "", spec->raw[i]);
	APPEND(" @ bit %u)", spec->bit_off);
#undef APPEND
}

/* ---- Step 2: compatibility and matching ---- */

/* Can a field of local type @lid be read where the target has @tid (libbpf's
 * bpf_core_fields_are_compat)? Composites always, pointers and floats always, ints unless they
 * are old-style bitfield ints, enums and fwds by essential name, arrays by element type. */
static int fields_compat(const struct btf *lb, u32 lid, const struct btf *tb, u32 tid)
{
	int depth;

	for (depth = 0; depth < CORE_DEPTH_MAX; depth++) {
		const struct btf_type *lt = skip_mods(lb, lid, &lid);
		const struct btf_type *tt = skip_mods(tb, tid, &tid);
		const char *ln, *tn;

		if (!lt || !tt)
			return -EINVAL;
		if (btf_is_composite(lt) && btf_is_composite(tt))
			return 1;
		if (!btf_kind_core_compat(lt, tt))
			return 0;
		switch (btf_kind(lt)) {
		case BTF_KIND_PTR:
		case BTF_KIND_FLOAT:
			return 1;
		case BTF_KIND_FWD:
		case BTF_KIND_ENUM:
		case BTF_KIND_ENUM64:
			ln = btf__name_by_offset(lb, lt->name_off);
			tn = btf__name_by_offset(tb, tt->name_off);
			/* either side anonymous, or the same name up to the flavor */
			return str_empty(ln) || str_empty(tn) || essential_eq(ln, tn);
		case BTF_KIND_INT:
			return btf_int_offset(lt) == 0 && btf_int_offset(tt) == 0;
		case BTF_KIND_ARRAY:
			lid = btf_array(lt)->type;
			tid = btf_array(tt)->type;
			continue;
		default:
			return 0;
		}
	}
	return -EINVAL;
}

/* Type-based relocations: are root types @lid and @tid (names already equal) compatible?
 * libbpf's __bpf_core_types_are_compat: kinds must agree after peeling modifiers; pointers and
 * arrays recurse into their targets, prototypes into parameters and return type. */
static int types_compat(const struct btf *lb, u32 lid, const struct btf *tb, u32 tid, int level)
{
	const struct btf_type *lt = btf__type_by_id(lb, lid), *tt = btf__type_by_id(tb, tid);
	int depth;

	if (!lt || !tt)
		return -EINVAL;
	if (!btf_kind_core_compat(lt, tt))
		return 0;
	for (depth = 0; depth < CORE_DEPTH_MAX; depth++) {
		lt = skip_mods(lb, lid, &lid);
		tt = skip_mods(tb, tid, &tid);
		if (!lt || !tt)
			return -EINVAL;
		if (!btf_kind_core_compat(lt, tt))
			return 0;
		switch (btf_kind(lt)) {
		case BTF_KIND_UNKN:
		case BTF_KIND_STRUCT:
		case BTF_KIND_UNION:
		case BTF_KIND_ENUM:
		case BTF_KIND_ENUM64:
		case BTF_KIND_FWD:
			return 1;
		case BTF_KIND_INT:
			return btf_int_offset(lt) == 0 && btf_int_offset(tt) == 0;
		case BTF_KIND_PTR:
			lid = lt->type;
			tid = tt->type;
			continue;
		case BTF_KIND_ARRAY:
			lid = btf_array(lt)->type;
			tid = btf_array(tt)->type;
			continue;
		case BTF_KIND_FUNC_PROTO: {
			const struct btf_param *lp = btf_params(lt), *tp = btf_params(tt);
			u16 i, n = btf_vlen(lt);
			int ret;

			if (n != btf_vlen(tt))
				return 0;
			for (i = 0; i < n; i++) {
				u32 a = 0, b = 0;

				if (level <= 0)
					return -EINVAL;
				skip_mods(lb, lp[i].type, &a);
				skip_mods(tb, tp[i].type, &b);
				ret = types_compat(lb, a, tb, b, level - 1);
				if (ret <= 0)
					return ret;
			}
			lid = lt->type;
			tid = tt->type;
			continue;
		}
		default:
			return 0;
		}
	}
	return -EINVAL;
}

/* Names equal up to the flavor; an anonymous target only matches an anonymous local. */
static bool names_match(const struct btf *lb, u32 loff, const struct btf *tb, u32 toff)
{
	const char *ln = btf__name_by_offset(lb, loff), *tn = btf__name_by_offset(tb, toff);

	if (str_empty(tn))
		return str_empty(ln);
	return !str_empty(ln) && essential_eq(ln, tn);
}

static u32 enum_name_off(const struct btf_type *t, u32 i)
{
	return btf_is_enum(t) ? btf_enum(t)[i].name_off : btf_enum64(t)[i].name_off;
}

/* Same size, and every local enumerator name exists in the target (values may differ). */
static int enums_match(const struct btf *lb, const struct btf_type *lt, const struct btf *tb,
		       const struct btf_type *tt)
{
	u16 ln = btf_vlen(lt), tn = btf_vlen(tt), i, j;

	if (lt->size != tt->size || ln > tn)
		return 0;
	for (i = 0; i < ln; i++) {
		for (j = 0; j < tn; j++)
			if (names_match(lb, enum_name_off(lt, i), tb, enum_name_off(tt, j)))
				break;
		if (j == tn)
			return 0;
	}
	return 1;
}

static int types_match(const struct btf *lb, u32 lid, const struct btf *tb, u32 tid,
		       bool behind_ptr, int level);

/* Every local member has a same-named target member whose type matches. */
static int composites_match(const struct btf *lb, const struct btf_type *lt,
			    const struct btf *tb, const struct btf_type *tt, bool behind_ptr,
			    int level)
{
	const struct btf_member *lm = btf_members(lt);
	u16 ln = btf_vlen(lt), tn = btf_vlen(tt), i, j;
	int ret;

	if (ln > tn)
		return 0;
	for (i = 0; i < ln; i++) {
		const struct btf_member *tm = btf_members(tt);
		bool found = false;

		for (j = 0; j < tn && !found; j++) {
			if (!names_match(lb, lm[i].name_off, tb, tm[j].name_off))
				continue;
			ret = types_match(lb, lm[i].type, tb, tm[j].type, behind_ptr, level - 1);
			if (ret < 0)
				return ret;
			found = ret > 0;
		}
		if (!found)
			return 0;
	}
	return 1;
}

/* TYPE_MATCHES (libbpf's __bpf_core_types_match): a stricter, layout-blind relation. Kinds must
 * be equal (enum/enum64 aside; a struct or union behind a pointer also matches a forward
 * declaration of the same flavor), ints agree in size and signedness, arrays in length, local
 * members and enumerators exist by name in the target, prototypes agree argument by argument. */
static int types_match(const struct btf *lb, u32 lid, const struct btf *tb, u32 tid,
		       bool behind_ptr, int level)
{
	const struct btf_type *lt, *tt;
	int depth;
	u16 lk, tk;

	if (level <= 0)
		return -EINVAL;
	for (depth = 0; depth < CORE_DEPTH_MAX; depth++) {
		lt = skip_mods(lb, lid, &lid);
		tt = skip_mods(tb, tid, &tid);
		if (!lt || !tt)
			return -EINVAL;
		/* names are compared after typedefs are peeled; callers matched the root's */
		if (!names_match(lb, lt->name_off, tb, tt->name_off))
			return 0;
		lk = btf_kind(lt);
		tk = btf_kind(tt);
		switch (lk) {
		case BTF_KIND_UNKN:
			return lk == tk;
		case BTF_KIND_FWD:
			/* kflag: 0 = struct, 1 = union */
			if (behind_ptr && lk != tk)
				return (tk == BTF_KIND_STRUCT && !btf_kflag(lt)) ||
				       (tk == BTF_KIND_UNION && btf_kflag(lt));
			return lk == tk && btf_kflag(lt) == btf_kflag(tt);
		case BTF_KIND_ENUM:
		case BTF_KIND_ENUM64:
			return btf_is_any_enum(tt) ? enums_match(lb, lt, tb, tt) : 0;
		case BTF_KIND_STRUCT:
		case BTF_KIND_UNION:
			if (behind_ptr) {
				if (lk == tk)
					return 1;
				return tk == BTF_KIND_FWD && (lk == BTF_KIND_UNION) == btf_kflag(tt);
			}
			if (lk != tk)
				return 0;
			return composites_match(lb, lt, tb, tt, behind_ptr, level);
		case BTF_KIND_INT:
			if (lk != tk)
				return 0;
			return lt->size == tt->size &&
			       (btf_int_encoding(lt) & BTF_INT_SIGNED) ==
			       (btf_int_encoding(tt) & BTF_INT_SIGNED);
		case BTF_KIND_PTR:
			if (lk != tk)
				return 0;
			behind_ptr = true;
			lid = lt->type;
			tid = tt->type;
			continue;
		case BTF_KIND_ARRAY:
			if (lk != tk || btf_array(lt)->nelems != btf_array(tt)->nelems)
				return 0;
			lid = btf_array(lt)->type;
			tid = btf_array(tt)->type;
			continue;
		case BTF_KIND_FUNC_PROTO: {
			const struct btf_param *lp = btf_params(lt), *tp = btf_params(tt);
			u16 i, n = btf_vlen(lt);
			int ret;

			if (lk != tk || n != btf_vlen(tt))
				return 0;
			for (i = 0; i < n; i++) {
				ret = types_match(lb, lp[i].type, tb, tp[i].type, behind_ptr,
						  level - 1);
				if (ret <= 0)
					return ret;
			}
			lid = lt->type;
			tid = tt->type;
			continue;
		}
		default:
			return 0;
		}
	}
	return -EINVAL;
}

/* Finds the member named like local accessor @lacc inside target composite @tid, looking
 * through anonymous members; pushes its accessor and raw indexes onto @ts and adds its bit
 * offset. 1 found and compatible, 0 not, <0 error. *@next_id: the member's type. */
static int match_member(const struct btf *lb, const struct core_acc *lacc, const struct btf *tb,
			u32 tid, struct core_spec *ts, u32 *next_id)
{
	const struct btf_type *tt = skip_mods(tb, tid, &tid), *lt;
	const struct btf_member *lm, *m;
	const char *lname;
	u16 i, n;
	int ret;

	if (!tt)
		return -EINVAL;
	if (!btf_is_composite(tt))
		return 0;
	lt = btf__type_by_id(lb, lacc->type_id);
	lm = btf_members(lt) + lacc->idx;
	lname = lacc->name;
	n = btf_vlen(tt);
	m = btf_members(tt);
	for (i = 0; i < n; i++, m++) {
		u32 bit = btf_member_bit_offset(tt, i);
		const char *tname;

		if (ts->raw_len == CORE_SPEC_MAX)
			return -E2BIG;
		/* tentatively descend; undone below when this member is not it */
		ts->bit_off += bit;
		ts->raw[ts->raw_len++] = i;
		tname = btf__name_by_offset(tb, m->name_off);
		if (str_empty(tname)) {
			ret = match_member(lb, lacc, tb, m->type, ts, next_id);
			if (ret)
				return ret;
		} else if (!strcmp(lname, tname)) {
			struct core_acc *ta;

			if (ts->len == CORE_SPEC_MAX)
				return -E2BIG;
			ta = &ts->acc[ts->len++];
			ta->type_id = tid;
			ta->idx = i;
			ta->name = tname;
			*next_id = m->type;
			ret = fields_compat(lb, lm->type, tb, m->type);
			if (!ret)
				ts->len--;
			return ret;
		}
		ts->bit_off -= bit;
		ts->raw_len--;
	}
	return 0;
}

/* Matches local spec @ls against candidate @tid of @tb, building target spec @ts
 * (libbpf's bpf_core_spec_match). 1 match, 0 no match, <0 error. */
static int spec_match(const struct core_spec *ls, const struct btf *tb, u32 tid,
		      struct core_spec *ts)
{
	const struct btf_type *tt;
	u32 i;
	int ret;

	memset(ts, 0, sizeof(*ts));
	ts->btf = tb;
	ts->root_id = tid;
	ts->kind = ls->kind;

	if (kind_is_type(ls->kind)) {
		if (ls->kind == BPF_CORE_TYPE_MATCHES)
			return types_match(ls->btf, ls->root_id, tb, tid, false, CORE_DEPTH_MAX);
		return types_compat(ls->btf, ls->root_id, tb, tid, CORE_DEPTH_MAX);
	}

	if (kind_is_enumval(ls->kind)) {
		tt = skip_mods(tb, tid, &tid);
		if (!tt || !btf_is_any_enum(tt))
			return 0;
		for (i = 0; i < btf_vlen(tt); i++) {
			const char *tname = btf__name_by_offset(tb, enum_name_off(tt, i));

			if (tname && essential_eq(ls->acc[0].name, tname)) {
				ts->acc[0] = (struct core_acc){ tid, i, tname };
				ts->len = 1;
				ts->raw[0] = i;
				ts->raw_len = 1;
				return 1;
			}
		}
		return 0;
	}

	for (i = 0; i < ls->len; i++) {
		const struct core_acc *la = &ls->acc[i];
		struct core_acc *ta = &ts->acc[ts->len];
		const char *why;
		s64 sz;

		tt = skip_mods(tb, tid, &tid);
		if (!tt)
			return -EINVAL;
		if (la->name) {
			ret = match_member(ls->btf, la, tb, tid, ts, &tid);
			if (ret <= 0)
				return ret;
			continue;
		}
		/* an index: at the root it steps over whole objects, deeper it needs an array */
		if (i > 0) {
			const struct btf_array *a;

			if (!btf_is_array(tt))
				return 0;
			a = btf_array(tt);
			if (!is_flex_arr(tb, ta - 1, a) && la->idx >= a->nelems)
				return 0;
			if (!skip_mods(tb, a->type, &tid))
				return -EINVAL;
		}
		if (ts->raw_len == CORE_SPEC_MAX || ts->len == CORE_SPEC_MAX)
			return -E2BIG;
		*ta = (struct core_acc){ tid, la->idx, NULL };
		ts->len++;
		ts->raw[ts->raw_len++] = la->idx;
		sz = type_size(tb, tid);
		if (sz < 0)
			return sz;
		if (add_elems(&ts->bit_off, la->idx, sz, &why))
			return -EINVAL;
	}
	return 1;
}

/* ---- Step 2b: values ---- */

/* Value of field relocation @kind on @spec (NULL: no target field). Mirrors libbpf's
 * bpf_core_calc_field_relo; -EUCLEAN asks for poisoning. @sz/@type_id: the field's load size
 * and type, when a load/store of it may be resized; @validate may be NULL. */
static int calc_field(u32 kind, const struct core_spec *spec, u64 *val, u32 *sz, u32 *type_id,
		      bool *validate, const char **why)
{
	const struct core_acc *acc;
	const struct btf_type *t, *mt;
	u32 byte_off, byte_sz, bit_off, bit_sz, field_id = 0;
	bool bitfield;
	s64 s;

	*sz = 0;
	if (kind == BPF_CORE_FIELD_EXISTS) {
		*val = spec != NULL;
		return 0;
	}
	if (!spec)
		return -EUCLEAN;
	acc = &spec->acc[spec->len - 1];
	if (!acc->name) {	/* the last step is an array index */
		s = type_size(spec->btf, acc->type_id);
		if (s < 0)
			return *why = "element has no size", -EINVAL;
		if (kind == BPF_CORE_FIELD_BYTE_OFFSET) {
			*val = spec->bit_off / 8;
			*sz = s;
			*type_id = acc->type_id;
		} else if (kind == BPF_CORE_FIELD_BYTE_SIZE) {
			*val = s;
		} else {
			return *why = "relocation kind does not apply to an array element", -EINVAL;
		}
		if (validate)
			*validate = true;
		return 0;
	}

	t = btf__type_by_id(spec->btf, acc->type_id);
	mt = skip_mods(spec->btf, btf_members(t)[acc->idx].type, &field_id);
	if (!mt)
		return *why = "bad field type", -EINVAL;
	bit_off = spec->bit_off;
	bit_sz = btf_member_bitfield_size(t, acc->idx);
	bitfield = bit_sz > 0;
	if (bitfield) {
		/* the narrowest naturally aligned load (from the field's own size up) holding it */
		byte_sz = mt->size;
		if (!btf_is_int(mt) && !btf_is_any_enum(mt))
			return *why = "bitfield of a non-integer type", -EINVAL;
		if (byte_sz == 0 || byte_sz > 8 || (byte_sz & (byte_sz - 1)))
			return *why = "bitfield storage size is not 1, 2, 4 or 8", -EINVAL;
		byte_off = bit_off / 8 / byte_sz * byte_sz;
		while (bit_off + bit_sz - byte_off * 8 > byte_sz * 8) {
			if (byte_sz >= 8)
				return *why = "bitfield does not fit a 64-bit load", -E2BIG;
			byte_sz *= 2;
			byte_off = bit_off / 8 / byte_sz * byte_sz;
		}
	} else {
		s = type_size(spec->btf, field_id);
		if (s < 0 || s > UINT32_MAX / 8)
			return *why = "field has no usable size", -EINVAL;
		byte_sz = s;
		byte_off = bit_off / 8;
		bit_sz = byte_sz * 8;
	}
	/* bitfield values may legitimately differ from what the compiler computed */
	if (validate)
		*validate = !bitfield;

	switch (kind) {
	case BPF_CORE_FIELD_BYTE_OFFSET:
		*val = byte_off;
		if (!bitfield) {
			*sz = byte_sz;
			*type_id = field_id;
		}
		break;
	case BPF_CORE_FIELD_BYTE_SIZE:
		*val = byte_sz;
		break;
	case BPF_CORE_FIELD_SIGNED:
		*val = (btf_is_any_enum(mt) && btf_kflag(mt)) ||
		       (btf_is_int(mt) && (btf_int_encoding(mt) & BTF_INT_SIGNED));
		if (validate)
			*validate = true;
		break;
	case BPF_CORE_FIELD_LSHIFT_U64:
		/* u32 arithmetic as in libbpf; the storage is read into the low bytes (LE) */
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
		*val = (u32)(64 - (bit_off + bit_sz - byte_off * 8));
#else
		*val = (u32)((8 - byte_sz) * 8 + (bit_off - byte_off * 8));
#endif
		break;
	case BPF_CORE_FIELD_RSHIFT_U64:
		*val = (u32)(64 - bit_sz);
		if (validate)
			*validate = true;
		break;
	default:
		return -EOPNOTSUPP;
	}
	return 0;
}

static int calc_type(u32 kind, const struct core_spec *spec, u64 *val, bool *validate)
{
	s64 s;

	if (validate)
		*validate = true;
	if (!spec) {	/* type relocations say 0 when the type is not there */
		*val = 0;
		return 0;
	}
	switch (kind) {
	case BPF_CORE_TYPE_ID_TARGET:
		*val = spec->root_id;
		/* the compiler's id is the local one; linking may renumber it anyway */
		if (validate)
			*validate = false;
		return 0;
	case BPF_CORE_TYPE_EXISTS:
	case BPF_CORE_TYPE_MATCHES:
		*val = 1;
		return 0;
	case BPF_CORE_TYPE_SIZE:
		s = type_size(spec->btf, spec->root_id);
		if (s < 0)
			return -EINVAL;
		*val = s;
		return 0;
	default:
		return -EOPNOTSUPP;
	}
}

static int calc_enumval(u32 kind, const struct core_spec *spec, u64 *val)
{
	const struct btf_type *t;

	if (kind == BPF_CORE_ENUMVAL_EXISTS) {
		*val = spec != NULL;
		return 0;
	}
	if (!spec)
		return -EUCLEAN;
	t = btf__type_by_id(spec->btf, spec->acc[0].type_id);
	/* a 32-bit enumerator sign-extends into the 64-bit value, as in libbpf */
	if (btf_is_enum(t))
		*val = (u64)(s64)(s32)btf_enum(t)[spec->acc[0].idx].val;
	else
		*val = btf_enum64_value(btf_enum64(t) + spec->acc[0].idx);
	return 0;
}

static bool is_unsigned_int(const struct btf_type *t)
{
	return t && btf_is_int(t) && btf_int_encoding(t) != BTF_INT_SIGNED;
}

/* Both values of the relocation: the compiler's from @ls, the target's from @ts (NULL when no
 * candidate matched). libbpf's bpf_core_calc_relo. */
static int calc_relo(const struct core_spec *ls, const struct core_spec *ts,
		     struct core_res *res, const char **why)
{
	u32 kind = ls->kind;
	int ret;

	memset(res, 0, sizeof(*res));
	res->validate = true;
	if (kind_is_field(kind)) {
		ret = calc_field(kind, ls, &res->orig_val, &res->orig_sz, &res->orig_type_id,
				 &res->validate, why);
		ret = ret ?: calc_field(kind, ts, &res->new_val, &res->new_sz, &res->new_type_id,
					NULL, why);
		if (!ret && res->orig_sz != res->new_sz) {
			const struct btf_type *ot = btf__type_by_id(ls->btf, res->orig_type_id);
			const struct btf_type *nt = btf__type_by_id(ts->btf, res->new_type_id);

			/* resizing a load keeps the value only for pointers (a 32-bit kernel's
			 * are zero-extended) and unsigned integers; anything else is poisoned if
			 * it is a load or store */
			if (!(ot && nt && btf_is_ptr(ot) && btf_is_ptr(nt)) &&
			    !(is_unsigned_int(ot) && is_unsigned_int(nt)))
				res->fail_memsz_adjust = true;
		}
	} else if (kind_is_type(kind)) {
		ret = calc_type(kind, ls, &res->orig_val, &res->validate);
		ret = ret ?: calc_type(kind, ts, &res->new_val, NULL);
	} else if (kind_is_enumval(kind)) {
		ret = calc_enumval(kind, ls, &res->orig_val);
		ret = ret ?: calc_enumval(kind, ts, &res->new_val);
	} else {
		ret = -EOPNOTSUPP;
	}
	if (ret == -EUCLEAN) {
		res->poison = true;
		ret = 0;
	}
	return ret;
}

/* ---- candidates ---- */

/* Target types of the same kind (enum and enum64 mix) whose essential name is @lname's. */
static int cands_find(const struct btf *tb, const struct btf_type *lt, const char *lname,
		      struct core_cands *out)
{
	u32 n = btf__type_cnt(tb), id, cap = 0;
	size_t llen = essential_len(lname);

	for (id = 1; id < n; id++) {
		const struct btf_type *t = btf__type_by_id(tb, id);
		const char *name;

		if (!btf_kind_core_compat(t, lt))
			continue;
		name = btf__name_by_offset(tb, t->name_off);
		if (str_empty(name) || essential_len(name) != llen || strncmp(name, lname, llen))
			continue;
		if (vec_grow(&out->ids, &cap, out->len + 1))
			return -ENOMEM;
		out->ids[out->len++] = id;
	}
	return 0;
}

/* The candidate list of local type @lid: cached, or searched and added to @cache. */
static int cands_get(struct core_cache *cache, const struct btf *tb, u32 lid,
		     const struct btf_type *lt, const char *lname, struct core_cands **out,
		     struct core_cands *scratch)
{
	struct core_cands *cl;
	u32 i;
	int ret;

	if (!cache) {
		*out = scratch;
		return cands_find(tb, lt, lname, scratch);
	}
	for (i = 0; i < cache->cnt; i++)
		if (cache->lists[i].local_id == lid) {
			*out = &cache->lists[i];
			return 0;
		}
	if (vec_grow(&cache->lists, &cache->cap, cache->cnt + 1))
		return -ENOMEM;
	cl = &cache->lists[cache->cnt];
	memset(cl, 0, sizeof(*cl));
	cl->local_id = lid;
	ret = cands_find(tb, lt, lname, cl);
	if (ret) {
		free(cl->ids);
		return ret;
	}
	cache->cnt++;
	*out = cl;
	return 0;
}

void core_cache_release(struct core_cache *cache)
{
	u32 i;

	if (!cache)
		return;
	for (i = 0; i < cache->cnt; i++)
		free(cache->lists[i].ids);
	free(cache->lists);
	memset(cache, 0, sizeof(*cache));
}

/* ---- Step 3: the instruction ---- */

static void poison_insn(struct bpf_insn *in)
{
	*in = (struct bpf_insn){ .code = BPF_JMP | BPF_CALL, .imm = CORE_POISON_IMM };
}

static int size_bytes(u8 code)
{
	switch (BPF_SIZE(code)) {
	case BPF_DW: return 8;
	case BPF_W: return 4;
	case BPF_H: return 2;
	default: return 1;
	}
}

static int bytes_size(u32 n)
{
	switch (n) {
	case 8: return BPF_DW;
	case 4: return BPF_W;
	case 2: return BPF_H;
	case 1: return BPF_B;
	default: return -1;
	}
}

static bool is_ldimm64(const struct bpf_insn *in)
{
	return in->code == (BPF_LD | BPF_IMM | BPF_DW);
}

/* Rewrites instruction @li with @res (libbpf's bpf_core_patch_insn). The compiler's value is
 * compared first (as C compares: s32 imm and s16 off sign-extend) where @res says it is
 * meaningful, so that a record pointing at the wrong instruction is caught. */
static int patch_insn(const struct core_ctx *c, struct prog *p, u32 li, const struct core_res *res)
{
	struct bpf_insn *in = &p->insns[li];
	bool wide = is_ldimm64(in);
	int sz;

	if (wide && li + 1 >= p->insn_cnt)
		return relo_err(c, -EINVAL, "insn #%u: truncated ld_imm64", li);
	if (res->poison)
		goto poison;

	switch (BPF_CLASS(in->code)) {
	case BPF_ALU:
	case BPF_ALU64:
		if (BPF_SRC(in->code) != BPF_K)
			return relo_err(c, -EINVAL, "insn #%u: ALU instruction with a register "
					"operand cannot be relocated", li);
		if (res->validate && (u64)(s64)in->imm != res->orig_val)
			return relo_err(c, -EINVAL, "insn #%u (ALU/ALU64): imm is %d, the "
					"relocation expects %llu (-> %llu)", li, in->imm,
					(unsigned long long)res->orig_val,
					(unsigned long long)res->new_val);
		in->imm = (s32)res->new_val;
		return 0;
	case BPF_LDX:
	case BPF_ST:
	case BPF_STX:
		if (res->validate && (u64)(s64)in->off != res->orig_val)
			return relo_err(c, -EINVAL, "insn #%u (LDX/ST/STX): offset is %d, the "
					"relocation expects %llu (-> %llu)", li, in->off,
					(unsigned long long)res->orig_val,
					(unsigned long long)res->new_val);
		if (res->new_val > SHRT_MAX)
			return relo_err(c, -ERANGE, "insn #%u (LDX/ST/STX): new offset %llu does "
					"not fit", li, (unsigned long long)res->new_val);
		/* libbpf warns and poisons: the access itself is wrong on this target */
		if (res->fail_memsz_adjust)
			goto poison;
		in->off = res->new_val;
		if (res->new_sz == res->orig_sz)
			return 0;
		if (size_bytes(in->code) != (int)res->orig_sz)
			return relo_err(c, -EINVAL, "insn #%u (LDX/ST/STX): accesses %d bytes, the "
					"field has %u", li, size_bytes(in->code), res->orig_sz);
		sz = bytes_size(res->new_sz);
		if (sz < 0)
			return relo_err(c, -EINVAL, "insn #%u (LDX/ST/STX): the target field has %u "
					"bytes, no load or store has that size", li, res->new_sz);
		in->code = BPF_MODE(in->code) | sz | BPF_CLASS(in->code);
		return 0;
	case BPF_LD: {
		u64 imm;

		if (!wide || in[0].src_reg || in[0].off || in[1].code || in[1].dst_reg ||
		    in[1].src_reg || in[1].off)
			return relo_err(c, -EINVAL, "insn #%u: not a plain ld_imm64", li);
		imm = (u32)in[0].imm | ((u64)(u32)in[1].imm << 32);
		if (res->validate && imm != res->orig_val)
			return relo_err(c, -EINVAL, "insn #%u (LDIMM64): imm is %llu, the relocation "
					"expects %llu (-> %llu)", li, (unsigned long long)imm,
					(unsigned long long)res->orig_val,
					(unsigned long long)res->new_val);
		in[0].imm = (u32)res->new_val;
		in[1].imm = (u32)(res->new_val >> 32);
		return 0;
	}
	default:
		return relo_err(c, -EINVAL, "insn #%u (code 0x%02x) cannot be relocated", li,
				in->code);
	}
poison:
	/* both halves of an ld_imm64, so that the kernel's complaint is the bad call */
	if (wide)
		poison_insn(in + 1);
	poison_insn(in);
	return 0;
}

/* ---- the driver ---- */

int core_relocate(struct object *obj, struct prog *p, u32 li, const struct ext_core *rec,
		  u32 relo_idx, struct core_cache *cache, char *err, size_t errsz)
{
	struct core_ctx c = { obj, p, relo_idx, err, errsz };
	struct core_spec *ls = NULL, *cs, *ts;
	struct core_cands scratch = {}, *cl;
	const struct btf *lb = obj->btf;
	const struct btf_type *lt;
	const char *lname, *str, *why = "";
	struct core_res res, cres;
	char desc[256];
	u32 i, j = 0;
	struct btf *tb;
	int ret;

	if (!lb)
		return relo_err(&c, -EINVAL, "CO-RE relocation in an object without .BTF");
	if (li >= p->insn_cnt)
		return relo_err(&c, -EINVAL, "instruction %u outside the program", li);
	if (rec->kind >= ARRAY_SIZE(kind_names))
		return relo_err(&c, -EOPNOTSUPP, "unknown CO-RE relocation kind %u at insn #%u",
				rec->kind, li);
	lt = btf__type_by_id(lb, rec->type_id);
	if (!lt)
		return relo_err(&c, -EINVAL, "<%s> at insn #%u: type id %u out of range (%u types)",
				kind_names[rec->kind], li, rec->type_id, btf__type_cnt(lb));
	lname = btf__name_by_offset(lb, lt->name_off);
	str = btf__name_by_offset(lb, rec->access_str_off);
	if (!lname || !str)
		return relo_err(&c, -EINVAL, "<%s> at insn #%u: bad %s string offset",
				kind_names[rec->kind], li, lname ? "access" : "type name");

	/* three specs are 5 KiB each: off the stack */
	ls = malloc(3 * sizeof(*ls));
	if (!ls)
		return loader_err(obj, err, errsz, -ENOMEM, "out of memory");
	cs = ls + 1;
	ts = ls + 2;
	ret = parse_spec(lb, rec, str, ls, &why);
	if (ret) {
		ret = relo_err(&c, ret, "<%s> [%u] %s %s + '%s' at insn #%u: bad access string: "
			       "%s", kind_names[rec->kind], rec->type_id, kind_str(lt),
			       str_empty(lname) ? "<anon>" : lname, str, li, why);
		goto out;
	}

	if (rec->kind == BPF_CORE_TYPE_ID_LOCAL) {
		/* no search: the local id itself, whatever the compiler wrote (linking renumbers) */
		memset(&res, 0, sizeof(res));
		res.orig_val = res.new_val = ls->root_id;
		ret = patch_insn(&c, p, li, &res);
		goto out;
	}
	fmt_spec(desc, sizeof(desc), ls);
	if (str_empty(lname)) {
		ret = relo_err(&c, -EOPNOTSUPP, "<%s> %s: anonymous types cannot be relocated",
			       kind_names[rec->kind], desc);
		goto out;
	}
	tb = object_target_btf(obj);
	if (!tb) {
		ret = relo_err(&c, -ENOENT, "<%s> %s: no target BTF to relocate against (%s)",
			       kind_names[rec->kind], desc,
			       obj->target_btf_path ? obj->target_btf_path : "disabled");
		goto out;
	}
	ret = cands_get(cache, tb, rec->type_id, lt, lname, &cl, &scratch);
	if (ret)
		goto out;

	for (i = 0; i < cl->len; i++) {
		ret = spec_match(ls, tb, cl->ids[i], cs);
		if (ret < 0) {
			ret = relo_err(&c, ret, "<%s> %s: error matching candidate [%u]: %s",
				       kind_names[rec->kind], desc, cl->ids[i], strerror(-ret));
			goto out;
		}
		if (!ret)
			continue;
		ret = calc_relo(ls, cs, &cres, &why);
		if (ret) {
			ret = relo_err(&c, ret, "<%s> %s: %s", kind_names[rec->kind], desc,
				       ret == -EOPNOTSUPP ? "unsupported relocation" : why);
			goto out;
		}
		if (j == 0) {
			res = cres;
			*ts = *cs;
		} else if (cs->bit_off != ts->bit_off) {
			ret = relo_err(&c, -EINVAL, "<%s> %s: field offset ambiguity: candidate [%u] "
				       "has bit %u, candidate [%u] bit %u", kind_names[rec->kind],
				       desc, ts->root_id, ts->bit_off, cs->root_id, cs->bit_off);
			goto out;
		} else if (cres.poison != res.poison || cres.new_val != res.new_val) {
			ret = relo_err(&c, -EINVAL, "<%s> %s: relocation decision ambiguity: "
				       "candidate [%u] gives %s %llu, candidate [%u] %s %llu",
				       kind_names[rec->kind], desc, ts->root_id,
				       res.poison ? "failure" : "success",
				       (unsigned long long)res.new_val, cs->root_id,
				       cres.poison ? "failure" : "success",
				       (unsigned long long)cres.new_val);
			goto out;
		}
		cl->ids[j++] = cl->ids[i];
	}
	if (j > 0) {
		/* later relocations of this type only consider the candidates that fit this one */
		cl->len = j;
	} else {
		/* nothing matched: existence says 0, the rest poisons (dead code if guarded) */
		ret = calc_relo(ls, NULL, &res, &why);
		if (ret) {
			ret = relo_err(&c, ret, "<%s> %s: %s", kind_names[rec->kind], desc,
				       ret == -EOPNOTSUPP ? "unsupported relocation" : why);
			goto out;
		}
	}
	ret = patch_insn(&c, p, li, &res);
out:
	if (ret == -ENOMEM)
		loader_err(obj, err, errsz, ret, "out of memory");
	free(scratch.ids);
	free(ls);
	return ret;
}
