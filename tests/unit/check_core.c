/* Tests of src/loader/core.c, CO-RE relocation with libbpf's semantics:
 *  - the corpus against the running kernel's BTF: objects compiled from this kernel's vmlinux.h
 *    must come out of relocation unchanged (bitfield values aside, which libbpf recomputes and
 *    does not check against the compiler's);
 *  - tests/corpus/core/local_types_ok against vmlinux (where its types do not exist) and against
 *    a target BTF built here, where they exist reordered, resized and with a field missing: one
 *    table row per relocation says what each instruction must become on each target;
 *  - synthetic objects (a local and a target BTF built with libbpf's btf__add_*, a few
 *    instructions) for the rules of matching and patching, and for malformed records.
 * When the corpus is not built, or /sys/kernel/btf/vmlinux is unreadable, the tests that need
 * them print "SKIP: ..." and pass. */
#include <bpf/btf.h>
#include <check.h>
#include <glob.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "loader/core.h"
#include "loader/internal.h"
#include "loader/object.h"

#define VMLINUX "/sys/kernel/btf/vmlinux"

#define INSN(c, d, s, o, i) { .code = (c), .dst_reg = (d), .src_reg = (s), .off = (o), .imm = (i) }
#define MOV64_IMM(d, i) INSN(BPF_ALU64 | BPF_MOV | BPF_K, d, 0, 0, i)
#define LDX_W(d, s, o) INSN(BPF_LDX | BPF_MEM | BPF_W, d, s, o, 0)
#define LDIMM64(d, lo, hi) INSN(BPF_LD | BPF_IMM | BPF_DW, d, 0, 0, lo), INSN(0, 0, 0, 0, hi)
#define EXIT INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0)

/* ---- helpers ---------------------------------------------------------------------------------- */

static const char *corpus_dir(void)
{
	const char *d = getenv("BPFVERIFY_CORPUS");

	return d && *d ? d : "build/corpus";
}

static bool corpus_obj(const char *rel, char *buf, size_t size)
{
	snprintf(buf, size, "%s/%s.bpf.o", corpus_dir(), rel);
	if (!access(buf, R_OK))
		return true;
	fprintf(stderr, "SKIP: corpus object '%s' not found under %s (run `make corpus`, or set "
		"BPFVERIFY_CORPUS)\n", rel, corpus_dir());
	return false;
}

static bool have_vmlinux(void)
{
	if (!access(VMLINUX, R_OK))
		return true;
	fprintf(stderr, "SKIP: %s not readable\n", VMLINUX);
	return false;
}

/* Writes @btf's raw form to a fresh temporary file; its name goes to @path (unlink it). */
static void btf_write_tmp(const struct btf *btf, char *path, size_t size)
{
	const void *raw;
	u32 n;
	int fd;

	snprintf(path, size, "/tmp/check_core_XXXXXX");
	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	raw = btf__raw_data(btf, &n);
	ck_assert_ptr_nonnull(raw);
	ck_assert_int_eq(write(fd, raw, n), (ssize_t)n);
	close(fd);
}

/* Test-side reading of an access string, for readable tables: "hi", "arr[2]", "CORE_PROBE_B",
 * or "" for type relocations; *@bitfield when the last step is a bitfield member. */
static void describe(const struct btf *btf, const struct ext_core *rec, char *buf, size_t size,
		     bool *bitfield)
{
	const char *s = btf__name_by_offset(btf, rec->access_str_off);
	const struct btf_type *t;
	u32 id = rec->type_id;
	size_t n = 0;
	char *end;
	long idx;

	*bitfield = false;
	buf[0] = 0;
	ck_assert_ptr_nonnull(s);
	if (rec->kind >= BPF_CORE_TYPE_ID_LOCAL && rec->kind != BPF_CORE_ENUMVAL_EXISTS &&
	    rec->kind != BPF_CORE_ENUMVAL_VALUE)
		return;
	t = btf__type_by_id(btf, btf__resolve_type(btf, id));
	idx = strtol(s, &end, 10);
	if (btf_is_any_enum(t)) {
		u32 off = btf_is_enum(t) ? btf_enum(t)[idx].name_off : btf_enum64(t)[idx].name_off;

		snprintf(buf, size, "%s", btf__name_by_offset(btf, off));
		return;
	}
	id = btf__resolve_type(btf, id);
	while (*end == ':') {
		idx = strtol(end + 1, &end, 10);
		t = btf__type_by_id(btf, id);
		if (btf_is_composite(t)) {
			const struct btf_member *m = btf_members(t) + idx;
			const char *name = btf__name_by_offset(btf, m->name_off);

			if (*name)
				n += snprintf(buf + n, size - n, "%s%s", n ? "." : "", name);
			*bitfield = btf_member_bitfield_size(t, idx) > 0;
			id = btf__resolve_type(btf, m->type);
		} else {
			n += snprintf(buf + n, size - n, "[%ld]", idx);
			*bitfield = false;
			id = btf__resolve_type(btf, btf_array(t)->type);
		}
	}
}

static const char *type_name(const struct btf *btf, u32 id)
{
	const struct btf_type *t = btf__type_by_id(btf, id);

	return t ? btf__name_by_offset(btf, t->name_off) : "?";
}

/* Raw (unrelocated) instruction @insn of section @sec of the object's ELF image. */
static struct bpf_insn raw_insn(const struct object *obj, size_t sec, u32 insn)
{
	const struct bpf_insn *in = elf_sec_bytes(&obj->elf, sec, (u64)insn * 8, 8);
	struct bpf_insn r;

	ck_assert_ptr_nonnull(in);
	memcpy(&r, in, sizeof(r));
	return r;
}

static bool insn_eq(const struct bpf_insn *a, const struct bpf_insn *b)
{
	return !memcmp(a, b, sizeof(*a));
}

/* ---- 1. the corpus against this kernel's BTF ---------------------------------------------------- */

struct sweep {
	u32 objs, relos, bitfields, skipped_text;
};

/* Every record of every program's main function: the instruction is the compiler's. */
static void sweep_object(const char *path, struct sweep *sw)
{
	struct ext_info ext;
	struct object *obj;
	char err[512];
	u32 i, j;
	int ret;

	ret = object_open(path, NULL, &obj, err, sizeof(err));
	ck_assert_msg(!ret, "%s: %s", path, err);
	ck_assert_int_eq(btf_ext_parse(obj, &ext, err, sizeof(err)), 0);
	for (i = 0; i < ext.sec_cnt; i++) {
		const struct ext_sec *es = &ext.secs[i];

		for (j = 0; j < es->core_cnt; j++) {
			const struct ext_core *rec = &es->cores[j];
			const struct prog *p = NULL;
			struct bpf_insn raw;
			char what[128];
			bool bitfield;
			u32 k;

			for (k = 0; k < obj->prog_cnt; k++)
				if (!strcmp(obj->progs[k].sec_name, es->sec_name) &&
				    rec->sec_insn >= obj->progs[k].sec_insn_off &&
				    rec->sec_insn < obj->progs[k].sec_insn_off +
						    obj->progs[k].sec_insn_cnt)
					p = &obj->progs[k];
			if (!p) {	/* a .text subprogram: checked where it is linked, not here */
				sw->skipped_text++;
				continue;
			}
			raw = raw_insn(obj, p->sec_idx, rec->sec_insn);
			describe(obj->btf, rec, what, sizeof(what), &bitfield);
			sw->relos++;
			if (bitfield) {
				/* libbpf picks the narrowest load, clang may have picked a wider one */
				sw->bitfields++;
				ck_assert_msg(!core_is_poison(&p->insns[rec->sec_insn -
								      p->sec_insn_off]),
					      "%s: %s.%s poisoned", path,
					      type_name(obj->btf, rec->type_id), what);
				continue;
			}
			ck_assert_msg(insn_eq(&raw, &p->insns[rec->sec_insn - p->sec_insn_off]),
				      "%s: prog %s: relo kind %u on %s.%s changed insn %u", path,
				      p->name, rec->kind, type_name(obj->btf, rec->type_id), what,
				      rec->sec_insn - p->sec_insn_off);
		}
	}
	btf_ext_release(&ext);
	object_free(obj);
	sw->objs++;
}

START_TEST(core_relocate__corpus_against_vmlinux__instructions_unchanged)
{
	struct sweep sw = {};
	char pattern[512], path[512];
	glob_t g;
	size_t i;

	if (!have_vmlinux() || !corpus_obj("tracing/core_read_ok", path, sizeof(path)))
		return;
	snprintf(pattern, sizeof(pattern), "%s/*/*.bpf.o", corpus_dir());
	ck_assert_int_eq(glob(pattern, 0, NULL, &g), 0);
	for (i = 0; i < g.gl_pathc; i++)
		/* core/ holds objects made for other targets (see the tests below) or with
		 * local struct layouts CO-RE moves to the kernel's (map_ptr_fields_ok) */
		if (!strstr(g.gl_pathv[i], "/core/"))
			sweep_object(g.gl_pathv[i], &sw);
	globfree(&g);
	fprintf(stderr, "core: %u corpus objects, %u CO-RE relocations unchanged against %s "
		"(%u bitfield ones not compared, %u in .text not visited)\n", sw.objs,
		sw.relos - sw.bitfields, VMLINUX, sw.bitfields, sw.skipped_text);
	ck_assert_uint_ge(sw.objs, 10);
	ck_assert_uint_ge(sw.relos, 30);
}
END_TEST

START_TEST(core_relocate__core_read_ok__every_kind_resolved)
{
	struct sweep sw = {};
	char path[512];

	if (!have_vmlinux() || !corpus_obj("tracing/core_read_ok", path, sizeof(path)))
		return;
	sweep_object(path, &sw);
	/* the chains, the exists checks, the enum value, and the bitfield read: offset, size,
	 * left shift, signedness and the right shift of both the signed and unsigned paths */
	ck_assert_uint_ge(sw.relos, 15);
	ck_assert_uint_eq(sw.bitfields, 6);
}
END_TEST

START_TEST(core_relocate__core_read_ok_bitfield__libbpf_load_size)
{
	struct object *obj;
	const struct prog *p;
	char path[512], err[512];
	u32 i;
	bool seen = false;

	if (!have_vmlinux() || !corpus_obj("tracing/core_read_ok", path, sizeof(path)))
		return;
	ck_assert_int_eq(object_open(path, NULL, &obj, err, sizeof(err)), 0);
	p = object_find_prog(obj, "core_fork");
	ck_assert_ptr_nonnull(p);
	/* task_struct.in_execve: bit 9539 of an unsigned int, read with a 4-byte load at 1192
	 * (clang wrote 8); shifted left by 64 - (9540 - 9536) = 60, as libbpf loads it */
	for (i = 0; i + 1 < p->insn_cnt; i++)
		if (p->insns[i].code == (BPF_ALU64 | BPF_MOV | BPF_K) && p->insns[i].imm == 1192) {
			seen = true;
			break;
		}
	ck_assert(seen);
	for (; i < p->insn_cnt; i++)
		if (p->insns[i].code == (BPF_ALU64 | BPF_LSH | BPF_K))
			break;
	ck_assert_uint_lt(i, p->insn_cnt);
	ck_assert_int_eq(p->insns[i].imm, 60);
	object_free(obj);
}
END_TEST

/* ---- 2. local_types_ok against vmlinux and against a built target ------------------------------- */

enum exp_kind {
	EXP_VAL,	/* ALU imm, ld_imm64 imm64 or LDX/ST/STX offset equals val */
	EXP_MEM,	/* LDX/ST/STX: offset val, access size sz bytes */
	EXP_POISON,	/* call unknown#195896080 */
	EXP_LOCAL_ID,	/* the local type's id */
	EXP_TARGET_ID,	/* the target type "core_probe"'s id */
};

struct exp {
	enum exp_kind k;
	u64 val;
	u32 sz;
};

struct relo_row {
	u32 kind;
	const char *type;	/* local type name */
	const char *what;	/* describe() of the access string */
	struct exp on_vmlinux;	/* none of the types exist */
	struct exp on_built;	/* target_built() below */
	u32 hits;
};

#define VAL(v) { EXP_VAL, (v), 0 }
#define MEM(o, s) { EXP_MEM, (o), (s) }
#define POISON { EXP_POISON, 0, 0 }
#define LOCAL_ID { EXP_LOCAL_ID, 0, 0 }
#define TARGET_ID { EXP_TARGET_ID, 0, 0 }
#define P "core_probe___v1"

static struct relo_row relo_rows[] = {
	{ BPF_CORE_TYPE_ID_LOCAL, P, "", LOCAL_ID, LOCAL_ID },
	{ BPF_CORE_TYPE_ID_TARGET, P, "", VAL(0), TARGET_ID },
	{ BPF_CORE_TYPE_SIZE, P, "", VAL(0), VAL(64) },
	{ BPF_CORE_TYPE_EXISTS, P, "", VAL(0), VAL(1) },
	/* 'gone' is missing and 'c' changed size: not a match */
	{ BPF_CORE_TYPE_MATCHES, P, "", VAL(0), VAL(0) },
	/* members reordered, one added, same ints: a match */
	{ BPF_CORE_TYPE_MATCHES, "core_pair___v1", "", VAL(0), VAL(1) },
	{ BPF_CORE_ENUMVAL_EXISTS, "core_probe_e___v1", "CORE_PROBE_GONE", VAL(0), VAL(0) },
	{ BPF_CORE_ENUMVAL_EXISTS, "core_probe_e___v1", "CORE_PROBE_B", VAL(0), VAL(1) },
	{ BPF_CORE_ENUMVAL_VALUE, "core_probe_e___v1", "CORE_PROBE_B", POISON, VAL(20) },
	{ BPF_CORE_ENUMVAL_EXISTS, "core_probe_big___v1", "CORE_PROBE_BIG", VAL(0), VAL(1) },
	/* ld_imm64: both halves */
	{ BPF_CORE_ENUMVAL_VALUE, "core_probe_big___v1", "CORE_PROBE_BIG", POISON,
	  VAL(0x300000000ULL) },
	{ BPF_CORE_FIELD_EXISTS, P, "a", VAL(0), VAL(1) },
	{ BPF_CORE_FIELD_EXISTS, P, "b", VAL(0), VAL(1) },
	{ BPF_CORE_FIELD_EXISTS, P, "c", VAL(0), VAL(1) },
	{ BPF_CORE_FIELD_EXISTS, P, "d", VAL(0), VAL(1) },
	{ BPF_CORE_FIELD_EXISTS, P, "gone", VAL(0), VAL(0) },
	{ BPF_CORE_FIELD_EXISTS, P, "u1", VAL(0), VAL(1) },
	{ BPF_CORE_FIELD_EXISTS, P, "arr[2]", VAL(0), VAL(1) },
	{ BPF_CORE_FIELD_EXISTS, P, "hi", VAL(0), VAL(1) },
	/* the load and the store "v->a = 7" */
	{ BPF_CORE_FIELD_BYTE_OFFSET, P, "a", POISON, MEM(24, 4) },
	{ BPF_CORE_FIELD_BYTE_OFFSET, P, "b", POISON, MEM(16, 8) },
	/* unsigned int -> unsigned long long: the 4-byte load becomes an 8-byte one */
	{ BPF_CORE_FIELD_BYTE_OFFSET, P, "c", POISON, MEM(0, 8) },
	/* short -> int: resizing a signed load would be wrong, libbpf poisons it */
	{ BPF_CORE_FIELD_BYTE_OFFSET, P, "d", POISON, POISON },
	{ BPF_CORE_FIELD_BYTE_OFFSET, P, "gone", POISON, POISON },
	/* inside an anonymous union here, a direct member there */
	{ BPF_CORE_FIELD_BYTE_OFFSET, P, "u1", POISON, MEM(28, 4) },
	{ BPF_CORE_FIELD_BYTE_OFFSET, P, "arr[2]", POISON, VAL(40 + 8) },
	{ BPF_CORE_FIELD_BYTE_SIZE, P, "arr", POISON, VAL(24) },
	{ BPF_CORE_FIELD_BYTE_SIZE, P, "b", POISON, VAL(8) },
	{ BPF_CORE_FIELD_SIGNED, P, "a", POISON, VAL(1) },
	/* hi: 7 bits at bit 262 of an unsigned int -> 4-byte load at 32 */
	{ BPF_CORE_FIELD_BYTE_OFFSET, P, "hi", POISON, VAL(32) },
	{ BPF_CORE_FIELD_BYTE_SIZE, P, "hi", POISON, VAL(4) },
	{ BPF_CORE_FIELD_LSHIFT_U64, P, "hi", POISON, VAL(64 - (262 + 7 - 256)) },
	{ BPF_CORE_FIELD_RSHIFT_U64, P, "hi", POISON, VAL(64 - 7) },
	{ BPF_CORE_FIELD_SIGNED, P, "hi", POISON, VAL(0) },
};

/* The target for local_types_ok: every type of the object under its plain name, changed. */
static struct btf *target_built(void)
{
	struct btf *b = btf__new_empty();
	int i32, u64t, s64t, u32t, arr, s, e;

	ck_assert_ptr_nonnull(b);
	i32 = btf__add_int(b, "int", 4, BTF_INT_SIGNED);
	u64t = btf__add_int(b, "unsigned long long", 8, 0);
	s64t = btf__add_int(b, "long", 8, BTF_INT_SIGNED);
	u32t = btf__add_int(b, "unsigned int", 4, 0);
	arr = btf__add_array(b, i32, i32, 6);
	ck_assert_int_gt(arr, 0);
	/* a distractor of another kind with the same name */
	ck_assert_int_gt(btf__add_typedef(b, "core_probe", i32), 0);
	s = btf__add_struct(b, "core_probe", 64);
	ck_assert_int_gt(s, 0);
	ck_assert_int_eq(btf__add_field(b, "c", u64t, 0, 0), 0);
	ck_assert_int_eq(btf__add_field(b, "d", i32, 64, 0), 0);
	ck_assert_int_eq(btf__add_field(b, "b", s64t, 128, 0), 0);
	ck_assert_int_eq(btf__add_field(b, "a", i32, 192, 0), 0);
	ck_assert_int_eq(btf__add_field(b, "u1", i32, 224, 0), 0);
	ck_assert_int_eq(btf__add_field(b, "lo", u32t, 256, 3), 0);
	ck_assert_int_eq(btf__add_field(b, "hi", u32t, 262, 7), 0);
	ck_assert_int_eq(btf__add_field(b, "arr", arr, 320, 0), 0);
	ck_assert_int_gt(btf__add_struct(b, "core_pair", 12), 0);
	ck_assert_int_eq(btf__add_field(b, "y", i32, 0, 0), 0);
	ck_assert_int_eq(btf__add_field(b, "x", i32, 32, 0), 0);
	ck_assert_int_eq(btf__add_field(b, "z", i32, 64, 0), 0);
	e = btf__add_enum(b, "core_probe_e", 4);
	ck_assert_int_gt(e, 0);
	ck_assert_int_eq(btf__add_enum_value(b, "CORE_PROBE_B", 20), 0);
	ck_assert_int_eq(btf__add_enum_value(b, "CORE_PROBE_A", 10), 0);
	ck_assert_int_gt(btf__add_enum64(b, "core_probe_big", 8, false), 0);
	ck_assert_int_eq(btf__add_enum64_value(b, "CORE_PROBE_BIG", 0x300000000ULL), 0);
	return b;
}

static u32 access_bytes(const struct bpf_insn *in)
{
	switch (BPF_SIZE(in->code)) {
	case BPF_DW: return 8;
	case BPF_W: return 4;
	case BPF_H: return 2;
	default: return 1;
	}
}

static void check_insn(const struct object *obj, const struct prog *p, u32 li,
		       const struct relo_row *row, const struct exp *x)
{
	const struct bpf_insn *in = &p->insns[li];
	u64 want = x->val;
	char ctx[160];
	s32 id;

	snprintf(ctx, sizeof(ctx), "insn %u: relo kind %u on %s.%s", li, row->kind, row->type,
		 row->what);
	if (x->k == EXP_POISON) {
		ck_assert_msg(core_is_poison(in), "%s: not poisoned (code 0x%02x)", ctx, in->code);
		return;
	}
	ck_assert_msg(!core_is_poison(in), "%s: poisoned", ctx);
	if (x->k == EXP_LOCAL_ID) {
		id = btf__find_by_name(obj->btf, row->type);
		ck_assert_int_gt(id, 0);
		want = id;
	} else if (x->k == EXP_TARGET_ID) {
		id = btf__find_by_name_kind(obj->target_btf, "core_probe", BTF_KIND_STRUCT);
		ck_assert_int_gt(id, 0);
		want = id;
	}
	switch (BPF_CLASS(in->code)) {
	case BPF_ALU:
	case BPF_ALU64:
		ck_assert_msg(x->k != EXP_MEM, "%s: ALU, expected a memory access", ctx);
		ck_assert_msg(in->imm == (s32)want, "%s: imm %d, expected %llu", ctx, in->imm,
			      (unsigned long long)want);
		break;
	case BPF_LD:
		ck_assert_msg(x->k != EXP_MEM, "%s: ld_imm64, expected a memory access", ctx);
		ck_assert_msg(((u32)in[0].imm | (u64)(u32)in[1].imm << 32) == want,
			      "%s: imm64 %#x:%#x, expected %#llx", ctx, in[1].imm, in[0].imm,
			      (unsigned long long)want);
		break;
	default:
		ck_assert_msg(in->off == (s16)want, "%s: off %d, expected %llu", ctx, in->off,
			      (unsigned long long)want);
		if (x->k == EXP_MEM)
			ck_assert_msg(access_bytes(in) == x->sz, "%s: %u-byte access, expected %u",
				      ctx, access_bytes(in), x->sz);
	}
}

/* Opens local_types_ok against @btf_path and checks every relocation against the table. */
static void check_local_types(const char *path, const char *btf_path, bool built)
{
	struct object_opts opts = { .btf_path = btf_path };
	struct ext_info ext;
	const struct prog *p;
	struct object *obj;
	char err[512];
	u32 i, j, relos = 0;
	int ret;

	ret = object_open(path, &opts, &obj, err, sizeof(err));
	ck_assert_msg(!ret, "%s", err);
	p = object_find_prog(obj, "core_local_types");
	ck_assert_ptr_nonnull(p);
	ck_assert_int_eq(btf_ext_parse(obj, &ext, err, sizeof(err)), 0);
	for (i = 0; i < ARRAY_SIZE(relo_rows); i++)
		relo_rows[i].hits = 0;
	for (i = 0; i < ext.sec_cnt; i++) {
		for (j = 0; j < ext.secs[i].core_cnt; j++) {
			const struct ext_core *rec = &ext.secs[i].cores[j];
			const char *tname = type_name(obj->btf, rec->type_id);
			struct relo_row *row = NULL;
			char what[128];
			bool bitfield;
			u32 k;

			ck_assert_str_eq(ext.secs[i].sec_name, "socket");
			describe(obj->btf, rec, what, sizeof(what), &bitfield);
			for (k = 0; k < ARRAY_SIZE(relo_rows) && !row; k++)
				if (relo_rows[k].kind == rec->kind && !strcmp(relo_rows[k].type, tname) &&
				    !strcmp(relo_rows[k].what, what))
					row = &relo_rows[k];
			ck_assert_msg(row, "no table row for relo kind %u on %s.%s", rec->kind, tname,
				      what);
			row->hits++;
			relos++;
			check_insn(obj, p, rec->sec_insn - p->sec_insn_off, row,
				   built ? &row->on_built : &row->on_vmlinux);
		}
	}
	for (i = 0; i < ARRAY_SIZE(relo_rows); i++)
		ck_assert_msg(relo_rows[i].hits, "table row %u (kind %u on %s.%s) matched no relocation",
			      i, relo_rows[i].kind, relo_rows[i].type, relo_rows[i].what);
	/* one row, two relocations: "v->a" is loaded and stored, and the bitfield read shifts
	 * right on both the signed and the unsigned path */
	ck_assert_uint_eq(relos, ARRAY_SIZE(relo_rows) + 2);
	btf_ext_release(&ext);
	object_free(obj);
}

START_TEST(core_relocate__local_types_on_vmlinux__guarded_uses_poisoned)
{
	char path[512];

	if (!have_vmlinux() || !corpus_obj("core/local_types_ok", path, sizeof(path)))
		return;
	check_local_types(path, NULL, false);
}
END_TEST

START_TEST(core_relocate__local_types_on_built_btf__patched_like_libbpf)
{
	char path[512], tmp[64];
	struct btf *b;

	if (!corpus_obj("core/local_types_ok", path, sizeof(path)))
		return;
	b = target_built();
	btf_write_tmp(b, tmp, sizeof(tmp));
	check_local_types(path, tmp, true);
	unlink(tmp);
	btf__free(b);
}
END_TEST

START_TEST(core_relocate__two_flavors_disagree__ambiguity_error)
{
	char path[512], tmp[64], err[512];
	struct object_opts opts = { .btf_path = tmp };
	struct object *obj;
	struct btf *b;
	int ret;

	if (!corpus_obj("core/local_types_ok", path, sizeof(path)))
		return;
	b = target_built();
	/* a second candidate for core_probe___v1: the relocations cannot all agree */
	ck_assert_int_gt(btf__add_struct(b, "core_probe___other", 8), 0);
	ck_assert_int_eq(btf__add_field(b, "a", 1, 32, 0), 0);
	btf_write_tmp(b, tmp, sizeof(tmp));
	ret = object_open(path, &opts, &obj, err, sizeof(err));
	unlink(tmp);
	btf__free(b);
	ck_assert_int_eq(ret, -EINVAL);
	ck_assert_ptr_null(obj);
	ck_assert_msg(strstr(err, "prog 'core_local_types': relo #") && strstr(err, "ambiguity"),
		      "%s", err);
}
END_TEST

START_TEST(core_relocate__no_target_btf__clear_error)
{
	struct object_opts none = { .no_target_btf = true };
	struct object_opts missing = { .btf_path = "/nonexistent/vmlinux" };
	char path[512], err[512];
	struct object *obj;

	if (!corpus_obj("core/local_types_ok", path, sizeof(path)))
		return;
	ck_assert_int_eq(object_open(path, &none, &obj, err, sizeof(err)), -ENOENT);
	ck_assert_msg(strstr(err, "no target BTF to relocate against (disabled)"), "%s", err);
	ck_assert_int_eq(object_open(path, &missing, &obj, err, sizeof(err)), -ENOENT);
	ck_assert_msg(strstr(err, "no target BTF to relocate against (/nonexistent/vmlinux)"),
		      "%s", err);
}
END_TEST

/* ---- 3. synthetic objects ------------------------------------------------------------------------ */

/* A local BTF with:
 *   [1] int  [2] unsigned int  [3] long  [4] int[3]  [5] int[0]
 *   [6] struct s___loc { int a; struct { int n; }; int arr[3]; unsigned int bf:4; int flex[]; }
 *   [7] anon struct { int n; }   [8] enum e___loc { E_X = 5, E_Y = -1 }
 *   [9] struct anon_root (unnamed)  [10] struct deep { long v:60 unsigned long long ... }
 * and the access strings the tests use. */
struct syn {
	struct btf *local, *target;
	struct object obj;
	struct prog p;
	struct bpf_insn insns[8];
	char err[512];
};

enum { L_INT = 1, L_UINT, L_LONG, L_ARR3, L_ARR0, L_S, L_ANON, L_E, L_ANON_ROOT, L_BIG };

static void syn_local(struct syn *sy)
{
	struct btf *b = btf__new_empty();

	ck_assert_ptr_nonnull(b);
	ck_assert_int_eq(btf__add_int(b, "int", 4, BTF_INT_SIGNED), L_INT);
	ck_assert_int_eq(btf__add_int(b, "unsigned int", 4, 0), L_UINT);
	ck_assert_int_eq(btf__add_int(b, "long", 8, BTF_INT_SIGNED), L_LONG);
	ck_assert_int_eq(btf__add_array(b, L_INT, L_INT, 3), L_ARR3);
	ck_assert_int_eq(btf__add_array(b, L_INT, L_INT, 0), L_ARR0);
	ck_assert_int_eq(btf__add_struct(b, "s___loc", 24), L_S);
	ck_assert_int_eq(btf__add_field(b, "a", L_INT, 0, 0), 0);
	ck_assert_int_eq(btf__add_field(b, NULL, L_ANON, 32, 0), 0);
	ck_assert_int_eq(btf__add_field(b, "arr", L_ARR3, 64, 0), 0);
	ck_assert_int_eq(btf__add_field(b, "bf", L_UINT, 160, 4), 0);
	ck_assert_int_eq(btf__add_field(b, "flex", L_ARR0, 192, 0), 0);
	ck_assert_int_eq(btf__add_struct(b, NULL, 4), L_ANON);
	ck_assert_int_eq(btf__add_field(b, "n", L_INT, 0, 0), 0);
	ck_assert_int_eq(btf__add_enum(b, "e___loc", 4), L_E);
	ck_assert_int_eq(btf__add_enum_value(b, "E_X", 5), 0);
	ck_assert_int_eq(btf__add_enum_value(b, "E_Y", -1), 0);
	ck_assert_int_eq(btf__add_struct(b, NULL, 4), L_ANON_ROOT);
	ck_assert_int_eq(btf__add_field(b, "q", L_INT, 0, 0), 0);
	ck_assert_int_eq(btf__add_struct(b, "big", 16), L_BIG);
	ck_assert_int_eq(btf__add_field(b, "pad", L_INT, 0, 0), 0);
	/* 60 bits starting at bit 36: no aligned 8-byte load holds them */
	ck_assert_int_eq(btf__add_field(b, "wide", L_LONG, 36, 60), 0);
	sy->local = b;
}

static void syn_init(struct syn *sy)
{
	memset(sy, 0, sizeof(*sy));
	syn_local(sy);
	sy->target = btf__new_empty();
	ck_assert_ptr_nonnull(sy->target);
	sy->obj.path = "synthetic";
	sy->obj.btf = sy->local;
	sy->obj.target_btf = sy->target;
	sy->obj.target_btf_tried = true;
	sy->p.name = "t";
	sy->p.insns = sy->insns;
	sy->p.insn_cnt = ARRAY_SIZE(sy->insns);
	for (u32 i = 0; i < ARRAY_SIZE(sy->insns); i++)
		sy->insns[i] = (struct bpf_insn)EXIT;
}

static void syn_fini(struct syn *sy)
{
	btf__free(sy->local);
	btf__free(sy->target);
}

static struct ext_core syn_rec(struct syn *sy, u32 kind, u32 type_id, const char *access)
{
	int off = btf__add_str(sy->local, access);

	ck_assert_int_ge(off, 0);
	return (struct ext_core){ 0, type_id, off, kind };
}

static int syn_relocate(struct syn *sy, u32 li, const struct ext_core *rec,
			struct core_cache *cache)
{
	sy->err[0] = 0;
	return core_relocate(&sy->obj, &sy->p, li, rec, 3, cache, sy->err, sizeof(sy->err));
}

/* target "s" { int arr[5] @0; long a @ 24; struct { int n; } @32 (anon) } and more per test */
static int syn_target_s(struct btf *t, const char *name)
{
	int i32 = btf__find_by_name_kind(t, "int", BTF_KIND_INT), arr, anon, s;

	if (i32 < 0)
		i32 = btf__add_int(t, "int", 4, BTF_INT_SIGNED);
	arr = btf__add_array(t, i32, i32, 5);
	anon = btf__add_union(t, NULL, 4);
	ck_assert_int_eq(btf__add_field(t, "n", i32, 0, 0), 0);
	s = btf__add_struct(t, name, 48);
	ck_assert_int_gt(s, 0);
	ck_assert_int_eq(btf__add_field(t, "arr", arr, 0, 0), 0);
	ck_assert_int_eq(btf__add_field(t, "a", i32, 192, 0), 0);
	ck_assert_int_eq(btf__add_field(t, NULL, anon, 256, 0), 0);
	return s;
}

START_TEST(core_relocate__anon_member_array_and_flavor__target_offsets)
{
	struct bpf_insn ldx = LDX_W(1, 2, 0), mov = MOV64_IMM(1, 0);
	struct syn sy;
	struct ext_core r;

	syn_init(&sy);
	syn_target_s(sy.target, "s");
	/* s___loc.a at 0 -> s.a at 24 (LDX offset) */
	sy.insns[0] = ldx;
	r = syn_rec(&sy, BPF_CORE_FIELD_BYTE_OFFSET, L_S, "0:0");
	ck_assert_int_eq(syn_relocate(&sy, 0, &r, NULL), 0);
	ck_assert_int_eq(sy.insns[0].off, 24);
	/* s___loc.<anon>.n (0:1:0, local offset 4) -> s.<anon union>.n at 32 */
	ldx.off = 4;
	sy.insns[1] = ldx;
	r = syn_rec(&sy, BPF_CORE_FIELD_BYTE_OFFSET, L_S, "0:1:0");
	ck_assert_int_eq(syn_relocate(&sy, 1, &r, NULL), 0);
	ck_assert_int_eq(sy.insns[1].off, 32);
	/* &s___loc.arr[2] (local 8 + 8) -> 0 + 8 through an ALU immediate */
	mov.imm = 16;
	sy.insns[2] = mov;
	r = syn_rec(&sy, BPF_CORE_FIELD_BYTE_OFFSET, L_S, "0:2:2");
	ck_assert_int_eq(syn_relocate(&sy, 2, &r, NULL), 0);
	ck_assert_int_eq(sy.insns[2].imm, 8);
	/* p[1].a: the root index steps over the whole struct (24 local, 48 target) */
	mov.imm = 24;
	sy.insns[3] = mov;
	r = syn_rec(&sy, BPF_CORE_FIELD_BYTE_OFFSET, L_S, "1:0");
	ck_assert_int_eq(syn_relocate(&sy, 3, &r, NULL), 0);
	ck_assert_int_eq(sy.insns[3].imm, 48 + 24);
	/* arr[2] still exists (5 elements), arr[4] exists there, not here: index checked locally */
	r = syn_rec(&sy, BPF_CORE_FIELD_BYTE_OFFSET, L_S, "0:2:4");
	ck_assert_int_eq(syn_relocate(&sy, 3, &r, NULL), -EINVAL);
	ck_assert_msg(strstr(sy.err, "array index out of range"), "%s", sy.err);
	syn_fini(&sy);
}
END_TEST

START_TEST(core_relocate__missing_field__poison_or_zero)
{
	struct bpf_insn ldx = LDX_W(1, 2, 20), mov = MOV64_IMM(1, 1);
	struct bpf_insn wide[2] = { LDIMM64(1, 5, 0) };
	struct syn sy;
	struct ext_core r;

	syn_init(&sy);
	syn_target_s(sy.target, "s");
	/* bf (0:3) is not in the target: the load is poisoned, exists is 0 */
	sy.insns[0] = ldx;
	r = syn_rec(&sy, BPF_CORE_FIELD_BYTE_OFFSET, L_S, "0:3");
	ck_assert_int_eq(syn_relocate(&sy, 0, &r, NULL), 0);
	ck_assert(core_is_poison(&sy.insns[0]));
	ck_assert_int_eq(sy.insns[0].dst_reg, 0);
	ck_assert_int_eq(sy.insns[0].src_reg, 0);
	ck_assert_int_eq(sy.insns[0].off, 0);
	sy.insns[1] = mov;
	r = syn_rec(&sy, BPF_CORE_FIELD_EXISTS, L_S, "0:3");
	ck_assert_int_eq(syn_relocate(&sy, 1, &r, NULL), 0);
	ck_assert_int_eq(sy.insns[1].imm, 0);
	ck_assert_int_eq(sy.insns[1].code, BPF_ALU64 | BPF_MOV | BPF_K);
	/* enum not in the target at all: value poisons both halves of the ld_imm64 */
	memcpy(&sy.insns[2], wide, sizeof(wide));
	r = syn_rec(&sy, BPF_CORE_ENUMVAL_VALUE, L_E, "0");
	ck_assert_int_eq(syn_relocate(&sy, 2, &r, NULL), 0);
	ck_assert(core_is_poison(&sy.insns[2]));
	ck_assert(core_is_poison(&sy.insns[3]));
	/* type kinds: 0, never a poison */
	sy.insns[4] = mov;
	r = syn_rec(&sy, BPF_CORE_TYPE_EXISTS, L_E, "0");
	ck_assert_int_eq(syn_relocate(&sy, 4, &r, NULL), 0);
	ck_assert_int_eq(sy.insns[4].imm, 0);
	syn_fini(&sy);
}
END_TEST

START_TEST(core_relocate__enum_flavors__by_name_and_enum64)
{
	struct bpf_insn mov = MOV64_IMM(1, 5), wide[2] = { LDIMM64(1, -1, -1) };
	struct syn sy;
	struct ext_core r;
	int e;

	syn_init(&sy);
	/* an enum64 "e" (enum and enum64 are compatible), enumerators with flavors */
	e = btf__add_enum64(sy.target, "e", 8, true);
	ck_assert_int_gt(e, 0);
	ck_assert_int_eq(btf__add_enum64_value(sy.target, "E_Y___new", -7), 0);
	ck_assert_int_eq(btf__add_enum64_value(sy.target, "E_X", 0x123456789LL), 0);
	sy.insns[0] = mov;
	r = syn_rec(&sy, BPF_CORE_ENUMVAL_VALUE, L_E, "0");
	ck_assert_int_eq(syn_relocate(&sy, 0, &r, NULL), 0);
	ck_assert_int_eq(sy.insns[0].imm, 0x23456789);	/* an ALU imm keeps the low 32 bits */
	/* E_Y = -1 was written sign-extended into the ld_imm64, as clang does */
	memcpy(&sy.insns[1], wide, sizeof(wide));
	r = syn_rec(&sy, BPF_CORE_ENUMVAL_VALUE, L_E, "1");
	ck_assert_int_eq(syn_relocate(&sy, 1, &r, NULL), 0);
	ck_assert_int_eq(sy.insns[1].imm, -7);
	ck_assert_int_eq(sy.insns[2].imm, -1);
	/* the compiler's value is checked: E_X is 5 locally, not 6 */
	mov.imm = 6;
	sy.insns[3] = mov;
	r = syn_rec(&sy, BPF_CORE_ENUMVAL_VALUE, L_E, "0");
	ck_assert_int_eq(syn_relocate(&sy, 3, &r, NULL), -EINVAL);
	ck_assert_msg(strstr(sy.err, "synthetic: prog 't': relo #3: insn #3 (ALU/ALU64): imm is 6, "
				     "the relocation expects 5"), "%s", sy.err);
	syn_fini(&sy);
}
END_TEST

START_TEST(core_relocate__bitfield__shifts_and_sizes)
{
	struct bpf_insn mov = MOV64_IMM(1, 0);
	/* local bf: 4 bits at bit 160 of an unsigned int; target: 9 bits at bit 70 -> 4-byte load
	 * at 8. Offsets, sizes and left shifts of bitfields are not checked against the compiler's
	 * value (0 here); existence, signedness and right shifts are. */
	static const struct { u32 kind; s32 local; u64 val; } want[] = {
		{ BPF_CORE_FIELD_BYTE_OFFSET, 0, 8 },
		{ BPF_CORE_FIELD_BYTE_SIZE, 0, 4 },
		{ BPF_CORE_FIELD_LSHIFT_U64, 0, 64 - (70 + 9 - 64) },
		{ BPF_CORE_FIELD_RSHIFT_U64, 64 - 4, 64 - 9 },
		{ BPF_CORE_FIELD_SIGNED, 0, 0 },
		{ BPF_CORE_FIELD_EXISTS, 1, 1 },
	};
	struct syn sy;
	struct ext_core r;
	int u, s;
	u32 i;

	syn_init(&sy);
	u = btf__add_int(sy.target, "unsigned int", 4, 0);
	s = btf__add_struct(sy.target, "s", 12);
	ck_assert_int_eq(btf__add_field(sy.target, "bf", u, 70, 9), 0);
	ck_assert_int_gt(s, 0);
	for (i = 0; i < ARRAY_SIZE(want); i++) {
		sy.insns[i] = mov;
		sy.insns[i].imm = want[i].local;
		r = syn_rec(&sy, want[i].kind, L_S, "0:3");
		ck_assert_int_eq(syn_relocate(&sy, i, &r, NULL), 0);
		ck_assert_msg(sy.insns[i].imm == (s32)want[i].val, "kind %u: %d, expected %llu",
			      want[i].kind, sy.insns[i].imm, (unsigned long long)want[i].val);
	}
	/* a signedness check is validated though: local bf is unsigned, 1 is wrong */
	mov.imm = 1;
	sy.insns[7] = mov;
	r = syn_rec(&sy, BPF_CORE_FIELD_SIGNED, L_S, "0:3");
	ck_assert_int_eq(syn_relocate(&sy, 7, &r, NULL), -EINVAL);
	/* 60 bits from bit 36 of a long cannot be loaded with one 8-byte load */
	r = syn_rec(&sy, BPF_CORE_FIELD_BYTE_SIZE, L_BIG, "0:1");
	ck_assert_int_eq(syn_relocate(&sy, 0, &r, NULL), -E2BIG);
	ck_assert_msg(strstr(sy.err, "bitfield does not fit a 64-bit load"), "%s", sy.err);
	syn_fini(&sy);
}
END_TEST

START_TEST(core_relocate__load_resize__unsigned_widened_signed_poisoned)
{
	struct bpf_insn ldx = LDX_W(1, 2, 0);
	struct syn sy;
	struct ext_core r;
	int u8t, s8t, s;

	syn_init(&sy);
	u8t = btf__add_int(sy.target, "unsigned char", 1, 0);
	s8t = btf__add_int(sy.target, "long", 8, BTF_INT_SIGNED);
	s = btf__add_struct(sy.target, "s", 16);
	ck_assert_int_gt(s, 0);
	ck_assert_int_eq(btf__add_field(sy.target, "bf", u8t, 8, 0), 0);	/* uint -> u8 */
	ck_assert_int_eq(btf__add_field(sy.target, "a", s8t, 64, 0), 0);	/* int -> long */
	/* bf is a bitfield locally: compare a plain unsigned member instead */
	btf__free(sy.local);
	sy.local = btf__new_empty();
	ck_assert_int_eq(btf__add_int(sy.local, "unsigned int", 4, 0), 1);
	ck_assert_int_eq(btf__add_int(sy.local, "int", 4, BTF_INT_SIGNED), 2);
	ck_assert_int_eq(btf__add_struct(sy.local, "s", 8), 3);
	ck_assert_int_eq(btf__add_field(sy.local, "bf", 1, 0, 0), 0);
	ck_assert_int_eq(btf__add_field(sy.local, "a", 2, 32, 0), 0);
	sy.obj.btf = sy.local;
	sy.insns[0] = ldx;
	r = syn_rec(&sy, BPF_CORE_FIELD_BYTE_OFFSET, 3, "0:0");
	ck_assert_int_eq(syn_relocate(&sy, 0, &r, NULL), 0);
	ck_assert_int_eq(sy.insns[0].code, BPF_LDX | BPF_MEM | BPF_B);
	ck_assert_int_eq(sy.insns[0].off, 1);
	ldx.off = 4;
	sy.insns[1] = ldx;
	r = syn_rec(&sy, BPF_CORE_FIELD_BYTE_OFFSET, 3, "0:1");
	ck_assert_int_eq(syn_relocate(&sy, 1, &r, NULL), 0);
	ck_assert(core_is_poison(&sy.insns[1]));
	/* a load of the wrong width for the local field is an error, not a guess */
	sy.insns[2] = (struct bpf_insn)INSN(BPF_LDX | BPF_MEM | BPF_H, 1, 2, 0, 0);
	r = syn_rec(&sy, BPF_CORE_FIELD_BYTE_OFFSET, 3, "0:0");
	ck_assert_int_eq(syn_relocate(&sy, 2, &r, NULL), -EINVAL);
	ck_assert_msg(strstr(sy.err, "accesses 2 bytes, the field has 4"), "%s", sy.err);
	syn_fini(&sy);
}
END_TEST

START_TEST(core_relocate__flavors__agree_ok_disagree_ambiguous)
{
	struct bpf_insn ldx = LDX_W(1, 2, 0);
	struct syn sy;
	struct ext_core r;
	int i32, s2;

	syn_init(&sy);
	syn_target_s(sy.target, "s");
	syn_target_s(sy.target, "s___v2");	/* same layout: agrees */
	sy.insns[0] = ldx;
	r = syn_rec(&sy, BPF_CORE_FIELD_BYTE_OFFSET, L_S, "0:0");
	ck_assert_int_eq(syn_relocate(&sy, 0, &r, NULL), 0);
	ck_assert_int_eq(sy.insns[0].off, 24);
	/* a third flavor with 'a' elsewhere */
	i32 = btf__find_by_name_kind(sy.target, "int", BTF_KIND_INT);
	s2 = btf__add_struct(sy.target, "s___v3", 8);
	ck_assert_int_gt(s2, 0);
	ck_assert_int_eq(btf__add_field(sy.target, "a", i32, 32, 0), 0);
	sy.insns[1] = ldx;
	ck_assert_int_eq(syn_relocate(&sy, 1, &r, NULL), -EINVAL);
	ck_assert_msg(strstr(sy.err, "field offset ambiguity"), "%s", sy.err);
	syn_fini(&sy);
}
END_TEST

START_TEST(core_relocate__cache__earlier_match_prunes_candidates)
{
	struct bpf_insn ldx = LDX_W(1, 2, 0);
	struct core_cache cache = {};
	struct syn sy;
	struct ext_core ra, rn;
	int i32, s;

	syn_init(&sy);
	/* "s": only 'a' at 0; "s___v2": 'a' at 4 and the anon member with 'n' */
	i32 = btf__add_int(sy.target, "int", 4, BTF_INT_SIGNED);
	s = btf__add_struct(sy.target, "s", 4);
	ck_assert_int_gt(s, 0);
	ck_assert_int_eq(btf__add_field(sy.target, "a", i32, 0, 0), 0);
	s = btf__add_struct(sy.target, "s___v2", 8);
	ck_assert_int_gt(s, 0);
	ck_assert_int_eq(btf__add_field(sy.target, "n", i32, 0, 0), 0);
	ck_assert_int_eq(btf__add_field(sy.target, "a", i32, 32, 0), 0);
	ra = syn_rec(&sy, BPF_CORE_FIELD_BYTE_OFFSET, L_S, "0:0");
	rn = syn_rec(&sy, BPF_CORE_FIELD_BYTE_OFFSET, L_S, "0:1:0");
	/* without the cache, 'a' is ambiguous (0 or 4) */
	sy.insns[0] = ldx;
	ck_assert_int_eq(syn_relocate(&sy, 0, &ra, NULL), -EINVAL);
	/* with it, the relocation of 'n' keeps only s___v2, and 'a' is then at 4 (libbpf) */
	ldx.off = 4;
	sy.insns[1] = ldx;
	ck_assert_int_eq(syn_relocate(&sy, 1, &rn, &cache), 0);
	ck_assert_int_eq(sy.insns[1].off, 0);
	ldx.off = 0;
	sy.insns[2] = ldx;
	ck_assert_int_eq(syn_relocate(&sy, 2, &ra, &cache), 0);
	ck_assert_int_eq(sy.insns[2].off, 4);
	core_cache_release(&cache);
	core_cache_release(&cache);	/* idempotent */
	syn_fini(&sy);
}
END_TEST

START_TEST(core_relocate__type_kinds__compat_and_match)
{
	struct bpf_insn mov = MOV64_IMM(1, 0);
	struct syn sy;
	struct ext_core r;
	int i32, fwd, ptr, s;

	syn_init(&sy);
	/* local: struct pp { struct s___loc *p; int x; } ; target: struct pp { struct s *p
	 * (declared only); long x; } -> compatible (TYPE_EXISTS) but x's size differs (no match) */
	ck_assert_int_eq(btf__add_ptr(sy.local, L_S), 11);
	ck_assert_int_eq(btf__add_struct(sy.local, "pp", 16), 12);
	ck_assert_int_eq(btf__add_field(sy.local, "p", 11, 0, 0), 0);
	ck_assert_int_eq(btf__add_field(sy.local, "x", L_INT, 64, 0), 0);
	i32 = btf__add_int(sy.target, "long", 8, BTF_INT_SIGNED);
	fwd = btf__add_fwd(sy.target, "s", BTF_FWD_STRUCT);
	ptr = btf__add_ptr(sy.target, fwd);
	s = btf__add_struct(sy.target, "pp", 16);
	ck_assert_int_gt(s, 0);
	ck_assert_int_eq(btf__add_field(sy.target, "p", ptr, 0, 0), 0);
	ck_assert_int_eq(btf__add_field(sy.target, "x", i32, 64, 0), 0);
	sy.insns[0] = mov;
	sy.insns[0].imm = 1;
	r = syn_rec(&sy, BPF_CORE_TYPE_EXISTS, 12, "0");
	ck_assert_int_eq(syn_relocate(&sy, 0, &r, NULL), 0);
	ck_assert_int_eq(sy.insns[0].imm, 1);
	sy.insns[1] = mov;
	sy.insns[1].imm = 16;
	r = syn_rec(&sy, BPF_CORE_TYPE_SIZE, 12, "0");
	ck_assert_int_eq(syn_relocate(&sy, 1, &r, NULL), 0);
	ck_assert_int_eq(sy.insns[1].imm, 16);
	sy.insns[2] = mov;
	sy.insns[2].imm = 1;
	r = syn_rec(&sy, BPF_CORE_TYPE_MATCHES, 12, "0");
	ck_assert_int_eq(syn_relocate(&sy, 2, &r, NULL), 0);
	ck_assert_int_eq(sy.insns[2].imm, 0);
	/* TYPE_ID_TARGET: the target's id, whatever the compiler wrote */
	sy.insns[3] = mov;
	sy.insns[3].imm = 12;
	r = syn_rec(&sy, BPF_CORE_TYPE_ID_TARGET, 12, "0");
	ck_assert_int_eq(syn_relocate(&sy, 3, &r, NULL), 0);
	ck_assert_int_eq(sy.insns[3].imm, s);
	/* with x an int too, the pointer to a forward declaration matches */
	btf__free(sy.target);
	sy.target = btf__new_empty();
	sy.obj.target_btf = sy.target;
	i32 = btf__add_int(sy.target, "int", 4, BTF_INT_SIGNED);
	fwd = btf__add_fwd(sy.target, "s", BTF_FWD_STRUCT);
	ptr = btf__add_ptr(sy.target, fwd);
	ck_assert_int_gt(btf__add_struct(sy.target, "pp", 16), 0);
	ck_assert_int_eq(btf__add_field(sy.target, "p", ptr, 0, 0), 0);
	ck_assert_int_eq(btf__add_field(sy.target, "x", i32, 64, 0), 0);
	sy.insns[2] = mov;
	sy.insns[2].imm = 1;
	r = syn_rec(&sy, BPF_CORE_TYPE_MATCHES, 12, "0");
	ck_assert_int_eq(syn_relocate(&sy, 2, &r, NULL), 0);
	ck_assert_int_eq(sy.insns[2].imm, 1);
	syn_fini(&sy);
}
END_TEST

START_TEST(core_relocate__no_target_btf__local_id_only)
{
	struct bpf_insn wide[2] = { LDIMM64(1, 99, 0) };
	struct syn sy;
	struct ext_core r;

	syn_init(&sy);
	btf__free(sy.target);
	sy.target = NULL;
	sy.obj.target_btf = NULL;
	memcpy(sy.insns, wide, sizeof(wide));
	r = syn_rec(&sy, BPF_CORE_TYPE_ID_LOCAL, L_S, "0");
	ck_assert_int_eq(syn_relocate(&sy, 0, &r, NULL), 0);
	ck_assert_int_eq(sy.insns[0].imm, L_S);
	ck_assert_int_eq(sy.insns[1].imm, 0);
	r = syn_rec(&sy, BPF_CORE_FIELD_EXISTS, L_S, "0:0");
	ck_assert_int_eq(syn_relocate(&sy, 2, &r, NULL), -ENOENT);
	ck_assert_msg(strstr(sy.err, "relo #3: <field_exists> [6] struct s___loc.a (0:0 @ bit 0): "
				     "no target BTF to relocate against (disabled)"), "%s", sy.err);
	syn_fini(&sy);
}
END_TEST

/* Malformed records and instructions: an error with a message, never a crash. */
struct bad_case {
	const char *what;
	u32 kind;
	u32 type_id;
	const char *access;	/* NULL: a string offset past the string section */
	struct bpf_insn insn;
	u32 li;			/* 8 = past the program */
	int ret;
	const char *msg;
};

#define Z8 "0:0:0:0:0:0:0:0:"
#define Z64 Z8 Z8 Z8 Z8 Z8 Z8 Z8 Z8

static const struct bad_case bad_cases[] = {
	{ "type id past the BTF", BPF_CORE_FIELD_BYTE_OFFSET, 1000, "0:0", MOV64_IMM(1, 0), 0,
	  -EINVAL, "type id 1000 out of range" },
	{ "access string offset past the strings", BPF_CORE_FIELD_BYTE_OFFSET, L_S, NULL,
	  MOV64_IMM(1, 0), 0, -EINVAL, "bad access string offset" },
	{ "empty access string", BPF_CORE_FIELD_BYTE_OFFSET, L_S, "", MOV64_IMM(1, 0), 0, -EINVAL,
	  "bad access string: empty" },
	{ "trailing colon", BPF_CORE_FIELD_BYTE_OFFSET, L_S, "0:", MOV64_IMM(1, 0), 0, -EINVAL,
	  "expected a number" },
	{ "leading colon", BPF_CORE_FIELD_BYTE_OFFSET, L_S, ":0", MOV64_IMM(1, 0), 0, -EINVAL,
	  "expected a number" },
	{ "double colon", BPF_CORE_FIELD_BYTE_OFFSET, L_S, "0::1", MOV64_IMM(1, 0), 0, -EINVAL,
	  "expected a number" },
	{ "letters", BPF_CORE_FIELD_BYTE_OFFSET, L_S, "0:a", MOV64_IMM(1, 0), 0, -EINVAL,
	  "expected a number" },
	{ "negative index", BPF_CORE_FIELD_BYTE_OFFSET, L_S, "0:-1", MOV64_IMM(1, 0), 0, -EINVAL,
	  "expected a number" },
	{ "huge index", BPF_CORE_FIELD_BYTE_OFFSET, L_S, "0:99999999999", MOV64_IMM(1, 0), 0,
	  -EINVAL, "index too large" },
	{ "huge root index", BPF_CORE_FIELD_BYTE_OFFSET, L_S, "2000000000:0", MOV64_IMM(1, 0), 0,
	  -EINVAL, "offset overflows" },
	{ "member index past vlen", BPF_CORE_FIELD_BYTE_OFFSET, L_S, "0:99", MOV64_IMM(1, 0), 0,
	  -EINVAL, "member index out of range" },
	{ "array index past nelems", BPF_CORE_FIELD_BYTE_OFFSET, L_S, "0:2:3", MOV64_IMM(1, 0), 0,
	  -EINVAL, "array index out of range" },
	{ "index into an int", BPF_CORE_FIELD_BYTE_OFFSET, L_S, "0:0:0", MOV64_IMM(1, 0), 0,
	  -EINVAL, "neither composite nor array" },
	{ "65 accessors", BPF_CORE_FIELD_BYTE_OFFSET, L_S, Z64 "0", MOV64_IMM(1, 0), 0, -E2BIG,
	  "too many accessors" },
	{ "type relocation with a field", BPF_CORE_TYPE_SIZE, L_S, "0:1", MOV64_IMM(1, 0), 0,
	  -EINVAL, "type relocation needs access string \"0\"" },
	{ "enum relocation on a struct", BPF_CORE_ENUMVAL_VALUE, L_S, "0", MOV64_IMM(1, 0), 0,
	  -EINVAL, "root type is not an enum" },
	{ "enumerator past vlen", BPF_CORE_ENUMVAL_EXISTS, L_E, "2", MOV64_IMM(1, 0), 0, -EINVAL,
	  "no such enumerator" },
	{ "enumerator with a field", BPF_CORE_ENUMVAL_EXISTS, L_E, "0:0", MOV64_IMM(1, 0), 0,
	  -EINVAL, "no such enumerator" },
	{ "field relocation on void", BPF_CORE_FIELD_BYTE_OFFSET, 0, "0:0", MOV64_IMM(1, 0), 0,
	  -EINVAL, "root type has no size" },
	{ "unknown kind", 13, L_S, "0", MOV64_IMM(1, 0), 0, -EOPNOTSUPP,
	  "unknown CO-RE relocation kind 13" },
	{ "anonymous root", BPF_CORE_FIELD_BYTE_OFFSET, L_ANON_ROOT, "0:0", MOV64_IMM(1, 0), 0,
	  -EOPNOTSUPP, "anonymous types cannot be relocated" },
	{ "signedness of an array element", BPF_CORE_FIELD_SIGNED, L_S, "0:2:1", MOV64_IMM(1, 0),
	  0, -EINVAL, "does not apply to an array element" },
	{ "instruction past the program", BPF_CORE_FIELD_EXISTS, L_S, "0:0", MOV64_IMM(1, 0), 8,
	  -EINVAL, "instruction 8 outside the program" },
	{ "jump instruction", BPF_CORE_FIELD_EXISTS, L_S, "0:0", INSN(BPF_JMP | BPF_JA, 0, 0, 0, 0),
	  0, -EINVAL, "insn #0 (code 0x05) cannot be relocated" },
	{ "ALU with a register", BPF_CORE_FIELD_EXISTS, L_S, "0:0",
	  INSN(BPF_ALU64 | BPF_ADD | BPF_X, 1, 2, 0, 0), 0, -EINVAL, "with a register operand" },
	{ "ld_imm64 cut off", BPF_CORE_FIELD_EXISTS, L_S, "0:0",
	  INSN(BPF_LD | BPF_IMM | BPF_DW, 1, 0, 0, 1), 7, -EINVAL, "truncated ld_imm64" },
	{ "map ld_imm64", BPF_CORE_FIELD_EXISTS, L_S, "0:0",
	  INSN(BPF_LD | BPF_IMM | BPF_DW, 1, BPF_PSEUDO_MAP_FD, 0, 1), 0, -EINVAL,
	  "not a plain ld_imm64" },
	{ "wrong compiler value", BPF_CORE_FIELD_BYTE_OFFSET, L_S, "0:0", LDX_W(1, 2, 8), 0,
	  -EINVAL, "offset is 8, the relocation expects 0 (-> 24)" },
};

START_TEST(core_relocate__malformed__error_not_crash)
{
	const struct bad_case *bc = &bad_cases[_i];
	struct syn sy;
	struct ext_core r;
	int ret;

	syn_init(&sy);
	syn_target_s(sy.target, "s");
	sy.insns[bc->li < 8 ? bc->li : 0] = bc->insn;
	if (bc->access)
		r = syn_rec(&sy, bc->kind, bc->type_id, bc->access);
	else
		r = (struct ext_core){ 0, bc->type_id, 1u << 30, bc->kind };
	ret = syn_relocate(&sy, bc->li, &r, NULL);
	ck_assert_msg(ret == bc->ret, "%s: got %d (%s)", bc->what, ret, sy.err);
	ck_assert_msg(!strncmp(sy.err, "synthetic: prog 't': relo #3: ", 30), "%s: %s", bc->what,
		      sy.err);
	ck_assert_msg(strstr(sy.err, bc->msg), "%s: '%s' not in '%s'", bc->what, bc->msg, sy.err);
	syn_fini(&sy);
}
END_TEST

START_TEST(core_relocate__offset_past_s16__erange)
{
	struct bpf_insn ldx = LDX_W(1, 2, 0);
	struct syn sy;
	struct ext_core r;
	int i32, s;

	syn_init(&sy);
	i32 = btf__add_int(sy.target, "int", 4, BTF_INT_SIGNED);
	s = btf__add_struct(sy.target, "s", 40004);
	ck_assert_int_gt(s, 0);
	ck_assert_int_eq(btf__add_field(sy.target, "a", i32, 40000 * 8, 0), 0);
	sy.insns[0] = ldx;
	r = syn_rec(&sy, BPF_CORE_FIELD_BYTE_OFFSET, L_S, "0:0");
	ck_assert_int_eq(syn_relocate(&sy, 0, &r, NULL), -ERANGE);
	ck_assert_msg(strstr(sy.err, "new offset 40000 does not fit"), "%s", sy.err);
	/* the same value through an ALU immediate is fine */
	sy.insns[1] = (struct bpf_insn)MOV64_IMM(1, 0);
	ck_assert_int_eq(syn_relocate(&sy, 1, &r, NULL), 0);
	ck_assert_int_eq(sy.insns[1].imm, 40000);
	syn_fini(&sy);
}
END_TEST

START_TEST(core_relocate__flexible_array__index_past_zero_length)
{
	struct bpf_insn mov = MOV64_IMM(1, 24 + 7 * 4);
	struct syn sy;
	struct ext_core r;
	int i32, arr, s;

	syn_init(&sy);
	i32 = btf__add_int(sy.target, "int", 4, BTF_INT_SIGNED);
	arr = btf__add_array(sy.target, i32, i32, 0);
	s = btf__add_struct(sy.target, "s", 8);
	ck_assert_int_gt(s, 0);
	ck_assert_int_eq(btf__add_field(sy.target, "a", i32, 0, 0), 0);
	ck_assert_int_eq(btf__add_field(sy.target, "flex", arr, 64, 0), 0);
	sy.insns[0] = mov;
	r = syn_rec(&sy, BPF_CORE_FIELD_BYTE_OFFSET, L_S, "0:4:7");
	ck_assert_int_eq(syn_relocate(&sy, 0, &r, NULL), 0);
	ck_assert_int_eq(sy.insns[0].imm, 8 + 7 * 4);
	syn_fini(&sy);
}
END_TEST

START_TEST(core_relocate__char_array__byte_elements)
{
	struct bpf_insn mov = MOV64_IMM(1, 5);
	struct syn sy;
	struct ext_core r;
	int ch, arr, c, i32;

	syn_init(&sy);
	/* local: struct c___loc { char name[8]; int x; }; target: struct c { int x; char name[16]; } */
	ch = btf__add_int(sy.local, "char", 1, BTF_INT_CHAR);
	arr = btf__add_array(sy.local, L_INT, ch, 8);
	c = btf__add_struct(sy.local, "c___loc", 12);
	ck_assert_int_gt(c, 0);
	ck_assert_int_eq(btf__add_field(sy.local, "name", arr, 0, 0), 0);
	ck_assert_int_eq(btf__add_field(sy.local, "x", L_INT, 64, 0), 0);
	i32 = btf__add_int(sy.target, "int", 4, BTF_INT_SIGNED);
	ch = btf__add_int(sy.target, "char", 1, BTF_INT_CHAR);
	arr = btf__add_array(sy.target, i32, ch, 16);
	ck_assert_int_gt(btf__add_struct(sy.target, "c", 20), 0);
	ck_assert_int_eq(btf__add_field(sy.target, "x", i32, 0, 0), 0);
	ck_assert_int_eq(btf__add_field(sy.target, "name", arr, 32, 0), 0);
	sy.insns[0] = mov;
	r = syn_rec(&sy, BPF_CORE_FIELD_BYTE_OFFSET, c, "0:0:5");
	ck_assert_int_eq(syn_relocate(&sy, 0, &r, NULL), 0);
	ck_assert_int_eq(sy.insns[0].imm, 4 + 5);
	sy.insns[1] = (struct bpf_insn)MOV64_IMM(1, 8);
	r = syn_rec(&sy, BPF_CORE_FIELD_BYTE_SIZE, c, "0:0");
	ck_assert_int_eq(syn_relocate(&sy, 1, &r, NULL), 0);
	ck_assert_int_eq(sy.insns[1].imm, 16);
	syn_fini(&sy);
}
END_TEST

Suite *core_suite(void)
{
	Suite *s = suite_create("core");
	TCase *tc;

	tc = tcase_create("corpus");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, core_relocate__corpus_against_vmlinux__instructions_unchanged);
	tcase_add_test(tc, core_relocate__core_read_ok__every_kind_resolved);
	tcase_add_test(tc, core_relocate__core_read_ok_bitfield__libbpf_load_size);
	tcase_add_test(tc, core_relocate__local_types_on_vmlinux__guarded_uses_poisoned);
	tcase_add_test(tc, core_relocate__local_types_on_built_btf__patched_like_libbpf);
	tcase_add_test(tc, core_relocate__two_flavors_disagree__ambiguity_error);
	tcase_add_test(tc, core_relocate__no_target_btf__clear_error);
	suite_add_tcase(s, tc);

	tc = tcase_create("synthetic");
	tcase_add_test(tc, core_relocate__anon_member_array_and_flavor__target_offsets);
	tcase_add_test(tc, core_relocate__missing_field__poison_or_zero);
	tcase_add_test(tc, core_relocate__enum_flavors__by_name_and_enum64);
	tcase_add_test(tc, core_relocate__bitfield__shifts_and_sizes);
	tcase_add_test(tc, core_relocate__load_resize__unsigned_widened_signed_poisoned);
	tcase_add_test(tc, core_relocate__flavors__agree_ok_disagree_ambiguous);
	tcase_add_test(tc, core_relocate__cache__earlier_match_prunes_candidates);
	tcase_add_test(tc, core_relocate__type_kinds__compat_and_match);
	tcase_add_test(tc, core_relocate__no_target_btf__local_id_only);
	tcase_add_test(tc, core_relocate__offset_past_s16__erange);
	tcase_add_test(tc, core_relocate__flexible_array__index_past_zero_length);
	tcase_add_test(tc, core_relocate__char_array__byte_elements);
	tcase_add_loop_test(tc, core_relocate__malformed__error_not_crash, 0, ARRAY_SIZE(bad_cases));
	suite_add_tcase(s, tc);
	return s;
}
