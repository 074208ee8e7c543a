/* Special fields of map values: the loader's parse of the value's BTF (map_fields_parse, built
 * here with libbpf's BTF writer, and on corpus objects), then programs that touch them, take spin locks, use timers
 * and kptrs (checks/fields.c, checks/locks.c), with the kernel's verdicts, failing instructions
 * and messages. */
#include <bpf/btf.h>
#include <check.h>
#include <errno.h>
#include <linux/bpf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/analysis.h"
#include "isa/asm.h"
#include "loader/object.h"

/* ---- Loader: the value's BTF -> fields ---- */

/* Builds "struct val" from @members (name, type id, byte offset) after the common types:
 * 1 int, 2 struct bpf_spin_lock, 3 struct bpf_timer, 4 struct foo, 5 typedef lock_t,
 * 7 __kptr_untrusted foo *, 9 __kptr foo *, 11 bad-tag foo * (6, 8, 10: the type tags). */
struct memb {
	const char *name;
	int type;
	u32 off;
};

static struct btf *common_btf(void)
{
	struct btf *b = btf__new_empty();
	int id;

	ck_assert_ptr_nonnull(b);
	ck_assert_int_eq(btf__add_int(b, "int", 4, BTF_INT_SIGNED), 1);
	ck_assert_int_eq(btf__add_struct(b, "bpf_spin_lock", 4), 2);
	ck_assert_int_eq(btf__add_field(b, "val", 1, 0, 0), 0);
	ck_assert_int_eq(btf__add_struct(b, "bpf_timer", 16), 3);
	ck_assert_int_eq(btf__add_field(b, "a", 1, 0, 0), 0);
	ck_assert_int_eq(btf__add_struct(b, "foo", 4), 4);
	ck_assert_int_eq(btf__add_field(b, "x", 1, 0, 0), 0);
	ck_assert_int_eq(btf__add_typedef(b, "lock_t", 2), 5);
	id = btf__add_type_tag(b, "kptr_untrusted", 4);
	ck_assert_int_eq(btf__add_ptr(b, id), 7);
	id = btf__add_type_tag(b, "kptr", 4);
	ck_assert_int_eq(btf__add_ptr(b, id), 9);
	id = btf__add_type_tag(b, "kptr_weird", 4);
	ck_assert_int_eq(btf__add_ptr(b, id), 11);
	return b;
}

#define T_INT 1
#define T_LOCK 2
#define T_TIMER 3
#define T_LOCK_TYPEDEF 5
#define T_KPTR_UNTRUSTED 7
#define T_KPTR 9
#define T_KPTR_BADTAG 11

static int add_struct(struct btf *b, const char *name, u32 size, const struct memb *m, int n)
{
	int id = btf__add_struct(b, name, size), i;

	ck_assert_int_gt(id, 0);
	for (i = 0; i < n; i++)
		ck_assert_int_eq(btf__add_field(b, m[i].name, m[i].type, m[i].off * 8, 0), 0);
	return id;
}

static struct map_def parsed(struct btf *b, u32 type, u32 value_id, u32 value_size, u32 flags)
{
	struct map_def m = { .type = type, .key_size = 4, .value_size = value_size,
			     .max_entries = 1, .map_flags = flags, .btf_value_type_id = value_id,
			     .inner_idx = -1 };

	map_fields_parse(b, &m);
	return m;
}

START_TEST(map_fields__spin_lock_found_after_an_int)
{
	struct btf *b = common_btf();
	struct memb mm[] = { { "cnt", T_INT, 0 }, { "l", T_LOCK, 4 } };
	int v = add_struct(b, "val", 8, mm, 2);
	struct map_def m = parsed(b, BPF_MAP_TYPE_ARRAY, v, 8, 0);

	ck_assert_int_eq(m.fields_err, 0);
	ck_assert_uint_eq(m.field_cnt, 1);
	ck_assert_uint_eq(m.fields[0].type, MF_SPIN_LOCK);
	ck_assert_uint_eq(m.fields[0].off, 4);
	ck_assert_uint_eq(m.fields[0].size, 4);
	ck_assert_uint_eq(m.field_mask, MF_SPIN_LOCK);
	btf__free(b);
}
END_TEST

START_TEST(map_fields__spin_lock_in_percpu_array_refused)
{
	struct btf *b = common_btf();
	struct memb mm[] = { { "l", T_LOCK, 0 }, { "cnt", T_INT, 4 } };
	int v = add_struct(b, "val", 8, mm, 2);
	struct map_def m = parsed(b, BPF_MAP_TYPE_PERCPU_ARRAY, v, 8, 0);

	ck_assert_int_eq(m.fields_err, -EOPNOTSUPP);
	ck_assert_ptr_nonnull(m.fields_why);
	btf__free(b);
}
END_TEST

START_TEST(map_fields__two_spin_locks_refused)
{
	struct btf *b = common_btf();
	struct memb mm[] = { { "a", T_LOCK, 0 }, { "b", T_LOCK, 4 } };
	int v = add_struct(b, "val", 8, mm, 2);
	struct map_def m = parsed(b, BPF_MAP_TYPE_HASH, v, 8, 0);

	ck_assert_int_eq(m.fields_err, -E2BIG);
	btf__free(b);
}
END_TEST

START_TEST(map_fields__typedef_member_is_not_a_lock)
{
	struct btf *b = common_btf();
	struct memb mm[] = { { "l", T_LOCK_TYPEDEF, 0 }, { "cnt", T_INT, 4 } };
	int v = add_struct(b, "val", 8, mm, 2);
	struct map_def m = parsed(b, BPF_MAP_TYPE_PERCPU_ARRAY, v, 8, 0);

	/* the kernel matches the member's own type name: no field, the map is fine */
	ck_assert_int_eq(m.fields_err, 0);
	ck_assert_uint_eq(m.field_cnt, 0);
	btf__free(b);
}
END_TEST

START_TEST(map_fields__nested_array_of_kptrs_repeated_and_sorted)
{
	struct btf *b = common_btf();
	struct memb in[] = { { "p", T_KPTR_UNTRUSTED, 0 } };
	int inner = add_struct(b, "holder", 8, in, 1), arr, v;
	struct memb mm[2];
	struct map_def m;

	arr = btf__add_array(b, T_INT, inner, 2);
	ck_assert_int_gt(arr, 0);
	mm[0] = (struct memb){ "t", T_TIMER, 0 };
	mm[1] = (struct memb){ "hs", arr, 16 };
	v = add_struct(b, "val", 32, mm, 2);
	m = parsed(b, BPF_MAP_TYPE_HASH, v, 32, 0);
	ck_assert_int_eq(m.fields_err, 0);
	ck_assert_uint_eq(m.field_cnt, 3);
	ck_assert_uint_eq(m.fields[0].type, MF_TIMER);
	ck_assert_uint_eq(m.fields[1].type, MF_KPTR_UNREF);
	ck_assert_uint_eq(m.fields[1].off, 16);
	ck_assert_uint_eq(m.fields[2].off, 24);
	ck_assert_uint_eq(m.fields[2].kptr_type_id, 4);
	/* the pointee by name and kind, for the lookup in the kernel's BTF */
	ck_assert_str_eq(m.fields[2].kptr_name, "foo");
	ck_assert_uint_eq(m.fields[2].kptr_kind, BTF_KIND_STRUCT);
	btf__free(b);
}
END_TEST

START_TEST(map_fields__unknown_kptr_tag_refused)
{
	struct btf *b = common_btf();
	struct memb mm[] = { { "p", T_KPTR_BADTAG, 0 } };
	int v = add_struct(b, "val", 8, mm, 1);
	struct map_def m = parsed(b, BPF_MAP_TYPE_HASH, v, 8, 0);

	ck_assert_int_eq(m.fields_err, -EINVAL);
	btf__free(b);
}
END_TEST

START_TEST(map_fields__rdonly_prog_with_timer_refused)
{
	struct btf *b = common_btf();
	struct memb mm[] = { { "t", T_TIMER, 0 } };
	int v = add_struct(b, "val", 16, mm, 1);
	struct map_def m = parsed(b, BPF_MAP_TYPE_ARRAY, v, 16, 1U << 7);

	ck_assert_int_eq(m.fields_err, -EACCES);
	btf__free(b);
}
END_TEST

START_TEST(map_fields__datasec_variable_lock)
{
	struct btf *b = common_btf();
	int var = btf__add_var(b, "glock", BTF_VAR_GLOBAL_ALLOCATED, T_LOCK), cnt, ds;
	struct map_def m;

	ck_assert_int_gt(var, 0);
	cnt = btf__add_var(b, "hits", BTF_VAR_GLOBAL_ALLOCATED, T_INT);
	ds = btf__add_datasec(b, ".data.A", 8);
	ck_assert_int_eq(btf__add_datasec_var_info(b, cnt, 0, 4), 0);
	ck_assert_int_eq(btf__add_datasec_var_info(b, var, 4, 4), 0);
	m = parsed(b, BPF_MAP_TYPE_ARRAY, ds, 8, 0);
	ck_assert_int_eq(m.fields_err, 0);
	ck_assert_uint_eq(m.field_cnt, 1);
	ck_assert_uint_eq(m.fields[0].off, 4);
	btf__free(b);
}
END_TEST

START_TEST(map_fields__object_btf_with_bitfield_next_to_lock_refused)
{
	struct btf *b = common_btf();
	struct memb mm[] = { { "l", T_LOCK, 0 }, { "n", T_INT, 8 } };
	const char *why;

	/* any struct naming a special type is parsed when the BTF is loaded: a bitfield in it
	 * makes BTF_LOAD fail, whether or not a map uses the struct */
	ck_assert_int_eq(map_fields_check_btf(b, &why), 0);
	add_struct(b, "val", 16, mm, 2);
	ck_assert_int_gt(btf__add_struct(b, "bits", 8), 0);
	ck_assert_int_eq(btf__add_field(b, "l", T_LOCK, 0, 0), 0);
	ck_assert_int_eq(btf__add_field(b, "flag", T_INT, 33, 3), 0);
	ck_assert_int_eq(map_fields_check_btf(b, &why), -EINVAL);
	ck_assert_ptr_nonnull(why);
	btf__free(b);
}
END_TEST

/* ---- Loader: object files ---- */

static struct object *open_corpus(const char *rel)
{
	const char *dir = getenv("BPFVERIFY_CORPUS");
	struct object_opts opts = { .no_target_btf = true };
	struct object *obj = NULL;
	char path[512], err[256];

	snprintf(path, sizeof(path), "%s/%s", dir ? dir : "build/corpus", rel);
	ck_assert_msg(!object_open(path, &opts, &obj, err, sizeof(err)), "%s", err);
	return obj;
}

static const struct map_def *find_map(const struct object *obj, const char *name)
{
	for (u32 i = 0; i < obj->map_cnt; i++)
		if (!strcmp(obj->maps[i].name, name))
			return &obj->maps[i];
	ck_abort_msg("no map %s", name);
	return NULL;
}

START_TEST(map_fields__object_maps_and_global_data)
{
	struct object *obj = open_corpus("maps/timer_ok.bpf.o");
	const struct map_def *m = find_map(obj, "timers");

	/* struct elem { bpf_spin_lock @0; u32 armed; bpf_timer @8; u64 deadline; } */
	ck_assert_int_eq(m->fields_err, 0);
	ck_assert_uint_eq(m->field_cnt, 2);
	ck_assert_uint_eq(m->fields[0].type, MF_SPIN_LOCK);
	ck_assert_uint_eq(m->fields[1].type, MF_TIMER);
	ck_assert_uint_eq(m->fields[1].off, 8);
	object_free(obj);
	obj = open_corpus("maps/global_lock_ok.bpf.o");
	m = find_map(obj, ".data.A");
	ck_assert_uint_eq(m->field_cnt, 1);
	ck_assert_uint_eq(m->fields[0].type, MF_SPIN_LOCK);
	object_free(obj);
}
END_TEST

START_TEST(map_fields__refused_btf_dropped_like_libbpf)
{
	struct object *obj = open_corpus("maps/spin_lock_percpu_no_btf.bpf.o");
	const struct map_def *m = find_map(obj, "pcpu_locked");

	ck_assert_uint_eq(m->btf_value_type_id, 0);
	ck_assert_uint_eq(m->field_cnt, 0);
	ck_assert_int_eq(m->fields_err, 0);
	ck_assert_uint_ge(obj->warning_cnt, 1);
	object_free(obj);
}
END_TEST

/* ---- Analysis: programs on maps with special fields ---- */

/* A stand-in for the kernel's BTF with the selftests' types: 1 int, 2 struct prog_test_member
 * { int m, c; }, 3 its pointer, 4 struct prog_test_ref_kfunc { int a, b; struct
 * prog_test_member memb; struct prog_test_member *next; int cnt; } (32 bytes), 5 struct foo
 * { int x; } (not RCU-protected). */
static struct btf *kptr_target_btf(void)
{
	struct btf *b = btf__new_empty();

	ck_assert_ptr_nonnull(b);
	ck_assert_int_eq(btf__add_int(b, "int", 4, BTF_INT_SIGNED), 1);
	ck_assert_int_eq(btf__add_struct(b, "prog_test_member", 8), 2);
	ck_assert_int_eq(btf__add_field(b, "m", 1, 0, 0), 0);
	ck_assert_int_eq(btf__add_field(b, "c", 1, 32, 0), 0);
	ck_assert_int_eq(btf__add_ptr(b, 2), 3);
	ck_assert_int_eq(btf__add_struct(b, "prog_test_ref_kfunc", 32), 4);
	ck_assert_int_eq(btf__add_field(b, "a", 1, 0, 0), 0);
	ck_assert_int_eq(btf__add_field(b, "b", 1, 32, 0), 0);
	ck_assert_int_eq(btf__add_field(b, "memb", 2, 64, 0), 0);
	ck_assert_int_eq(btf__add_field(b, "next", 3, 128, 0), 0);
	ck_assert_int_eq(btf__add_field(b, "cnt", 1, 192, 0), 0);
	ck_assert_int_eq(btf__add_struct(b, "foo", 4), 5);
	ck_assert_int_eq(btf__add_field(b, "x", 1, 0, 0), 0);
	return b;
}

static struct map_field kptr_field(u32 off, u32 type, const char *name)
{
	struct map_field f = { .off = off, .size = 8, .type = type, .kptr_kind = BTF_KIND_STRUCT };

	snprintf(f.kptr_name, sizeof(f.kptr_name), "%s", name);
	return f;
}

/* map 0: array, value { u32 cnt; bpf_spin_lock @4; u64 x @8 }
 * map 1: the same value without BTF
 * map 2: array, value { __kptr_untrusted foo @0; __kptr prog_test_ref_kfunc @8; u64 @16 }
 * map 3: array, value { bpf_timer @0 }
 * map 4: hash, value { bpf_timer @0 } */
static void test_maps(struct map_def *maps)
{
	memset(maps, 0, 5 * sizeof(*maps));
	for (int i = 0; i < 5; i++) {
		maps[i].type = BPF_MAP_TYPE_ARRAY;
		maps[i].key_size = 4;
		maps[i].max_entries = 1;
		maps[i].inner_idx = -1;
		maps[i].btf_value_type_id = 1;
		maps[i].kind = MAP_KIND_USER;
	}
	maps[0].name = "locked";
	maps[0].value_size = 16;
	maps[0].field_cnt = 1;
	maps[0].field_mask = MF_SPIN_LOCK;
	maps[0].fields[0] = (struct map_field){ 4, 4, MF_SPIN_LOCK, 0 };
	maps[1].name = "nobtf";
	maps[1].value_size = 16;
	maps[1].btf_value_type_id = 0;
	maps[2].name = "kptrs";
	maps[2].value_size = 24;
	maps[2].field_cnt = 2;
	maps[2].field_mask = MF_KPTR_UNREF | MF_KPTR_REF;
	maps[2].fields[0] = kptr_field(0, MF_KPTR_UNREF, "foo");
	maps[2].fields[1] = kptr_field(8, MF_KPTR_REF, "prog_test_ref_kfunc");
	for (int i = 3; i < 5; i++) {
		maps[i].name = i == 3 ? "timers" : "timers2";
		maps[i].value_size = 16;
		maps[i].field_cnt = 1;
		maps[i].field_mask = MF_TIMER;
		maps[i].fields[0] = (struct map_field){ 0, 16, MF_TIMER, 0 };
	}
	maps[4].type = BPF_MAP_TYPE_HASH;
}

/* Slots 0-9: R6 = ctx, R7 = the value of element 0 of map @map (an array: not NULL). */
#define PRE "mov %%r6, %%r1; stw [%%r10-4], 0; mov %%r2, %%r10; add %%r2, -4; lddw %%r1, %d;" \
	    "call 1; jne %%r0, 0, +1; exit; mov %%r7, %%r0;"

struct prog_case {
	const char *name;
	u32 prog_type;
	int map;
	const char *body;	/* after PRE; "lddw %r1, N" loads map N */
	enum verdict verdict;
	u32 insn;
	const char *msg;
};

static const struct prog_case prog_cases[] = {
	{ "lock_update_unlock__accepted", BPF_PROG_TYPE_SCHED_CLS, 0,
	  "mov %r1, %r7; add %r1, 4; call 93; ldxdw %r2, [%r7+8]; add %r2, 1; stxdw [%r7+8], %r2;"
	  "mov %r1, %r7; add %r1, 4; call 94; mov %r0, 0; exit", V_SAFE, 0, "" },
	{ "lock_word_load__refused", BPF_PROG_TYPE_SCHED_CLS, 0,
	  "ldxw %r0, [%r7+4]; exit", V_UNSAFE, 10,
	  "bpf_spin_lock cannot be accessed directly by load/store" },
	{ "wide_load_over_lock__refused", BPF_PROG_TYPE_SCHED_CLS, 0,
	  "ldxdw %r0, [%r7+0]; exit", V_UNSAFE, 10,
	  "bpf_spin_lock cannot be accessed directly by load/store" },
	{ "load_next_to_lock__accepted", BPF_PROG_TYPE_SCHED_CLS, 0,
	  "ldxw %r0, [%r7+0]; ldxdw %r1, [%r7+8]; exit", V_SAFE, 0, "" },
	{ "variable_offset_may_reach_lock__refused", BPF_PROG_TYPE_SCHED_CLS, 0,
	  "ldxw %r1, [%r6+0]; and %r1, 8; mov %r2, %r7; add %r2, %r1; ldxw %r0, [%r2+0]; exit",
	  V_UNSAFE, 14, "bpf_spin_lock cannot be accessed directly by load/store" },
	{ "atomic_on_lock__refused", BPF_PROG_TYPE_SCHED_CLS, 0,
	  "mov %r1, 1; lock add32 [%r7+4], %r1; mov %r0, 0; exit", V_UNSAFE, 11,
	  "bpf_spin_lock cannot be accessed directly by load/store" },
	{ "helper_reads_value_with_lock__refused", BPF_PROG_TYPE_SCHED_CLS, 0,
	  "lddw %r1, 0; mov %r2, %r10; add %r2, -4; mov %r3, %r7; mov %r4, 0; call 2; mov %r0, 0;"
	  "exit", V_UNSAFE, 16, "bpf_spin_lock cannot be accessed directly by load/store" },
	{ "unlock_without_lock__refused", BPF_PROG_TYPE_SCHED_CLS, 0,
	  "mov %r1, %r7; add %r1, 4; call 94; mov %r0, 0; exit", V_UNSAFE, 12,
	  "bpf_spin_unlock without taking a lock" },
	{ "exit_with_lock__refused", BPF_PROG_TYPE_SCHED_CLS, 0,
	  "mov %r1, %r7; add %r1, 4; call 93; mov %r0, 0; exit", V_UNSAFE, 14,
	  "BPF_EXIT instruction in main prog cannot be used inside bpf_spin_lock-ed region" },
	{ "helper_under_lock__refused", BPF_PROG_TYPE_SCHED_CLS, 0,
	  "mov %r1, %r7; add %r1, 4; call 93; call 5; mov %r0, 0; exit", V_UNSAFE, 13,
	  "function calls are not allowed while holding a lock" },
	{ "ldabs_under_lock__refused", BPF_PROG_TYPE_SCHED_CLS, 0,
	  "mov %r1, %r7; add %r1, 4; call 93; ldabsb 0; mov %r0, 0; exit", V_UNSAFE, 13,
	  "BPF_LD_[ABS|IND] cannot be used inside bpf_spin_lock-ed region" },
	{ "lock_of_the_counter__refused", BPF_PROG_TYPE_SCHED_CLS, 0,
	  "mov %r1, %r7; call 93; mov %r0, 0; exit", V_UNSAFE, 11,
	  "off 0 doesn't point to 'struct bpf_spin_lock' that is at 4" },
	{ "lock_at_variable_offset__refused", BPF_PROG_TYPE_SCHED_CLS, 0,
	  "ldxw %r2, [%r6+0]; and %r2, 4; mov %r1, %r7; add %r1, %r2; call 93; mov %r0, 0; exit",
	  V_UNSAFE, 14,
	  "R1 doesn't have constant offset. bpf_spin_lock has to be at the constant offset" },
	{ "lock_in_map_without_btf__refused", BPF_PROG_TYPE_SCHED_CLS, 1,
	  "mov %r1, %r7; add %r1, 4; call 93; mov %r0, 0; exit", V_UNSAFE, 12,
	  "map 'nobtf' has to have BTF in order to use bpf_spin_lock" },
	{ "lock_in_map_without_lock__refused", BPF_PROG_TYPE_SCHED_CLS, 3,
	  "mov %r1, %r7; call 93; mov %r0, 0; exit", V_UNSAFE, 11,
	  "map 'timers' has no valid bpf_spin_lock" },
	/* the lock-free path reaches the join first and leaves a checkpoint there (8 insns and 2
	 * jumps since the last one); the locked path must not be pruned by it */
	{ "pruning_tells_locked_from_unlocked", BPF_PROG_TYPE_SCHED_CLS, 0,
	  "mov %r8, 1; mov %r8, 2; mov %r8, 3; mov %r8, 4; ldxw %r1, [%r6+0]; jne %r1, 0, +10;"
	  "call 7; mov %r0, 0; ja +0; mov %r0, 0; mov %r0, 0; mov %r0, 0; mov %r0, 0; mov %r0, 0;"
	  "mov %r0, 0; ja +4; mov %r1, %r7; add %r1, 4; call 93; mov %r0, 0; exit", V_UNSAFE, 30,
	  "BPF_EXIT instruction in main prog cannot be used inside bpf_spin_lock-ed region" },
	{ "tracing_program__refused", BPF_PROG_TYPE_KPROBE, 0, "mov %r0, 0; exit", V_UNSAFE, 4,
	  "tracing progs cannot use bpf_spin_lock yet" },
	{ "socket_filter__refused", BPF_PROG_TYPE_SOCKET_FILTER, 0, "mov %r0, 0; exit", V_UNSAFE, 4,
	  "socket filter progs cannot use bpf_spin_lock yet" },
	{ "kptr_st_nonzero__refused", BPF_PROG_TYPE_SCHED_CLS, 2,
	  "stdw [%r7+0], 1; mov %r0, 0; exit", V_UNSAFE, 10,
	  "BPF_ST imm must be 0 when storing to kptr at off=0" },
	{ "kptr_st_zero__accepted", BPF_PROG_TYPE_SCHED_CLS, 2,
	  "stdw [%r7+0], 0; mov %r1, 0; stxdw [%r7+0], %r1; mov %r0, 0; exit", V_SAFE, 0, "" },
	{ "kptr_word_load__refused", BPF_PROG_TYPE_SCHED_CLS, 2,
	  "ldxw %r0, [%r7+0]; exit", V_UNSAFE, 10, "kptr access size must be BPF_DW" },
	{ "kptr_misaligned__refused", BPF_PROG_TYPE_SCHED_CLS, 2,
	  "ldxdw %r0, [%r7+4]; exit", V_UNSAFE, 10, "kptr access misaligned expected=0 off=4" },
	{ "referenced_kptr_store__refused", BPF_PROG_TYPE_SCHED_CLS, 2,
	  "mov %r1, 0; stxdw [%r7+8], %r1; mov %r0, 0; exit", V_UNSAFE, 11,
	  "store to referenced kptr disallowed" },
	{ "untrusted_kptr_load_is_nullable", BPF_PROG_TYPE_SCHED_CLS, 2,
	  "ldxdw %r1, [%r7+0]; ldxw %r0, [%r1+0]; exit", V_UNSAFE, 11,
	  "R1 invalid mem access 'untrusted_ptr_or_null_'" },
	{ "kptr_read_by_helper__refused", BPF_PROG_TYPE_SCHED_CLS, 2,
	  "lddw %r1, 2; mov %r2, %r10; add %r2, -4; mov %r3, %r7; mov %r4, 0; call 2; mov %r0, 0;"
	  "exit", V_UNSAFE, 16, "kptr cannot be accessed indirectly by helper" },
	{ "kptr_atomic__refused", BPF_PROG_TYPE_SCHED_CLS, 2,
	  "mov %r1, 0; lock xchg [%r7+0], %r1; mov %r0, 0; exit", V_UNSAFE, 11,
	  "kptr in map can only be accessed using BPF_MEM instruction mode" },
	{ "kptr_xchg_on_untrusted_kptr__refused", BPF_PROG_TYPE_SCHED_CLS, 2,
	  "mov %r1, %r7; mov %r2, 0; call 194; mov %r0, 0; exit", V_UNSAFE, 12,
	  "off=0 kptr isn't referenced kptr" },
	{ "timer_init_start_cancel__accepted", BPF_PROG_TYPE_SCHED_CLS, 3,
	  "mov %r1, %r7; lddw %r2, 3; mov %r3, 1; call 169; mov %r1, %r7; mov %r2, 1000;"
	  "mov %r3, 0; call 171; mov %r1, %r7; call 172; mov %r0, 0; exit", V_SAFE, 0, "" },
	{ "timer_init_with_another_map__refused", BPF_PROG_TYPE_SCHED_CLS, 3,
	  "mov %r1, %r7; lddw %r2, 4; mov %r3, 1; call 169; mov %r0, 0; exit", V_UNSAFE, 14,
	  "timer pointer in R1 map_uid=0 doesn't match map pointer in R2 map_uid=0" },
	{ "timer_store__refused", BPF_PROG_TYPE_SCHED_CLS, 3,
	  "stdw [%r7+8], 0; mov %r0, 0; exit", V_UNSAFE, 10,
	  "bpf_timer cannot be accessed directly by load/store" },
	{ "timer_off_field__refused", BPF_PROG_TYPE_SCHED_CLS, 0,
	  "mov %r1, %r7; call 172; mov %r0, 0; exit", V_UNSAFE, 11,
	  "map 'locked' has no valid bpf_timer" },
	{ "timer_in_tracing__refused", BPF_PROG_TYPE_TRACEPOINT, 3, "mov %r0, 0; exit", V_UNSAFE, 4,
	  "tracing progs cannot use bpf_timer yet" },
};

/* Runs @c with the first @nmaps maps of @maps and @opts (may be NULL). */
static void run_prog_case(const struct prog_case *c, const struct map_def *maps, u32 nmaps,
			  const struct analysis_opts *opts)
{
	struct analysis_result res;
	struct bpf_insn *insns;
	char text[1024], err[256];
	struct prog p;
	u32 cnt, i;

	snprintf(text, sizeof(text), PRE, c->map);
	snprintf(text + strlen(text), sizeof(text) - strlen(text), "%s", c->body);
	ck_assert_msg(!asm_parse(text, &insns, &cnt, err, sizeof(err)), "%s: %s", c->name, err);
	for (i = 0; i < cnt; i++)
		if (insns[i].code == (BPF_LD | BPF_IMM | BPF_DW))
			insns[i++].src_reg = BPF_PSEUDO_MAP_FD;	/* imm: the map index */
	memset(&p, 0, sizeof(p));
	p.insns = insns;
	p.insn_cnt = cnt;
	p.pt.prog_type = c->prog_type;
	ck_assert_int_eq(analysis_run(&p, maps, nmaps, opts, &res), 0);
	free(insns);
	ck_assert_msg(res.verdict == c->verdict, "%s: verdict %s: %s", c->name,
		      verdict_name(res.verdict), res.diag.msg);
	if (c->verdict == V_UNSAFE) {
		ck_assert_msg(res.diag.insn_idx == c->insn, "%s: insn %u", c->name, res.diag.insn_idx);
		ck_assert_msg(!strcmp(res.diag.msg, c->msg), "%s: \"%s\"", c->name, res.diag.msg);
	}
}

START_TEST(locks__programs)
{
	struct btf *btf = kptr_target_btf();
	struct analysis_opts opts = { .gpl = true, .target_btf = btf };
	struct map_def maps[5];

	test_maps(maps);
	run_prog_case(&prog_cases[_i], maps, 5, &opts);
	btf__free(btf);
}
END_TEST

/* ---- kptr types against a target BTF (fields.c, locks.c, btf_access.c) ---- */

/* map 0: array, value { __kptr_untrusted prog_test_ref_kfunc @0; __kptr prog_test_ref_kfunc
 * @8; __kptr prog_test_member @16 } (the selftests' map_kptr value; the kernel has destructors
 * for both types, and prog_test_member is not RCU-protected)
 * map 1: array, value { __kptr foo @0; __kptr local (a program's own type) @8 } */
static void kptr_maps(struct map_def *maps)
{
	test_maps(maps);	/* maps 0 and 2 made over */
	maps[0] = maps[2];
	maps[0].name = "ptk";
	maps[0].field_mask = MF_KPTR_UNREF | MF_KPTR_REF;
	maps[0].field_cnt = 3;
	maps[0].fields[0] = kptr_field(0, MF_KPTR_UNREF, "prog_test_ref_kfunc");
	maps[0].fields[1] = kptr_field(8, MF_KPTR_REF, "prog_test_ref_kfunc");
	maps[0].fields[2] = kptr_field(16, MF_KPTR_REF, "prog_test_member");
	maps[1] = maps[2];
	maps[1].name = "other";
	maps[1].value_size = 16;
	maps[1].field_mask = MF_KPTR_REF;
	maps[1].fields[0] = kptr_field(0, MF_KPTR_REF, "foo");
	maps[1].fields[1] = kptr_field(8, MF_KPTR_REF, "local");
}

/* R1 = the untrusted kptr at [r7+0], NULL-checked (slots 10-13, then 14 on) */
#define UNREF_R1 "ldxdw %r1, [%r7+0]; jne %r1, 0, +2; mov %r0, 0; exit;"
#define PERCPU_EXPECTED "expected=percpu_ptr_, percpu_rcu_ptr_, percpu_trusted_ptr_"
/* R0 = the referenced prog_test_ref_kfunc at [r7+8], swapped out for NULL (slots 10-15) */
#define XCHG_OUT "mov %r1, %r7; add %r1, 8; mov %r2, 0; call 194; jne %r0, 0, +1; exit;"

static const struct prog_case kptr_cases[] = {
	{ "unref_field_walk_stays_untrusted", BPF_PROG_TYPE_SCHED_CLS, 0,
	  UNREF_R1 "ldxdw %r1, [%r1+16]; call 154; mov %r0, 0; exit", V_UNSAFE, 15,
	  "R1 type=untrusted_ptr_ " PERCPU_EXPECTED },
	{ "unref_read_past_struct", BPF_PROG_TYPE_SCHED_CLS, 0,
	  UNREF_R1 "ldxdw %r0, [%r1+32]; exit", V_UNSAFE, 14,
	  "access beyond struct prog_test_ref_kfunc at off 32 size 8" },
	{ "unref_read_member_accepted", BPF_PROG_TYPE_SCHED_CLS, 0,
	  UNREF_R1 "ldxw %r0, [%r1+12]; exit", V_SAFE, 0, "" },
	{ "unref_store_back_maybe_null_accepted", BPF_PROG_TYPE_SCHED_CLS, 0,
	  "ldxdw %r1, [%r7+0]; stxdw [%r7+0], %r1; mov %r0, 0; exit", V_SAFE, 0, "" },
	{ "unref_store_inside_member_refused", BPF_PROG_TYPE_SCHED_CLS, 0,
	  UNREF_R1 "add %r1, 4; stxdw [%r7+0], %r1; mov %r0, 0; exit", V_UNSAFE, 15,
	  "invalid kptr access, R1 type=untrusted_ptr_prog_test_ref_kfunc "
	  "expected=ptr_prog_test_ref_kfunc or untrusted_ptr_prog_test_ref_kfunc" },
	{ "unref_store_variable_offset_refused", BPF_PROG_TYPE_SCHED_CLS, 0,
	  UNREF_R1 "ldxw %r2, [%r6+0]; and %r2, 7; add %r1, %r2; stxdw [%r7+0], %r1; mov %r0, 0;"
	  "exit", V_UNSAFE, 17, "variable untrusted_ptr_ access var_off=(0x0; 0x7) disallowed" },
	{ "unref_store_negative_offset_refused", BPF_PROG_TYPE_SCHED_CLS, 0,
	  UNREF_R1 "add %r1, -8; stxdw [%r7+0], %r1; mov %r0, 0; exit", V_UNSAFE, 15,
	  "negative offset untrusted_ptr_ ptr R1 off=-8 disallowed" },
	{ "unref_store_scalar_unknown", BPF_PROG_TYPE_SCHED_CLS, 0,
	  "ldxw %r1, [%r6+0]; stxdw [%r7+0], %r1; mov %r0, 0; exit", V_UNKNOWN, 0, "" },
	{ "ref_load_rcu_protected_type", BPF_PROG_TYPE_SCHED_CLS, 0,
	  "ldxdw %r1, [%r7+8]; call 154; mov %r0, 0; exit", V_UNSAFE, 11,
	  "R1 type=rcu_ptr_or_null_ " PERCPU_EXPECTED },
	{ "ref_load_other_type_untrusted", BPF_PROG_TYPE_SCHED_CLS, 0,
	  "ldxdw %r1, [%r7+16]; call 154; mov %r0, 0; exit", V_UNSAFE, 11,
	  "R1 type=untrusted_ptr_or_null_ " PERCPU_EXPECTED },
	/* map 1: whether the kernel creates it is not known (no destructor known for foo, local
	 * is a program's own type) */
	{ "ref_kptr_map_without_destructor_unknown", BPF_PROG_TYPE_SCHED_CLS, 1,
	  "mov %r0, 0; exit", V_UNKNOWN, 0, "" },
	{ "per_cpu_ptr_of_ctx_refused", BPF_PROG_TYPE_SCHED_CLS, 0,
	  "mov %r1, %r6; mov %r2, 0; call 153; mov %r0, 0; exit", V_UNSAFE, 12,
	  "R1 type=ctx " PERCPU_EXPECTED },
	{ "xchg_source_moved_refused", BPF_PROG_TYPE_SCHED_CLS, 0,
	  XCHG_OUT "mov %r1, %r7; add %r1, 16; add %r0, 8; mov %r2, %r0; call 194; mov %r0, 0;"
	  "exit", V_UNSAFE, 20,
	  "invalid kptr access, R2 type=ptr_prog_test_ref_kfunc expected=ptr_prog_test_member" },
	{ "xchg_result_is_a_reference", BPF_PROG_TYPE_SCHED_CLS, 0,
	  XCHG_OUT "mov %r0, 0; exit", V_UNSAFE, 17,
	  "Unreleased reference id=2 alloc_insn=13\n"
	  "BPF_EXIT instruction in main prog would lead to reference leak" },
	{ "xchg_result_swapped_back_released", BPF_PROG_TYPE_SCHED_CLS, 0,
	  XCHG_OUT "mov %r8, %r0; mov %r1, %r7; add %r1, 8; mov %r2, %r0; call 194;"
	  "ldxw %r1, [%r8+0]; exit", V_UNSAFE, 21, "R8 invalid mem access 'scalar'" },
	{ "xchg_source_maybe_null_refused", BPF_PROG_TYPE_SCHED_CLS, 0,
	  "mov %r1, %r7; add %r1, 8; mov %r2, 0; call 194; mov %r1, %r7; add %r1, 8; mov %r2, %r0;"
	  "call 194; mov %r0, 0; exit", V_UNSAFE, 17, "Possibly NULL pointer passed to helper arg2" },
	{ "xchg_source_untrusted_refused", BPF_PROG_TYPE_SCHED_CLS, 0,
	  UNREF_R1 "mov %r2, %r1; mov %r1, %r7; add %r1, 8; call 194; mov %r0, 0; exit", V_UNSAFE,
	  17, "R2 type=untrusted_ptr_ expected=ptr_, trusted_ptr_, rcu_ptr_" },
	{ "xchg_source_unreferenced_refused", BPF_PROG_TYPE_SCHED_CLS, 0,
	  "ldxdw %r2, [%r7+8]; jne %r2, 0, +2; mov %r0, 0; exit; mov %r1, %r7; add %r1, 8;"
	  "call 194; mov %r0, 0; exit", V_UNSAFE, 16,
	  "R2 must be referenced when passed to release function" },
};

START_TEST(kptr__programs)
{
	struct btf *btf = kptr_target_btf();
	struct analysis_opts opts = { .gpl = true, .target_btf = btf };
	struct map_def maps[5];

	kptr_maps(maps);
	run_prog_case(&kptr_cases[_i], maps, 5, &opts);
	btf__free(btf);
}
END_TEST

Suite *fields_suite(void)
{
	Suite *s = suite_create("fields");
	TCase *tc = tcase_create("map_fields_parse");

	tcase_add_test(tc, map_fields__spin_lock_found_after_an_int);
	tcase_add_test(tc, map_fields__spin_lock_in_percpu_array_refused);
	tcase_add_test(tc, map_fields__two_spin_locks_refused);
	tcase_add_test(tc, map_fields__typedef_member_is_not_a_lock);
	tcase_add_test(tc, map_fields__nested_array_of_kptrs_repeated_and_sorted);
	tcase_add_test(tc, map_fields__unknown_kptr_tag_refused);
	tcase_add_test(tc, map_fields__rdonly_prog_with_timer_refused);
	tcase_add_test(tc, map_fields__datasec_variable_lock);
	tcase_add_test(tc, map_fields__object_btf_with_bitfield_next_to_lock_refused);
	tcase_add_test(tc, map_fields__object_maps_and_global_data);
	tcase_add_test(tc, map_fields__refused_btf_dropped_like_libbpf);
	suite_add_tcase(s, tc);
	tc = tcase_create("locks");
	tcase_add_loop_test(tc, locks__programs, 0, sizeof(prog_cases) / sizeof(prog_cases[0]));
	suite_add_tcase(s, tc);
	tc = tcase_create("kptr");
	tcase_add_loop_test(tc, kptr__programs, 0, sizeof(kptr_cases) / sizeof(kptr_cases[0]));
	suite_add_tcase(s, tc);
	return s;
}
