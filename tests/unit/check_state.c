/* domains/reg, stack, state: the kernel log's print format and the subsumption laws. */
#include <check.h>
#include <string.h>

#include "domains/state.h"
#include "loader/object.h"

static struct map_def map48 = { .key_size = 8, .value_size = 48, .inner_idx = -1 };

START_TEST(reg_fmt__kernel_strings)
{
	char buf[256];
	struct reg r;

	r = reg_ptr(PTR_TO_CTX, 0);
	reg_fmt(buf, sizeof(buf), &r, NULL, 0);
	ck_assert_str_eq(buf, "ctx()");
	r = reg_ptr(PTR_TO_STACK, -8);
	reg_fmt(buf, sizeof(buf), &r, NULL, 0);
	ck_assert_str_eq(buf, "fp-8");
	r = reg_ptr(PTR_TO_MAP_VALUE | REG_MAYBE_NULL, 0);
	r.map_idx = 0;
	r.id = 1;
	reg_fmt(buf, sizeof(buf), &r, &map48, 1);
	ck_assert_str_eq(buf, "map_value_or_null(id=1,ks=8,vs=48)");
	r = reg_ptr(PTR_TO_PACKET, 0);
	r.range = 14;
	reg_fmt(buf, sizeof(buf), &r, NULL, 0);
	ck_assert_str_eq(buf, "pkt(r=14)");
	r.off = 14;
	reg_fmt(buf, sizeof(buf), &r, NULL, 0);
	ck_assert_str_eq(buf, "pkt(off=14,r=14)");
	r = reg_ptr(PTR_TO_MAP_VALUE, 0);
	r.map_idx = 0;
	r.var = scalar_urange(0, 1008);
	r.var.var_off = tnum_range(0, 1008);
	r.var = scalar_from_tnum((struct tnum){ 0, 0x3f0 });
	reg_fmt(buf, sizeof(buf), &r, &map48, 1);
	ck_assert_str_eq(buf, "map_value(ks=8,vs=48,smin=smin32=0,smax=umax=smax32=umax32=1008,"
			      "var_off=(0x0; 0x3f0))");
	r = reg_const(0);
	reg_fmt(buf, sizeof(buf), &r, NULL, 0);
	ck_assert_str_eq(buf, "0");
	r = reg_unknown();
	r.id = 2;
	reg_fmt(buf, sizeof(buf), &r, NULL, 0);
	ck_assert_str_eq(buf, "scalar(id=2)");
	r = reg_ptr(PTR_TO_MEM | REG_RINGBUF | REG_MAYBE_NULL, 0);
	r.id = r.ref_obj_id = 2;
	r.range = 16;
	reg_fmt(buf, sizeof(buf), &r, NULL, 0);
	ck_assert_str_eq(buf, "ringbuf_mem_or_null(id=2,ref_obj_id=2,sz=16)");
}
END_TEST

START_TEST(state_fmt__entry_and_stack)
{
	struct state st;
	char buf[1024];

	state_init(&st, reg_ptr(PTR_TO_CTX, 0));
	state_fmt(buf, sizeof(buf), &st, NULL, 0);
	ck_assert_str_eq(buf, "R1=ctx() R10=fp0");
	memset(st.frames[0].stack.slot[0].type, STACK_MISC, 8);
	st.frames[0].stack.slot[1].type[4] = STACK_ZERO;
	state_fmt(buf, sizeof(buf), &st, NULL, 0);
	ck_assert_str_eq(buf, "R1=ctx() R10=fp0 fp-8=mmmmmmmm fp-16=????0???");
	memset(st.frames[0].stack.slot[2].type, STACK_SPILL, 8);
	st.frames[0].stack.slot[2].spilled = reg_const(0);
	state_fmt(buf, sizeof(buf), &st, NULL, 0);
	ck_assert_str_eq(buf, "R1=ctx() R10=fp0 fp-8=mmmmmmmm fp-16=????0??? fp-24=0");
}
END_TEST

START_TEST(state_leq__laws)
{
	static struct state a, b;
	struct idmap m;
	struct reg x = reg_scalar(scalar_urange(0, 10)), y = reg_scalar(scalar_urange(0, 20));

	state_init(&a, reg_ptr(PTR_TO_CTX, 0));
	state_copy(&b, &a);
	ck_assert(state_leq(&a, &a, true));			/* reflexive */
	a.frames[0].regs[2] = x;
	b.frames[0].regs[2] = y;
	ck_assert(state_leq(&a, &b, true));			/* narrower below wider */
	ck_assert(!state_leq(&b, &a, true));
	b.frames[0].regs[2] = reg_not_init();
	ck_assert(state_leq(&a, &b, true));			/* old NOT_INIT covers anything */
	ck_assert(!state_leq(&b, &a, true));
	idmap_reset(&m);
	ck_assert(reg_leq(&x, &y, &m));
	a.frames[0].stack.slot[0].type[7] = STACK_ZERO;
	b.frames[0].stack.slot[0].type[7] = STACK_MISC;
	b.frames[0].regs[2] = y;
	ck_assert(state_leq(&a, &b, false));			/* misc covers zero */
	ck_assert(!state_leq(&b, &a, false));
	ck_assert(state_equal(&a, &a));
}
END_TEST

/* func_states_equal(): an explored state that had queued more callback iterations from a frame
 * covers no state with fewer; the unroll depth only separates states for the loop check. */
START_TEST(state_leq__callback_depth_old_at_most_cur)
{
	static struct state cur, old;

	state_init(&cur, reg_ptr(PTR_TO_CTX, 0));
	state_copy(&old, &cur);
	old.frames[0].callback_depth = 2;
	cur.frames[0].callback_depth = 1;
	ck_assert(!state_leq(&cur, &old, true));
	cur.frames[0].callback_depth = 3;
	ck_assert(state_leq(&cur, &old, true));
	old.frames[0].callback_depth = 3;
	cur.callback_unroll_depth = 1;
	ck_assert(state_leq(&cur, &old, true));
	ck_assert(!state_equal(&cur, &old));
}
END_TEST

Suite *state_suite(void)
{
	Suite *s = suite_create("state");
	TCase *tc = tcase_create("state");

	tcase_add_test(tc, reg_fmt__kernel_strings);
	tcase_add_test(tc, state_fmt__entry_and_stack);
	tcase_add_test(tc, state_leq__laws);
	tcase_add_test(tc, state_leq__callback_depth_old_at_most_cur);
	suite_add_tcase(s, tc);
	return s;
}
