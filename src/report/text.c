/* The text report of `bpfverify check`: one line per program with its verdict, then for a
 * rejection the diagnostic block (diag_fmt(): location, our message and rule id, source line,
 * instruction, the kernel's words), its category, the register state and the path that leads to
 * it, and per program the statistics in the kernel's own wording:
 *
 *	xdp/pkt_oob.bpf.o: xdp_pkt_oob (xdp): FAIL: insn 5: invalid access to packet, off=14 size=1, ...
 *	    pkt_oob.bpf.c:20:9: error: packet access outside the range checked ... [mem.pkt_oob]
 *	       20 | 	return p[sizeof(struct ethhdr)] == 0x45 ? XDP_PASS : XDP_DROP;
 *	          | 5: (71) r1 = *(u8 *)(r2 +0)
 *	          = kernel: invalid access to packet, off=14 size=1, R2(id=0,off=14,r=14)
 *	                    R2 offset is outside of the packet
 *	          = category: Memory Safety
 *	          = state: R0=1 R1=pkt_end() R2=pkt(off=14,r=14) R10=fp0
 *	          = path: 0 -> 4 (r2 > r1 not taken) -> 5
 *	                  4: if (data + sizeof(struct ethhdr) > data_end) @ pkt_oob.bpf.c:17
 *	    processed 6 insns (limit 1000000) max_states_per_insn 0 total_states 0 peak_states 0
 *
 * Further violations (analysis_result.more) follow the first's block, each as "also: insn N:
 * <the kernel's words>" and its own diagnostic block (location, our message, source line,
 * instruction, kernel's words, category), indented one step more; the statistics stay the
 * kernel's, those at the first.
 *
 * The path lists the decisions only (branches whose both sides were feasible, calls, returns):
 * a jump the analysis could decide goes the same way on every path, so it explains nothing. */
#include <stdarg.h>
#include <string.h>

#include "loader/object.h"
#include "report/report.h"
#include "report/rules.h"

/* a long path shows its first and last decisions */
#define PATH_HEAD 3
#define PATH_TAIL 8

static void print_indented(FILE *f, const char *text, const char *indent)
{
	const char *nl;

	for (; *text; text = nl + 1) {
		nl = strchr(text, '\n');
		fprintf(f, "%s%.*s\n", indent, nl ? (int)(nl - text) : (int)strlen(text), text);
		if (!nl)
			break;
	}
}

static void put(char *buf, size_t size, size_t *len, const char *fmt, ...) __printf(4, 5);
static void put(char *buf, size_t size, size_t *len, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (*len >= size)
		return;
	va_start(ap, fmt);
	n = vsnprintf(buf + *len, size - *len, fmt, ap);
	va_end(ap);
	if (n > 0)
		*len = min_t(size_t, *len + n, size - 1);
}

static const char *skip_blanks(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

/* Whether decision @k of @cnt (after merging repeats) is printed: the first and the last ones. */
static bool group_shown(u32 k, u32 cnt)
{
	return cnt <= PATH_HEAD + PATH_TAIL || k < PATH_HEAD || k >= cnt - PATH_TAIL;
}

/* The end of the run of decisions equal to @steps[@i] (a loop the analysis unrolls). */
static u32 run_end(const struct diag *steps, u32 cnt, u32 i)
{
	u32 j;

	for (j = i + 1; j < cnt && steps[j].insn_idx == steps[i].insn_idx &&
	     !strcmp(steps[j].msg, steps[i].msg); j++)
		;
	return j;
}

/* "0 -> 3 (r3 > r1 not taken) -> 4", then one line per branch point with its source line. The
 * same decision repeated in a row (a loop unrolled by the analysis) is printed once with its
 * count; a long path keeps its first and last decisions. */
static void fmt_path(char *buf, size_t size, const struct analysis_result *res,
		     const struct diag_list *list)
{
	const struct diag *e = &list->items[0], *steps = &list->items[1];
	u32 cnt = list->cnt - 1, groups = 0, g, i, j, k;
	size_t len = 0;

	buf[0] = '\0';
	for (i = 0; i < cnt; i = run_end(steps, cnt, i))
		groups++;
	put(buf, size, &len, "%u", res->path.entry);
	if (res->path.omitted)
		put(buf, size, &len, " -> ... (%u earlier decisions)", res->path.omitted);
	for (i = 0, g = 0; i < cnt; i = j, g++) {
		j = run_end(steps, cnt, i);
		if (!group_shown(g, groups)) {
			if (g == PATH_HEAD)
				put(buf, size, &len, " -> ... (%u more)", groups - PATH_HEAD - PATH_TAIL);
			continue;
		}
		put(buf, size, &len, " -> %u (%s", steps[i].insn_idx, steps[i].msg);
		if (j - i > 1)
			put(buf, size, &len, ", %u times", j - i);
		put(buf, size, &len, ")");
	}
	if (cnt || e->insn_idx != res->path.entry)
		put(buf, size, &len, " -> %u", e->insn_idx);
	/* the source lines of the decisions shown, each instruction once */
	for (i = 0, g = 0; i < cnt; i = j, g++) {
		j = run_end(steps, cnt, i);
		if (!group_shown(g, groups) || !steps[i].loc.file)
			continue;
		for (k = 0; k < i; k++)
			if (steps[k].insn_idx == steps[i].insn_idx)
				break;
		if (k < i)
			continue;
		put(buf, size, &len, "\n%u: %s @ %s:%u", steps[i].insn_idx,
		    skip_blanks(steps[i].loc.src),
		    strrchr(steps[i].loc.file, '/') ? strrchr(steps[i].loc.file, '/') + 1 :
		    steps[i].loc.file, steps[i].loc.line);
	}
}

/* The diagnostic block of a rejection (with its category, state and path) or of an undecided
 * program (where the analysis stopped); false when there is none to print. */
static bool print_diag(FILE *f, const struct report_prog *p)
{
	const struct analysis_result *res = p->res;
	static char buf[16384], text[8192];
	const struct rule *rule;
	struct diag_list list;
	const struct diag *e;

	diag_list_init(&list, p->prog);
	if (report_diags(&list, p) || !list.cnt || list.items[0].insn_idx == DIAG_NO_INSN) {
		diag_list_release(&list);
		return false;
	}
	e = &list.items[0];
	diag_fmt(buf, sizeof(buf), &list, e);
	print_indented(f, buf, "    ");
	if (p->verdict != V_UNSAFE) {
		diag_list_release(&list);
		return true;
	}
	rule = rule_find(e->check_id);
	if (rule) {
		diag_fmt_field(buf, sizeof(buf), e, "category", rule_category_name(rule->cat));
		print_indented(f, buf, "    ");
	}
	if (res->state[0]) {
		diag_fmt_field(buf, sizeof(buf), e, "state", res->state);
		print_indented(f, buf, "    ");
	}
	if (res->path.valid) {
		fmt_path(text, sizeof(text), res, &list);
		diag_fmt_field(buf, sizeof(buf), e, "path", text);
		print_indented(f, buf, "    ");
	}
	diag_list_release(&list);
	return true;
}

/* The further violations of a rejection, each as a diagnostic block with its category. */
static void print_more(FILE *f, const struct report_prog *p)
{
	static char buf[16384];
	const struct rule *rule;
	struct diag_list list;
	const struct diag *e;
	u32 i;

	for (i = 0; i < p->res->more_cnt; i++) {
		const struct analysis_diag *v = &p->res->more[i].diag;

		fprintf(f, "    also: insn %u: %.*s\n", v->insn_idx, (int)strcspn(v->msg, "\n"),
			v->msg);
		diag_list_init(&list, p->prog);
		if (report_more_diag(&list, p, i) || !list.cnt) {
			diag_list_release(&list);
			continue;
		}
		e = &list.items[0];
		diag_fmt(buf, sizeof(buf), &list, e);
		print_indented(f, buf, "        ");
		rule = rule_find(e->check_id);
		if (rule) {
			diag_fmt_field(buf, sizeof(buf), e, "category", rule_category_name(rule->cat));
			print_indented(f, buf, "        ");
		}
		if (p->res->more[i].state[0]) {
			diag_fmt_field(buf, sizeof(buf), e, "state", p->res->more[i].state);
			print_indented(f, buf, "        ");
		}
		diag_list_release(&list);
	}
}

static void text_prog(struct report *r, const struct report_prog *p)
{
	const struct analysis_result *res = p->res;
	FILE *f = r->opts.out;

	fprintf(f, "%s: %s (%s): ", p->file, p->prog->name, p->type);
	if (!res) {
		fprintf(f, "UNKNOWN: %s\n", p->reason ? p->reason : "not analysed");
		return;
	}
	switch (p->verdict) {
	case V_SAFE:
		fprintf(f, "PASS\n");
		break;
	case V_UNSAFE:
		/* the first line of the kernel's message; the block below has all of it */
		fprintf(f, "FAIL: insn %u: %.*s", res->diag.insn_idx,
			(int)strcspn(res->diag.msg, "\n"), res->diag.msg);
		if (res->more_cnt)
			fprintf(f, " (and %u more violation%s)", res->more_cnt,
				res->more_cnt > 1 ? "s" : "");
		fprintf(f, "\n");
		print_diag(f, p);
		print_more(f, p);
		break;
	default:
		/* the first line, then where the analysis stopped (with the whole message) */
		fprintf(f, "UNKNOWN: %.*s\n", (int)strcspn(res->diag.msg, "\n"), res->diag.msg);
		if (!print_diag(f, p) && strchr(res->diag.msg, '\n'))
			print_indented(f, strchr(res->diag.msg, '\n') + 1, "    ");
		break;
	}
	/* the kernel's summary line; mark_read is not measured, so it is left out */
	fprintf(f, "    processed %u insns (limit %u) max_states_per_insn %u total_states %u "
		"peak_states %u\n", res->insn_processed, res->insn_limit, res->max_states_per_insn,
		res->total_states, res->peak_states);
	if (r->opts.verbose)
		fprintf(f, "    verification time %llu usec\n", (unsigned long long)p->duration_us);
}

const struct report_ops report_text_ops = {
	.prog = text_prog,
};
