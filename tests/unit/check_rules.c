/* Tests of src/report/rules.c: every rule id the sources report with has a category, and the
 * table itself is well formed. The ids are found in the sources at test time (env_reject(),
 * set_outcome(), diag_report() and diag_report_sev() calls in the .c files under src/), so a new id
 * without a row fails here. Run from the repository root, or set BPFVERIFY_SRC to src/. */
#define _GNU_SOURCE
#include <check.h>
#include <ctype.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/rules.h"
#include "util.h"

static const char *const reporters[] = {
	"env_reject(", "set_outcome(", "diag_report(", "diag_report_sev(",
};

static char missing[4096];
static size_t missing_len;
static u32 ids_found;

/* A rule id: two or more dotted lower-case words ("mem.pkt_oob"). */
static bool is_rule_id(const char *s, size_t n)
{
	bool dot = false;
	size_t i;

	if (!n || !islower((unsigned char)s[0]))
		return false;
	for (i = 0; i < n; i++) {
		if (s[i] == '.')
			dot = true;
		else if (!islower((unsigned char)s[i]) && !isdigit((unsigned char)s[i]) && s[i] != '_')
			return false;
	}
	return dot && s[n - 1] != '.';
}

/* The first string literal of the call starting at @p, when it comes before the call's end
 * (';') or a body ('{': the definition itself). */
static void check_call(const char *path, const char *text, const char *p)
{
	const char *q, *end;
	char id[128];

	for (q = p; *q && *q != '"' && *q != ';' && *q != '{'; q++)
		;
	if (*q != '"')
		return;
	end = strchr(q + 1, '"');
	if (!end || !is_rule_id(q + 1, (size_t)(end - q - 1)) || end - q - 1 >= (long)sizeof(id))
		return;
	snprintf(id, sizeof(id), "%.*s", (int)(end - q - 1), q + 1);
	ids_found++;
	if (!rule_find(id) && missing_len < sizeof(missing) - 200) {
		int line = 1;

		for (q = text; q < p; q++)
			line += *q == '\n';
		missing_len += (size_t)snprintf(missing + missing_len, sizeof(missing) - missing_len,
						"%s:%d: %s\n", path, line, id);
	}
}

static int scan_file(const char *path, const struct stat *sb, int type, struct FTW *ftw)
{
	size_t len, i;
	char *text;

	(void)sb;
	(void)ftw;
	if (type != FTW_F || strlen(path) < 2 || strcmp(path + strlen(path) - 2, ".c"))
		return 0;
	text = file_slurp(path, &len);
	ck_assert_msg(text, "cannot read %s", path);
	for (i = 0; i < ARRAY_SIZE(reporters); i++) {
		const char *p = text;
		size_t n = strlen(reporters[i]);

		while ((p = strstr(p, reporters[i]))) {
			/* a whole identifier: not the tail of a longer name */
			if (p == text || !(isalnum((unsigned char)p[-1]) || p[-1] == '_'))
				check_call(path, text, p + n);
			p += n;
		}
	}
	free(text);
	return 0;
}

START_TEST(rules__every_id_in_the_sources__has_a_category)
{
	const char *src = getenv("BPFVERIFY_SRC") ? getenv("BPFVERIFY_SRC") : "src";

	missing_len = 0;
	missing[0] = '\0';
	ids_found = 0;
	ck_assert_msg(nftw(src, scan_file, 16, FTW_PHYS) == 0, "cannot walk %s", src);
	/* the scan works: the sources report with dozens of ids */
	ck_assert_uint_gt(ids_found, 50);
	ck_assert_msg(!missing_len, "rule ids without a row in src/report/rules.c:\n%s", missing);
}
END_TEST

START_TEST(rules__table__unique_ids_categories_and_messages)
{
	u32 i, j, per_cat[CAT_CNT] = {};

	ck_assert_uint_gt(rule_cnt(), 0);
	ck_assert_ptr_null(rule_at(rule_cnt()));
	for (i = 0; i < rule_cnt(); i++) {
		const struct rule *r = rule_at(i);
		size_t n = strlen(r->desc);

		ck_assert_msg(is_rule_id(r->id, strlen(r->id)), "bad id '%s'", r->id);
		ck_assert_msg((unsigned int)r->cat < CAT_CNT, "%s: no category", r->id);
		per_cat[r->cat]++;
		/* our messages: lower case first, no trailing period */
		ck_assert_msg(n && (!isupper((unsigned char)r->desc[0]) || !strncmp(r->desc, "BTF", 3) ||
				   !strncmp(r->desc, "GPL", 3) || !strncmp(r->desc, "LD_ABS", 6)),
			      "%s: '%s'", r->id, r->desc);
		ck_assert_msg(r->desc[n - 1] != '.', "%s: trailing period", r->id);
		ck_assert_int_eq(rule_index(r->id), (int)i);
		ck_assert_ptr_eq(rule_find(r->id), r);
		for (j = 0; j < i; j++)
			ck_assert_str_ne(rule_at(j)->id, r->id);
	}
	ck_assert_ptr_null(rule_find("no.such_rule"));
	ck_assert_ptr_null(rule_find(NULL));
	ck_assert_int_eq(rule_index("no.such_rule"), -1);
	/* the kernel's categories, by its names */
	ck_assert_str_eq(rule_category_name(CAT_MEMORY_SAFETY), "Memory Safety");
	ck_assert_str_eq(rule_category_name(CAT_RESOURCE_LIFETIME_SAFETY), "Resource Lifetime Safety");
	ck_assert_str_eq(rule_category_name(CAT_INTERNAL_ERROR), "Verifier Internal Error");
	ck_assert_str_eq(rule_category_key(CAT_CALL_TYPE_SAFETY), "call_type_safety");
	ck_assert_str_eq(rule_category_name(CAT_CNT), "?");
	/* a few rows that must not drift */
	ck_assert_int_eq(rule_find("mem.pkt_oob")->cat, CAT_MEMORY_SAFETY);
	ck_assert_int_eq(rule_find("regs.uninit")->cat, CAT_REGISTER_TYPE_SAFETY);
	ck_assert_int_eq(rule_find("refs.leak")->cat, CAT_RESOURCE_LIFETIME_SAFETY);
	ck_assert_int_eq(rule_find("helper.arg_type")->cat, CAT_CALL_TYPE_SAFETY);
	ck_assert_int_eq(rule_find("limit.insns")->cat, CAT_VERIFIER_LIMIT);
	ck_assert_int_eq(rule_find("analysis.bug")->cat, CAT_INTERNAL_ERROR);
	for (i = 0; i < CAT_CNT; i++)
		ck_assert_msg(per_cat[i], "category %s has no rule", rule_category_name(i));
}
END_TEST

Suite *rules_suite(void)
{
	Suite *s = suite_create("rules");
	TCase *tc = tcase_create("rules");

	tcase_add_test(tc, rules__every_id_in_the_sources__has_a_category);
	tcase_add_test(tc, rules__table__unique_ids_categories_and_messages);
	suite_add_tcase(s, tc);
	return s;
}
