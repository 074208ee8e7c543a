/* The rule table: every stable check id that can reject a program (env_reject() in src/analysis
 * and src/checks, diag_report() in src/cfg), with its category and a one-line description in our
 * own words.
 *
 * Categories are the nine of the kernel's verifier diagnostics ("Verification failed: Memory
 * Safety: ..."), so that a user who knows one knows the other. The description is our message
 * for a violation of the rule; the kernel's words for the same fault travel beside it.
 *
 * The table is static data: pointers returned here are valid for the life of the program.
 * tests/unit/check_rules.c fails when an id used in src/ is missing from it. */
#ifndef BPFVERIFY_REPORT_RULES_H
#define BPFVERIFY_REPORT_RULES_H

#include "util.h"

enum rule_category {
	CAT_MEMORY_SAFETY,
	CAT_REGISTER_TYPE_SAFETY,
	CAT_CALL_TYPE_SAFETY,
	CAT_RESOURCE_LIFETIME_SAFETY,
	CAT_EXECUTION_CONTEXT_SAFETY,
	CAT_PROGRAM_STRUCTURE,
	CAT_POLICY,
	CAT_VERIFIER_LIMIT,
	CAT_INTERNAL_ERROR,
	CAT_CNT,
};

struct rule {
	const char *id;			/* "mem.pkt_oob" */
	enum rule_category cat;
	const char *desc;		/* what is wrong: lower case, no trailing period */
};

/* The rule with id @id, or NULL when the table lacks it (a defect the unit test catches). */
const struct rule *rule_find(const char *id);
/* Number of rules, and rule @i (0 <= @i < rule_cnt(), in table order; NULL beyond). */
u32 rule_cnt(void);
const struct rule *rule_at(u32 i);
/* Index of rule @id in table order, or -1. */
int rule_index(const char *id);

/* The kernel's name of @cat: "Memory Safety", ..., "Verifier Internal Error". */
const char *rule_category_name(enum rule_category cat);
/* A stable lower-case key for machine output: "memory_safety", ..., "internal_error". */
const char *rule_category_key(enum rule_category cat);

#endif
