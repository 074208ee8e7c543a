/* The diagnostic model: one struct diag per finding about the analysed program, whatever stage
 * found it (the structural check of src/cfg today, the analysis and its checks later), collected
 * in a growable struct diag_list. Diagnostics are data: an instruction, a stable check id, our
 * message, an optional hint, the kernel's own words for the same rejection, and the source
 * location of the instruction from the program's BTF line info. Only diag.c formats them.
 *
 * Severities: an error means the kernel rejects the program; a warning is something the kernel
 * accepts but that is likely wrong; a note explains the error (or warning) before it in the list
 * (a branch taken, the last writer of a register, the other end of a back edge) and points to it
 * with @parent.
 *
 * Ownership: a diag_list is caller-provided storage (diag_list_init / diag_list_release); the
 * list borrows @prog, which must outlive it. Pointers returned by diag_report() and diag_note()
 * are valid until the next call that adds to the same list. */
#ifndef BPFVERIFY_REPORT_DIAG_H
#define BPFVERIFY_REPORT_DIAG_H

#include <stdio.h>

#include "util.h"

struct prog;

#define DIAG_NO_INSN UINT32_MAX
#define DIAG_NO_PARENT UINT32_MAX

enum diag_sev {
	DIAG_ERROR,
	DIAG_WARNING,
	DIAG_NOTE,
};

/* Where an instruction comes from: its BTF line-info record. All strings are borrowed from the
 * program's object; NULL / 0 when the program has no line info for the instruction. */
struct diag_loc {
	const char *file;
	u32 line;
	u32 col;
	const char *src;	/* the source line's text, "" when the compiler left it out */
};

struct diag {
	u32 insn_idx;		/* instruction (first slot), or DIAG_NO_INSN for the whole program */
	u32 related_insn;	/* the other instruction of the finding (jump or back-edge target,
				 * call site), or DIAG_NO_INSN */
	enum diag_sev sev;
	const char *check_id;	/* stable dotted id, a static string: "cfg.back_edge" */
	u32 parent;		/* DIAG_NOTE: index of the diagnostic it explains, else DIAG_NO_PARENT */
	struct diag_loc loc;	/* filled from the program's line info by diag_report() */
	char msg[160];		/* what is wrong, first: lower case, no trailing period */
	char hint[160];		/* optional: what the user can change; "" when none */
	char kernel_msg[512];	/* the kernel's exact words for this rejection (a fragment when
				 * the rest depends on state the kernel alone has; several log
				 * lines joined by '\n'); "" when none */
};

struct diag_list {
	struct diag *items;
	u32 cnt;
	u32 cap;
	u32 error_cnt;
	u32 warning_cnt;
	const struct prog *prog;	/* borrowed: source locations and instruction text */
	int err;		/* -ENOMEM once a diagnostic could not be stored, else 0 */
};

/* Lifecycle */

/* Prepares @list for diagnostics about @prog (may be NULL: no source locations). */
void diag_list_init(struct diag_list *list, const struct prog *prog);
/* Frees the diagnostics; @list can be initialised again. */
void diag_list_release(struct diag_list *list);

/* Reporting */

/* Adds an error at instruction @insn with check id @check_id (a static string) and the
 * printf-style message @fmt. Returns the new diagnostic, or NULL when out of memory (then
 * @list->err is -ENOMEM and the finding is counted in error_cnt all the same). */
struct diag *diag_report(struct diag_list *list, u32 insn, const char *check_id, const char *fmt,
			 ...) __printf(4, 5);
/* The same with an explicit severity. */
struct diag *diag_report_sev(struct diag_list *list, enum diag_sev sev, u32 insn,
			     const char *check_id, const char *fmt, ...) __printf(5, 6);
/* Adds a note about instruction @insn explaining the last error or warning of @list (the
 * note's check id is its parent's). NULL when out of memory or when there is nothing to explain. */
struct diag *diag_note(struct diag_list *list, u32 insn, const char *fmt, ...) __printf(3, 4);

/* Sets the hint of @d (no-op when @d is NULL). */
void diag_hint(struct diag *d, const char *fmt, ...) __printf(2, 3);
/* Sets the kernel's words for @d (no-op when @d is NULL). */
void diag_kernel_msg(struct diag *d, const char *fmt, ...) __printf(2, 3);

/* Queries */

/* The first diagnostic of severity error, or NULL. */
const struct diag *diag_first_error(const struct diag_list *list);
/* The first diagnostic with @check_id, or NULL. */
const struct diag *diag_find(const struct diag_list *list, const char *check_id);
/* "error", "warning" or "note". */
const char *diag_sev_name(enum diag_sev sev);

/* Formatting */

/* Writes @d as text into @buf (snprintf semantics, returns the length it needed):
 *	xdp.c:12:5: error: jump from insn 7 back to insn 3 makes a loop [cfg.back_edge]
 *	   12 |	for (i = 0; i < n; i++)
 *	      | 7: (05) goto pc-5
 *	      = kernel: back-edge from insn 7 to 3
 *	      = hint: unroll the loop ...
 * Without line info the location is "<program>: insn 7". The instruction line comes from
 * @list->prog (kernel log syntax); @list may be NULL. */
int diag_fmt(char *buf, size_t size, const struct diag_list *list, const struct diag *d);
/* Writes one more "= @label: @text" line of @d's block, aligned as diag_fmt() aligns "kernel"
 * and "hint" (lines of @text after a '\n' indented under its first), snprintf semantics. */
int diag_fmt_field(char *buf, size_t size, const struct diag *d, const char *label,
		   const char *text);
/* Prints every diagnostic of @list to @f with diag_fmt(). */
void diag_print(FILE *f, const struct diag_list *list);
/* Writes @d as one JSON object (keys: insn, related_insn, severity, check_id, message, hint,
 * kernel_message, parent, file, line, column, source), null for what is absent. */
void diag_json(FILE *f, const struct diag *d);

/* Writes @s as a JSON string literal (quotes included) to @f. */
void diag_json_str(FILE *f, const char *s);

#endif
