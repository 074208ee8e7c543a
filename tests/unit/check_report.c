/* Tests of the path to a violation (src/analysis/path.c, recorded by the engine) and of the
 * report writers of src/report (report.c, text.c, json.c, sarif.c, veristat.c, jsonw.c):
 * programs in the conformance suite's assembly, analysed for real, then written in each format;
 * JSON output is parsed back (tests/unit/json.c). */
#define _GNU_SOURCE
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/analysis.h"
#include "isa/asm.h"
#include "json.h"
#include "loader/object.h"
#include "report/jsonw.h"
#include "report/report.h"
#include "report/rules.h"

/* Only the path that takes the first branch and not the second reads r3, which nothing wrote. */
static const char two_branches[] =
	"ldxw %r2, [%r1+0]\n"	/* 0: skb->len, unknown */
	"mov %r0, 0\n"		/* 1 */
	"jgt %r2, 10, +1\n"	/* 2: both feasible */
	"exit\n"		/* 3 */
	"jgt %r2, 20, +1\n"	/* 4: both feasible */
	"mov %r0, %r3\n"	/* 5: R3 !read_ok */
	"exit\n";		/* 6 */

static struct analysis_result res;
static struct prog prog;
static struct bpf_insn *insns;

static void analyse(const char *text)
{
	char err[256];
	u32 cnt;

	free(insns);
	ck_assert_msg(!asm_parse(text, &insns, &cnt, err, sizeof(err)), "%s", err);
	memset(&prog, 0, sizeof(prog));
	prog.name = "my_prog";
	prog.sec_name = "socket";
	prog.insns = insns;
	prog.insn_cnt = cnt;
	prog.pt.prog_type = BPF_PROG_TYPE_SOCKET_FILTER;
	ck_assert_int_eq(analysis_run(&prog, NULL, 0, NULL, &res), 0);
}

static void teardown(void)
{
	free(insns);
	insns = NULL;
}

static void assert_step(u32 i, u32 insn, u32 target, enum analysis_step_kind kind)
{
	const struct analysis_step *st = &res.path.steps[i];

	ck_assert_msg(st->insn == insn && st->target == target && st->kind == kind,
		      "step %u: insn %u target %u kind %u, expected %u %u %u", i, st->insn,
		      st->target, st->kind, insn, target, kind);
}

START_TEST(path__two_branches__the_decisions_of_the_failing_path_only)
{
	analyse(two_branches);
	ck_assert_int_eq(res.verdict, V_UNSAFE);
	ck_assert_uint_eq(res.diag.insn_idx, 5);
	ck_assert_str_eq(res.diag.msg, "R3 !read_ok");
	ck_assert(res.path.valid);
	ck_assert_uint_eq(res.path.entry, 0);
	ck_assert_uint_eq(res.path.omitted, 0);
	ck_assert_uint_eq(res.path.cnt, 2);
	assert_step(0, 2, 4, STEP_BRANCH);	/* taken */
	assert_step(1, 4, 5, STEP_BRANCH);	/* not taken */
	/* the state at the fault, in the kernel's syntax: r2 refined by both branches */
	ck_assert_msg(strstr(res.state, "R2=scalar(") && strstr(res.state, "umin32=11,") &&
		      strstr(res.state, "umax32=20,") && strstr(res.state, "R10=fp0"),
		      "state: %s", res.state);
	ck_assert_uint_eq(res.insn_limit, 1000000);
}
END_TEST

START_TEST(path__decided_branch__is_no_decision)
{
	analyse("mov %r2, 5\njgt %r2, 10, +1\nmov %r0, %r3\nexit");
	ck_assert_int_eq(res.verdict, V_UNSAFE);
	ck_assert_uint_eq(res.diag.insn_idx, 2);
	ck_assert(res.path.valid);
	ck_assert_uint_eq(res.path.cnt, 0);
}
END_TEST

START_TEST(path__call_and_return__recorded_on_the_path)
{
	analyse("ldxw %r6, [%r1+0]\n"	/* 0 */
		"call local f\n"	/* 1 */
		"jgt %r6, 10, +1\n"	/* 2 */
		"exit\n"		/* 3 */
		"mov %r0, %r3\n"	/* 4: r3 is clobbered by the call */
		"exit\n"		/* 5 */
		"f:\n"
		"mov %r0, 0\n"		/* 6 */
		"exit\n");		/* 7 */
	ck_assert_msg(res.verdict == V_UNSAFE, "%s: %s", verdict_name(res.verdict), res.diag.msg);
	ck_assert_uint_eq(res.diag.insn_idx, 4);
	ck_assert_uint_eq(res.path.cnt, 3);
	assert_step(0, 1, 6, STEP_CALL);
	assert_step(1, 7, 2, STEP_RETURN);
	assert_step(2, 2, 4, STEP_BRANCH);
}
END_TEST

START_TEST(path__longer_than_the_result_holds__keeps_the_last_decisions)
{
	char text[8192];
	size_t len = 0;
	u32 i, n = ANALYSIS_PATH_MAX + 6;

	len += (size_t)snprintf(text + len, sizeof(text) - len, "ldxw %%r2, [%%r1+0]\nmov %%r0, 0\n");
	for (i = 0; i < n; i++)		/* insn 2 + i: one more decision, the taken side exits */
		len += (size_t)snprintf(text + len, sizeof(text) - len, "jeq %%r2, %u, out\n", i);
	snprintf(text + len, sizeof(text) - len, "mov %%r0, %%r3\nout:\nexit\n");
	analyse(text);
	ck_assert_int_eq(res.verdict, V_UNSAFE);
	ck_assert_uint_eq(res.diag.insn_idx, 2 + n);
	ck_assert(res.path.valid);
	ck_assert_uint_eq(res.path.cnt, ANALYSIS_PATH_MAX);
	ck_assert_uint_eq(res.path.omitted, 6);
	assert_step(0, 2 + 6, 3 + 6, STEP_BRANCH);
	assert_step(ANALYSIS_PATH_MAX - 1, 2 + n - 1, 2 + n, STEP_BRANCH);
}
END_TEST

START_TEST(path__structural_rejection__no_path_no_state)
{
	analyse("mov %r0, 0\nexit\nexit");	/* insn 2 unreachable: before any exploration */
	ck_assert_int_eq(res.verdict, V_UNSAFE);
	ck_assert(!res.path.valid);
	ck_assert_str_eq(res.state, "");
}
END_TEST

START_TEST(trace__log_level_2__insns_states_and_branches)
{
	static const char head[] = "0: R1=ctx() R10=fp0\n"
				   "0: (61) r2 = *(u32 *)(r1 +0)          ; R1=ctx() R2=scalar(";
	struct analysis_opts opts = { .gpl = true, .log_level = 2 };
	char *log = NULL, err[256];
	size_t log_len = 0;
	u32 cnt;

	ck_assert(!asm_parse(two_branches, &insns, &cnt, err, sizeof(err)));
	memset(&prog, 0, sizeof(prog));
	prog.insns = insns;
	prog.insn_cnt = cnt;
	prog.pt.prog_type = BPF_PROG_TYPE_SOCKET_FILTER;
	opts.log = open_memstream(&log, &log_len);
	ck_assert_int_eq(analysis_run(&prog, NULL, 0, &opts, &res), 0);
	fclose(opts.log);
	/* the entry state; each instruction followed, after the kernel's alignment, by the
	 * registers it read or wrote as they are after it; a queued branch taken up with its whole
	 * state, then that state again as the next instruction's ("N:"): the kernel's log_level 2 */
	ck_assert_msg(!strncmp(log, head, strlen(head)), "%s", log);
	/* the kernel's column: 38 = round_up(line + newline, 40) - 2, as in "0: (b7) r0 = 1" + 24 */
	ck_assert_msg(strstr(log, "\n1: (b7) r0 = 0                        ; R0=0\n"), "%s", log);
	ck_assert_msg(strstr(log, "\n2: (25) if r2 > 0xa goto pc+1         ; R2=scalar("), "%s", log);
	/* the exit ends the path: nothing after it, a blank line before the next "from" */
	ck_assert_msg(strstr(log, "\n3: (95) exit\n\nfrom 2 to 4: R0=0 R1=ctx() R2=scalar("), "%s",
		      log);
	ck_assert_msg(strstr(log, "\n4: R0=0 R1=ctx() R2=scalar("), "%s", log);
	/* the failing instruction ends the log */
	ck_assert_msg(strstr(log, "\n5: (bf) r0 = r3\n"), "%s", log);
	free(log);
}
END_TEST

/* ---- Writers ---- */

static char *out_buf;
static size_t out_len;

/* Writes the report of program @text in @fmt into out_buf. */
static void write_report_of(const char *text, enum report_format fmt)
{
	struct report_opts o = { .fmt = fmt, .tool_name = "bpfverify", .tool_version = "9.9" };
	struct report_prog p = { .file = "dir/t.o", .prog = &prog, .type = "socket_filter" };
	struct report *r;

	analyse(text);
	free(out_buf);
	o.out = open_memstream(&out_buf, &out_len);
	ck_assert_ptr_nonnull(o.out);
	r = report_new(&o);
	ck_assert_ptr_nonnull(r);
	report_file(r, "dir/t.o");
	p.res = &res;
	p.verdict = res.verdict;
	p.duration_us = 42;
	report_prog(r, &p);
	report_finish(r, 1);
	fclose(o.out);
}

static void write_report(enum report_format fmt)
{
	write_report_of(two_branches, fmt);
}

static void free_out(void)
{
	free(out_buf);
	out_buf = NULL;
	teardown();
}

START_TEST(report_diags__rejection__error_with_rule_message_and_one_note_per_decision)
{
	struct report_prog p = { .file = "t.o", .prog = &prog, .type = "socket_filter" };
	struct diag_list list;

	analyse(two_branches);
	p.res = &res;
	p.verdict = res.verdict;
	diag_list_init(&list, &prog);
	ck_assert_int_eq(report_diags(&list, &p), 0);
	ck_assert_uint_eq(list.cnt, 3);
	ck_assert_str_eq(list.items[0].check_id, "regs.uninit");
	ck_assert_str_eq(list.items[0].msg, rule_find("regs.uninit")->desc);
	ck_assert_str_eq(list.items[0].kernel_msg, "R3 !read_ok");
	ck_assert_str_eq(list.items[1].msg, "r2 > 0xa taken");
	ck_assert_uint_eq(list.items[1].related_insn, 4);
	ck_assert_str_eq(list.items[2].msg, "r2 > 0x14 not taken");
	ck_assert_int_eq(list.items[2].sev, DIAG_NOTE);
	ck_assert_uint_eq(list.items[2].parent, 0);
	diag_list_release(&list);
}
END_TEST

START_TEST(report_text__rejection__category_state_path_and_stats)
{
	write_report(REPORT_TEXT);
	ck_assert_msg(strstr(out_buf, "dir/t.o: my_prog (socket_filter): FAIL: insn 5: R3 !read_ok\n"),
		      "%s", out_buf);
	ck_assert_msg(strstr(out_buf, "[regs.uninit]"), "%s", out_buf);
	ck_assert_msg(strstr(out_buf, "= category: Register Type Safety\n"), "%s", out_buf);
	ck_assert_msg(strstr(out_buf, "= state: R0=0 R1=ctx() R2=scalar("), "%s", out_buf);
	ck_assert_msg(strstr(out_buf, "= path: 0 -> 2 (r2 > 0xa taken) -> 4 (r2 > 0x14 not taken) "
				      "-> 5\n"), "%s", out_buf);
	ck_assert_msg(strstr(out_buf, "    processed 6 insns (limit 1000000) max_states_per_insn "),
		      "%s", out_buf);
}
END_TEST

START_TEST(report_text__loop__repeated_decision_printed_once_with_its_count)
{
	write_report_of("ldxw %r2, [%r1+0]\n"	/* 0 */
			"mov %r0, 0\n"		/* 1 */
			"mov %r3, 0\n"		/* 2 */
			"loop: jge %r3, %r2, out\n"	/* 3: both feasible, every iteration */
			"add %r3, 1\n"		/* 4 */
			"jlt %r3, 5, loop\n"	/* 5: decided: no decision */
			"mov %r0, %r4\n"		/* 6: R4 !read_ok after 5 iterations */
			"out: exit\n", REPORT_TEXT);
	ck_assert_msg(strstr(out_buf, "= path: 0 -> 3 (r3 >= r2 not taken, 5 times) -> 6\n"), "%s",
		      out_buf);
}
END_TEST

START_TEST(report_text__unknown__where_the_analysis_stopped)
{
	write_report_of("mov %r0, 0\ncall kfunc 5\nexit\n", REPORT_TEXT);
	ck_assert_msg(strstr(out_buf, "FAIL") == NULL, "%s", out_buf);
	ck_assert_msg(strstr(out_buf, "(socket_filter): UNKNOWN: not modelled yet: kfunc call at "
				      "insn 1\n    my_prog: insn 1: warning: not modelled yet: kfunc "
				      "call at insn 1 [analysis.unknown]\n"), "%s", out_buf);
	ck_assert_msg(strstr(out_buf, "| 1: (85) call "), "%s", out_buf);
	/* no category, state or path: those explain rejections */
	ck_assert_msg(!strstr(out_buf, "= path:") && !strstr(out_buf, "= state:"), "%s", out_buf);
}
END_TEST

START_TEST(report_json__unknown__reason_and_where)
{
	const struct json *prog_j, *at;
	const char *err = NULL;
	struct json *doc;

	write_report_of("mov %r0, 0\ncall kfunc 5\nexit\n", REPORT_JSON);
	doc = json_parse(out_buf, out_len, &err);
	ck_assert_msg(doc, "%s:\n%s", err, out_buf);
	prog_j = json_at(json_get(json_at(json_get(doc, "files"), 0), "programs"), 0);
	ck_assert_str_eq(json_str(json_get(prog_j, "verdict")), "unknown");
	ck_assert_str_eq(json_str(json_get(prog_j, "reason")), "not modelled yet: kfunc call at insn 1");
	at = json_get(prog_j, "reason_at");
	ck_assert_str_eq(json_str(json_get(at, "rule")), "analysis.unknown");
	ck_assert_int_eq((int)json_get(at, "insn")->number, 1);
	ck_assert_int_eq(json_get(prog_j, "violation")->type, JSON_NULL);
	json_free(doc);
}
END_TEST

START_TEST(report_text__long_path__first_and_last_decisions)
{
	char text[8192];
	size_t len = 0;
	u32 i;

	len += (size_t)snprintf(text + len, sizeof(text) - len, "ldxw %%r2, [%%r1+0]\nmov %%r0, 0\n");
	for (i = 0; i < 20; i++)
		len += (size_t)snprintf(text + len, sizeof(text) - len, "jeq %%r2, %u, out\n", i);
	snprintf(text + len, sizeof(text) - len, "mov %%r0, %%r3\nout:\nexit\n");
	write_report_of(text, REPORT_TEXT);
	ck_assert_msg(strstr(out_buf, "= path: 0 -> 2 (r2 == 0x0 not taken) -> 3 (r2 == 0x1 not taken) "
				      "-> 4 (r2 == 0x2 not taken) -> ... (9 more) -> 14 (r2 == 0xc not "
				      "taken) -> "), "%s", out_buf);
	ck_assert_msg(strstr(out_buf, "-> 21 (r2 == 0x13 not taken) -> 22\n"), "%s", out_buf);
}
END_TEST

START_TEST(report_json__rejection__one_document_with_the_violation)
{
	const struct json *prog_j, *v, *steps;
	struct json *doc;
	const char *err = NULL;

	write_report(REPORT_JSON);
	doc = json_parse(out_buf, out_len, &err);
	ck_assert_msg(doc, "%s:\n%s", err, out_buf);
	ck_assert_str_eq(json_str(json_get(json_get(doc, "tool"), "version")), "9.9");
	ck_assert_int_eq((int)json_get(doc, "exit_status")->number, 1);
	prog_j = json_at(json_get(json_at(json_get(doc, "files"), 0), "programs"), 0);
	ck_assert_str_eq(json_str(json_get(prog_j, "verdict")), "reject");
	v = json_get(prog_j, "violation");
	ck_assert_str_eq(json_str(json_get(v, "rule")), "regs.uninit");
	ck_assert_str_eq(json_str(json_get(v, "category")), "register_type_safety");
	ck_assert_int_eq((int)json_get(v, "insn")->number, 5);
	ck_assert_str_eq(json_str(json_get(v, "instruction")), "(bf) r0 = r3");
	ck_assert_int_eq(json_get(v, "file")->type, JSON_NULL);	/* no line info */
	ck_assert_str_eq(json_str(json_get(v, "kernel_message")), "R3 !read_ok");
	steps = json_get(json_get(v, "path"), "steps");
	ck_assert_uint_eq(steps->cnt, 2);
	ck_assert(json_get(json_at(steps, 0), "taken")->boolean);
	ck_assert(!json_get(json_at(steps, 1), "taken")->boolean);
	ck_assert_str_eq(json_str(json_get(json_at(steps, 1), "condition")), "r2 > 0x14");
	ck_assert_int_eq((int)json_get(json_get(prog_j, "stats"), "duration_us")->number, 42);
	json_free(doc);
}
END_TEST

START_TEST(report_sarif__rejection__result_rule_and_code_flow)
{
	const struct json *run, *result, *flow;
	struct json *doc;
	const char *err = NULL;

	write_report(REPORT_SARIF);
	doc = json_parse(out_buf, out_len, &err);
	ck_assert_msg(doc, "%s:\n%s", err, out_buf);
	ck_assert_str_eq(json_str(json_get(doc, "version")), "2.1.0");
	run = json_at(json_get(doc, "runs"), 0);
	result = json_at(json_get(run, "results"), 0);
	ck_assert_str_eq(json_str(json_get(result, "ruleId")), "regs.uninit");
	ck_assert_str_eq(json_str(json_get(result, "level")), "error");
	ck_assert_str_eq(json_str(json_get(json_at(json_get(json_get(json_get(run, "tool"), "driver"),
						       "rules"), 0), "id")), "regs.uninit");
	/* no line info: the object file is the location */
	ck_assert_str_eq(json_str(json_get(json_get(json_get(json_at(json_get(result, "locations"), 0),
							     "physicalLocation"),
						    "artifactLocation"), "uri")), "dir/t.o");
	flow = json_get(json_at(json_get(json_at(json_get(result, "codeFlows"), 0), "threadFlows"), 0),
			"locations");
	ck_assert_uint_eq(flow->cnt, 3);
	json_free(doc);
}
END_TEST

START_TEST(report_veristat__table_and_csv)
{
	write_report(REPORT_VERISTAT_CSV);
	ck_assert_str_eq(out_buf, "file_name,prog_name,verdict,duration,total_insns,total_states,"
				  "peak_states,max_states_per_insn\n"
				  "t.o,my_prog,failure,42,6,0,0,0\n");
	write_report(REPORT_VERISTAT);
	ck_assert_msg(!strncmp(out_buf, "File  Program  Verdict  Duration (us)  Total insns  "
				"Total states  Peak states\n----  -------  -------  ", 100), "%s",
		      out_buf);
	ck_assert_msg(strstr(out_buf, "\nt.o   my_prog  failure             42            6 "),
		      "%s", out_buf);
}
END_TEST

START_TEST(report_format_parse__names)
{
	enum report_format f;

	ck_assert_int_eq(report_format_parse("sarif", &f), 0);
	ck_assert_int_eq(f, REPORT_SARIF);
	ck_assert_int_eq(report_format_parse("veristat-csv", &f), 0);
	ck_assert_int_eq(f, REPORT_VERISTAT_CSV);
	ck_assert_int_eq(report_format_parse("xml", &f), -EINVAL);
}
END_TEST

START_TEST(jsonw__nesting_inline_and_escapes__valid_json)
{
	const char *err = NULL;
	struct json *doc;
	struct jsonw w;
	FILE *f;

	f = open_memstream(&out_buf, &out_len);
	jsonw_init(&w, f);
	jsonw_obj(&w, false);
	jsonw_kstr(&w, "s", "a\"b\\\n\t\x01");
	jsonw_key(&w, "empty");
	jsonw_arr(&w, false);
	jsonw_end_arr(&w);
	jsonw_key(&w, "row");
	jsonw_obj(&w, true);
	jsonw_ku64(&w, "n", 18446744073709551615ULL);
	jsonw_key(&w, "inner");
	jsonw_arr(&w, false);	/* inside an inline object: inline too */
	jsonw_bool(&w, true);
	jsonw_null(&w);
	jsonw_end_arr(&w);
	jsonw_end_obj(&w);
	jsonw_kstr_or_null(&w, "none", "");
	jsonw_end_obj(&w);
	fclose(f);
	ck_assert_msg(strstr(out_buf, "\"row\": {\"n\": 18446744073709551615, \"inner\": [true, null]}"),
		      "%s", out_buf);
	doc = json_parse(out_buf, out_len, &err);
	ck_assert_msg(doc, "%s:\n%s", err, out_buf);
	ck_assert_str_eq(json_str(json_get(doc, "s")), "a\"b\\\n\t\x01");
	ck_assert_int_eq(json_get(doc, "none")->type, JSON_NULL);
	ck_assert_uint_eq(json_get(doc, "empty")->cnt, 0);
	json_free(doc);
}
END_TEST

Suite *report_suite(void)
{
	Suite *s = suite_create("report");
	TCase *tc = tcase_create("path");

	tcase_add_checked_fixture(tc, NULL, teardown);
	tcase_add_test(tc, path__two_branches__the_decisions_of_the_failing_path_only);
	tcase_add_test(tc, path__decided_branch__is_no_decision);
	tcase_add_test(tc, path__call_and_return__recorded_on_the_path);
	tcase_add_test(tc, path__longer_than_the_result_holds__keeps_the_last_decisions);
	tcase_add_test(tc, path__structural_rejection__no_path_no_state);
	tcase_add_test(tc, trace__log_level_2__insns_states_and_branches);
	suite_add_tcase(s, tc);
	tc = tcase_create("writers");
	tcase_add_checked_fixture(tc, NULL, free_out);
	tcase_add_test(tc, report_diags__rejection__error_with_rule_message_and_one_note_per_decision);
	tcase_add_test(tc, report_text__rejection__category_state_path_and_stats);
	tcase_add_test(tc, report_text__loop__repeated_decision_printed_once_with_its_count);
	tcase_add_test(tc, report_text__long_path__first_and_last_decisions);
	tcase_add_test(tc, report_text__unknown__where_the_analysis_stopped);
	tcase_add_test(tc, report_json__unknown__reason_and_where);
	tcase_add_test(tc, report_json__rejection__one_document_with_the_violation);
	tcase_add_test(tc, report_sarif__rejection__result_rule_and_code_flow);
	tcase_add_test(tc, report_veristat__table_and_csv);
	tcase_add_test(tc, report_format_parse__names);
	tcase_add_test(tc, jsonw__nesting_inline_and_escapes__valid_json);
	suite_add_tcase(s, tc);
	return s;
}
