/* What `bpfverify check` tells its users: the verdict of every analysed program, written in one
 * of several formats by the writers of src/report (text.c, json.c, sarif.c, veristat.c).
 *
 * The check command feeds a report program by program (report_file() when a new input file
 * starts, report_prog() per program) and finishes it with report_finish(), which writes what a
 * format needs at the end (closing brackets, a table whose columns fit every row) and frees it.
 * A program's violation reaches the writers as a struct diag (src/report/diag.h): the error with
 * its rule id, source location, our message (the rule's description) and the kernel's words,
 * followed by one note per decision on the path to it (report_diags()).
 *
 * Ownership: everything in struct report_prog is borrowed for the duration of report_prog(). */
#ifndef BPFVERIFY_REPORT_REPORT_H
#define BPFVERIFY_REPORT_REPORT_H

#include <stdio.h>

#include "analysis/analysis.h"
#include "report/diag.h"

enum report_format {
	REPORT_TEXT,
	REPORT_JSON,		/* one JSON document */
	REPORT_SARIF,		/* SARIF 2.1.0, for code-scanning dashboards */
	REPORT_VERISTAT,	/* the table veristat prints */
	REPORT_VERISTAT_CSV,	/* veristat -o csv */
};

struct report_opts {
	enum report_format fmt;
	FILE *out;
	const char *tool_name;		/* "bpfverify" */
	const char *tool_version;
	int verbose;			/* text: -v */
};

/* One program of an input file. */
struct report_prog {
	const char *file;			/* the input file as given */
	const struct prog *prog;
	const char *type;			/* program type name: "xdp" */
	enum verdict verdict;
	/* the analysis' outcome; NULL when the program was not analysed, then @reason says why */
	const struct analysis_result *res;
	const char *reason;
	u64 duration_us;			/* wall-clock time of the analysis */
};

struct report;

/* "text", "json", "sarif", "veristat" or "veristat-csv" into @fmt: 0, or -EINVAL. */
int report_format_parse(const char *name, enum report_format *fmt);
/* A new report written to @opts->out; NULL when out of memory. */
struct report *report_new(const struct report_opts *opts);
/* The programs reported next come from input file @path. */
void report_file(struct report *r, const char *path);
/* Reports one program. */
void report_prog(struct report *r, const struct report_prog *p);
/* Writes the end of the report (the exit status the command returns is @exit_status) and frees
 * @r. No-op for NULL. */
void report_finish(struct report *r, int exit_status);

/* ---- Shared by the writers (report.c) ---- */

/* Fills @list (initialised for @p->prog) with @p's outcome: for a rejection, the error (rule
 * id, our message, the kernel's words) and one note per step of the path to it, whose
 * @related_insn is where the path went; for an unknown verdict, a warning with the reason;
 * nothing for a pass. -ENOMEM or 0. */
int report_diags(struct diag_list *list, const struct report_prog *p);
/* Appends to @list the error of further violation @i of a rejection (analysis_result.more:
 * rule id, our message, the kernel's words; no path). -ENOMEM or 0. */
int report_more_diag(struct diag_list *list, const struct report_prog *p, u32 i);
/* The condition of the conditional jump at @insn as the kernel log prints it ("r1 > 0xa",
 * "w2 == w3", "may_goto"); "" when @insn is not a conditional jump. */
void report_jmp_cond(char *buf, size_t size, const struct prog *prog, u32 insn);

/* ---- Writers: one vtable per format ---- */

struct report_ops {
	/* @w: the writer's state; each returns nothing, errors show as short output */
	void (*begin)(struct report *r);
	void (*file)(struct report *r, const char *path);
	void (*prog)(struct report *r, const struct report_prog *p);
	void (*finish)(struct report *r, int exit_status);
	size_t priv_size;
};

struct report {
	struct report_opts opts;
	const struct report_ops *ops;
	const char *file;		/* the current input file */
	u32 file_cnt, prog_cnt;		/* so far */
	u32 verdict_cnt[3];		/* per enum verdict */
	void *priv;			/* the writer's own state (priv_size bytes, zeroed) */
};

extern const struct report_ops report_text_ops, report_json_ops, report_sarif_ops,
	report_veristat_ops;

#endif
