/* `bpfverify check -f veristat` and `-f veristat-csv`: the statistics table of the kernel's
 * veristat tool (tools/testing/selftests/bpf/veristat.c), so that numbers from bpfverify and
 * from veristat runs on a real kernel line up column for column.
 *
 * Table: veristat's default columns with its headers ("File", "Program", "Verdict",
 * "Duration (us)", "Total insns", "Total states", "Peak states"), names left-aligned, numbers
 * right-aligned, columns two spaces apart, a row of dashes under the header and after the last
 * row; rows sorted by file and program as veristat sorts them. The file column is the object's
 * base name and the verdict "success" or "failure" (or "unknown", which veristat never prints).
 * CSV: veristat -o csv's stat names as the header (file_name, prog_name, verdict, duration,
 * total_insns, total_states, peak_states, max_states_per_insn), values unpadded. The rows are
 * buffered: the widths of the table depend on all of them. */
#include <stdlib.h>
#include <string.h>

#include "loader/object.h"
#include "report/report.h"
#include "vec.h"

enum { COL_FILE, COL_PROG, COL_VERDICT, COL_DURATION, COL_INSNS, COL_STATES, COL_PEAK, COL_MSPI,
       COL_CNT };

static const struct {
	const char *header, *csv;
	bool left;
} cols[COL_CNT] = {
	[COL_FILE] = { "File", "file_name", true },
	[COL_PROG] = { "Program", "prog_name", true },
	[COL_VERDICT] = { "Verdict", "verdict", true },
	[COL_DURATION] = { "Duration (us)", "duration", false },
	[COL_INSNS] = { "Total insns", "total_insns", false },
	[COL_STATES] = { "Total states", "total_states", false },
	[COL_PEAK] = { "Peak states", "peak_states", false },
	[COL_MSPI] = { "Max states per insn", "max_states_per_insn", false },
};

/* the table shows veristat's default columns; the CSV adds max_states_per_insn, as its does */
#define TABLE_COLS COL_MSPI

struct row {
	char cell[COL_CNT][128];
};

struct veristat_priv {
	struct row *rows;
	u32 cnt, cap;
	bool oom;
};

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

static void veristat_prog(struct report *r, const struct report_prog *p)
{
	struct veristat_priv *v = r->priv;
	const struct analysis_result *res = p->res;
	struct row *row;
	u64 num[COL_CNT] = {};
	int c;

	if (vec_grow(&v->rows, &v->cap, v->cnt + 1)) {
		v->oom = true;
		return;
	}
	row = &v->rows[v->cnt++];
	snprintf(row->cell[COL_FILE], sizeof(row->cell[0]), "%s", base_name(p->file));
	snprintf(row->cell[COL_PROG], sizeof(row->cell[0]), "%s", p->prog->name);
	snprintf(row->cell[COL_VERDICT], sizeof(row->cell[0]), "%s",
		 p->verdict == V_SAFE ? "success" : p->verdict == V_UNSAFE ? "failure" : "unknown");
	num[COL_DURATION] = p->duration_us;
	if (res) {
		num[COL_INSNS] = res->insn_processed;
		num[COL_STATES] = res->total_states;
		num[COL_PEAK] = res->peak_states;
		num[COL_MSPI] = res->max_states_per_insn;
	}
	for (c = COL_DURATION; c < COL_CNT; c++)
		snprintf(row->cell[c], sizeof(row->cell[0]), "%llu", (unsigned long long)num[c]);
}

static int row_cmp(const void *a, const void *b)
{
	const struct row *x = a, *y = b;
	int d = strcmp(x->cell[COL_FILE], y->cell[COL_FILE]);

	return d ? d : strcmp(x->cell[COL_PROG], y->cell[COL_PROG]);
}

static void underline(FILE *f, const int *width)
{
	int c, i;

	for (c = 0; c < TABLE_COLS; c++) {
		fputs(c ? "  " : "", f);
		for (i = 0; i < width[c]; i++)
			fputc('-', f);
	}
	fputc('\n', f);
}

static void print_table(FILE *f, const struct veristat_priv *v)
{
	int width[COL_CNT], c;
	u32 i;

	for (c = 0; c < TABLE_COLS; c++) {
		width[c] = (int)strlen(cols[c].header);
		for (i = 0; i < v->cnt; i++)
			width[c] = max_t(int, width[c], (int)strlen(v->rows[i].cell[c]));
	}
	for (c = 0; c < TABLE_COLS; c++)
		fprintf(f, cols[c].left ? "%s%-*s" : "%s%*s", c ? "  " : "", width[c], cols[c].header);
	fputc('\n', f);
	underline(f, width);
	for (i = 0; i < v->cnt; i++) {
		for (c = 0; c < TABLE_COLS; c++)
			fprintf(f, cols[c].left ? "%s%-*s" : "%s%*s", c ? "  " : "", width[c],
				v->rows[i].cell[c]);
		fputc('\n', f);
	}
	underline(f, width);
}

static void print_csv(FILE *f, const struct veristat_priv *v)
{
	int c;
	u32 i;

	for (c = 0; c < COL_CNT; c++)
		fprintf(f, "%s%s", c ? "," : "", cols[c].csv);
	fputc('\n', f);
	for (i = 0; i < v->cnt; i++) {
		for (c = 0; c < COL_CNT; c++)
			fprintf(f, "%s%s", c ? "," : "", v->rows[i].cell[c]);
		fputc('\n', f);
	}
}

static void veristat_finish(struct report *r, int exit_status)
{
	struct veristat_priv *v = r->priv;

	(void)exit_status;
	if (v->cnt)
		qsort(v->rows, v->cnt, sizeof(*v->rows), row_cmp);
	if (r->opts.fmt == REPORT_VERISTAT_CSV)
		print_csv(r->opts.out, v);
	else
		print_table(r->opts.out, v);
	if (v->oom)
		fprintf(stderr, "bpfverify: out of memory: some programs are missing from the table\n");
	free(v->rows);
}

const struct report_ops report_veristat_ops = {
	.prog = veristat_prog,
	.finish = veristat_finish,
	.priv_size = sizeof(struct veristat_priv),
};
