/* Shared by the subcommands: parsed common options, opening objects and selecting programs. */
#ifndef BPFVERIFY_CLI_H
#define BPFVERIFY_CLI_H

#include "loader/object.h"

#define BPFVERIFY_VERSION "0.1.0"

/* Exit codes of DESIGN.md */
enum {
	EXIT_ACCEPTED = 0,
	EXIT_REJECTED = 1,
	EXIT_USAGE = 2,
	EXIT_UNDECIDED = 3,
};

struct cli {
	const char *cmd;
	const char **progs;	/* -p/--program, repeatable */
	u32 prog_cnt;
	const char *type;	/* -t/--type */
	const char *btf;	/* --btf */
	const char *format;	/* -f/--format */
	int verbose;		/* -v, repeatable */
	bool linum;		/* --linum */
	const char *out;	/* -o/--output (cfg) */
	const char *style;	/* --style (cfg) */
	const char *function;	/* --function (cfg) */
	bool dag;		/* --dag: reject every loop */
	bool exact_constants;	/* --exact-constants (analysis_opts.exact_constants) */
	u32 mode;		/* --mode path|join (analysis_opts.mode) */
	u32 max_violations;	/* --max-violations N; 0: 1 + ANALYSIS_MORE_MAX */
	u32 kernel_version;	/* --kernel X.Y as (X << 16) + (Y << 8), 0 when not given */
	char **files;
	int file_cnt;
};

/* Opens @path with the common options; prints "bpfverify: <file>: <problem>" on failure. */
int cli_open(const struct cli *cli, const char *path, struct object **out);
/* Whether @p is selected by -p (all when none given). */
bool cli_selected(const struct cli *cli, const struct prog *p);
/* Checks that every -p names a program of one of the opened objects; prints an error and
 * returns false otherwise. @found[i] says whether -p number i matched somewhere. */
bool cli_all_found(const struct cli *cli, const bool *found);
/* The analysis options for programs of @obj under the command line's options. */
struct analysis_opts cli_analysis_opts(const struct cli *cli, struct object *obj);
/* Prints the object's loader warnings to stderr. */
void cli_print_warnings(const struct object *obj);

int cmd_cfg(struct cli *cli);
int cmd_check(struct cli *cli);
int cmd_disasm(struct cli *cli);
int cmd_kernel(struct cli *cli);
int cmd_log(struct cli *cli);

#endif
