/* Tests of src/report/diag.c: reporting (severities, notes and their parent, hints, the
 * kernel's words), source locations from line info, the text and JSON forms. */
#define _GNU_SOURCE
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "loader/object.h"
#include "report/diag.h"

#define INSN(c, d, s, o, i) { .code = (c), .dst_reg = (d), .src_reg = (s), .off = (o), .imm = (i) }

static struct bpf_insn insns[] = {
	INSN(BPF_ALU64 | BPF_MOV | BPF_K, 0, 0, 0, 0),
	INSN(BPF_JMP | BPF_JA, 0, 0, -2, 0),
	INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0),
};

static struct line_rec lines[] = {
	{ .insn_idx = 0, .line = 12, .col = 5, .file = "/src/prog.bpf.c",
	  .src = "\tfor (i = 0; i < n; i++)" },
	{ .insn_idx = 2, .line = 14, .col = 2, .file = "/src/prog.bpf.c", .src = "" },
};

static struct prog prog = {
	.name = "my_prog", .insns = insns, .insn_cnt = 3, .lines = lines, .line_cnt = 2,
};

START_TEST(diag_report__line_info__location_and_counts)
{
	struct diag_list l;
	struct diag *d;

	diag_list_init(&l, &prog);
	d = diag_report(&l, 1, "cfg.back_edge", "jump from insn %u back to insn %u", 1, 0);
	ck_assert_ptr_nonnull(d);
	ck_assert_str_eq(d->check_id, "cfg.back_edge");
	ck_assert_str_eq(d->msg, "jump from insn 1 back to insn 0");
	ck_assert_uint_eq(d->sev, DIAG_ERROR);
	ck_assert_uint_eq(d->parent, DIAG_NO_PARENT);
	ck_assert_uint_eq(d->related_insn, DIAG_NO_INSN);
	/* insn 1 has no record of its own: the one before it governs */
	ck_assert_str_eq(d->loc.file, "/src/prog.bpf.c");
	ck_assert_uint_eq(d->loc.line, 12);
	ck_assert_uint_eq(d->loc.col, 5);
	d = diag_report_sev(&l, DIAG_WARNING, DIAG_NO_INSN, "x.y", "whole program");
	ck_assert_ptr_null(d->loc.file);
	ck_assert_uint_eq(l.error_cnt, 1);
	ck_assert_uint_eq(l.warning_cnt, 1);
	ck_assert_ptr_eq(diag_first_error(&l), &l.items[0]);
	ck_assert_ptr_eq(diag_find(&l, "x.y"), &l.items[1]);
	ck_assert_ptr_null(diag_find(&l, "nope"));
	diag_list_release(&l);
	ck_assert_uint_eq(l.cnt, 0);
	ck_assert_ptr_eq(l.prog, &prog);
}
END_TEST

START_TEST(diag_note__explains_the_last_error__inherits_its_id)
{
	struct diag_list l;
	struct diag *n;

	diag_list_init(&l, &prog);
	ck_assert_ptr_null(diag_note(&l, 0, "nothing to explain yet"));
	diag_report(&l, 2, "mem.oob", "first");
	diag_report(&l, 1, "regs.uninit", "second");
	n = diag_note(&l, 0, "r1 last written here");
	ck_assert_ptr_nonnull(n);
	ck_assert_uint_eq(n->sev, DIAG_NOTE);
	ck_assert_uint_eq(n->parent, 1);
	ck_assert_str_eq(n->check_id, "regs.uninit");
	n = diag_note(&l, 2, "a second note");
	ck_assert_uint_eq(n->parent, 1);
	ck_assert_uint_eq(l.error_cnt, 2);
	diag_list_release(&l);
}
END_TEST

START_TEST(diag_hint_kernel_msg__set_and_truncated__never_overflow)
{
	struct diag_list l;
	struct diag *d;
	char big[400];

	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	diag_list_init(&l, NULL);
	d = diag_report(&l, 0, "a.b", "%s", big);
	diag_hint(d, "%s", big);
	diag_kernel_msg(d, "back-edge from insn %d to %d", 7, 3);
	ck_assert_uint_eq(strlen(d->msg), sizeof(d->msg) - 1);
	ck_assert_uint_eq(strlen(d->hint), sizeof(d->hint) - 1);
	ck_assert_str_eq(d->kernel_msg, "back-edge from insn 7 to 3");
	diag_hint(NULL, "no-op");
	diag_kernel_msg(NULL, "no-op");
	diag_list_release(&l);
}
END_TEST

START_TEST(diag_fmt__with_line_info__compiler_style)
{
	struct diag_list l;
	struct diag *d;
	char buf[1024];
	int n;

	diag_list_init(&l, &prog);
	d = diag_report(&l, 1, "cfg.back_edge", "jump from insn 1 back to insn 0 makes a loop");
	diag_kernel_msg(d, "back-edge from insn 1 to 0");
	diag_hint(d, "unroll the loop");
	n = diag_fmt(buf, sizeof(buf), &l, d);
	ck_assert_int_eq(n, (int)strlen(buf));
	ck_assert_str_eq(buf,
			 "prog.bpf.c:12:5: error: jump from insn 1 back to insn 0 makes a loop "
			 "[cfg.back_edge]\n"
			 "   12 | \tfor (i = 0; i < n; i++)\n"
			 "      | 1: (05) goto pc-2\n"
			 "      = kernel: back-edge from insn 1 to 0\n"
			 "      = hint: unroll the loop\n");
	/* snprintf semantics: the length it needed, truncated output */
	ck_assert_int_eq(diag_fmt(buf, 10, &l, d), n);
	ck_assert_uint_eq(strlen(buf), 9);
	diag_list_release(&l);
}
END_TEST

START_TEST(diag_fmt__without_line_info__program_and_insn)
{
	struct prog bare = { .name = "bare", .insns = insns, .insn_cnt = 3 };
	struct diag_list l;
	char buf[512];

	diag_list_init(&l, &bare);
	diag_report(&l, 2, "cfg.unreachable", "insn 2 is unreachable");
	diag_fmt(buf, sizeof(buf), &l, &l.items[0]);
	ck_assert_str_eq(buf, "bare: insn 2: error: insn 2 is unreachable [cfg.unreachable]\n"
			      "      | 2: (95) exit\n");
	diag_report(&l, DIAG_NO_INSN, "cfg.too_large", "the program is empty");
	diag_fmt(buf, sizeof(buf), &l, &l.items[1]);
	ck_assert_str_eq(buf, "bare: error: the program is empty [cfg.too_large]\n");
	diag_fmt(buf, sizeof(buf), NULL, &l.items[1]);
	ck_assert_str_eq(buf, "error: the program is empty [cfg.too_large]\n");
	diag_list_release(&l);
}
END_TEST

START_TEST(diag_json__every_field__valid_json)
{
	struct diag_list l;
	struct diag *d;
	struct json *j;
	const char *err;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	diag_list_init(&l, &prog);
	d = diag_report(&l, 1, "cfg.back_edge", "a \"quoted\"\tmessage\\");
	d->related_insn = 0;
	diag_kernel_msg(d, "back-edge from insn 1 to 0");
	f = open_memstream(&buf, &len);
	diag_json(f, d);
	fclose(f);
	j = json_parse(buf, len, &err);
	ck_assert_msg(j, "%s: %s", buf, err);
	ck_assert_uint_eq(json_get(j, "insn")->number, 1);
	ck_assert_uint_eq(json_get(j, "related_insn")->number, 0);
	ck_assert_str_eq(json_str(json_get(j, "severity")), "error");
	ck_assert_str_eq(json_str(json_get(j, "check_id")), "cfg.back_edge");
	ck_assert_str_eq(json_str(json_get(j, "message")), "a \"quoted\"\tmessage\\");
	ck_assert_str_eq(json_str(json_get(j, "kernel_message")), "back-edge from insn 1 to 0");
	ck_assert_uint_eq(json_get(j, "hint")->type, JSON_NULL);
	ck_assert_uint_eq(json_get(j, "parent")->type, JSON_NULL);
	ck_assert_str_eq(json_str(json_get(j, "file")), "/src/prog.bpf.c");
	ck_assert_uint_eq(json_get(j, "line")->number, 12);
	ck_assert_str_eq(json_str(json_get(j, "source")), "\tfor (i = 0; i < n; i++)");
	json_free(j);
	free(buf);
	diag_list_release(&l);
}
END_TEST

Suite *diag_suite(void)
{
	Suite *s = suite_create("diag");
	TCase *tc;

	tc = tcase_create("report");
	tcase_add_test(tc, diag_report__line_info__location_and_counts);
	tcase_add_test(tc, diag_note__explains_the_last_error__inherits_its_id);
	tcase_add_test(tc, diag_hint_kernel_msg__set_and_truncated__never_overflow);
	suite_add_tcase(s, tc);

	tc = tcase_create("format");
	tcase_add_test(tc, diag_fmt__with_line_info__compiler_style);
	tcase_add_test(tc, diag_fmt__without_line_info__program_and_insn);
	tcase_add_test(tc, diag_json__every_field__valid_json);
	suite_add_tcase(s, tc);
	return s;
}
