/* `bpfverify check FILE.o...` (also `bpfverify FILE.o`): runs the verifier (src/analysis) on every
 * selected program and reports each verdict through src/report in the format of -f (text, json,
 * sarif, veristat, veristat-csv), to stdout or to the file of -o. Text, per program:
 *	file.o: prog_name (xdp): PASS
 *	file.o: prog_name (xdp): FAIL: insn 12: R0 invalid mem access 'scalar'
 *	    ... the diagnostic: source line, rule, category, state, path ...
 *	file.o: prog_name (xdp): UNKNOWN: not modelled yet: bpf-to-bpf call at insn 7
 * Exit status (DESIGN.md): 0 all pass, 1 some program rejected, 3 undecided (and none rejected),
 * 2 bad input or usage. -v adds the verification time, -vv a trace of every instruction in the
 * format of the kernel's log_level 2 log (src/analysis/trace.c). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "analysis/analysis.h"
#include "cli/cli.h"
#include "loader/externs.h"
#include "report/report.h"

static u64 now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (u64)ts.tv_sec * 1000000 + (u64)ts.tv_nsec / 1000;
}

struct analysis_opts cli_analysis_opts(const struct cli *cli, struct object *obj)
{
	struct analysis_opts opts = {
		.gpl = obj->gpl,
		.log_level = cli->verbose >= 2 ? 2 : 0,
		.log = stderr,
		.btf = obj->btf,
		.exact_constants = cli->exact_constants,
		.target_btf = object_target_btf(obj),
		.mode = cli->mode,
		.max_violations = cli->max_violations ? cli->max_violations : 1 + ANALYSIS_MORE_MAX,
	};

	return opts;
}

/* Analyses @p of @obj and reports it; returns its verdict. */
static enum verdict check_prog(struct cli *cli, struct report *r, struct object *obj,
			       const struct prog *p)
{
	struct analysis_opts opts = cli_analysis_opts(cli, obj);
	/* static: a result carries the path and the state (a few KB) */
	static struct analysis_result res;
	struct report_prog rp = {
		.file = obj->path,
		.prog = p,
		.type = progtype_name(p->pt.prog_type),
		.verdict = V_UNKNOWN,
	};
	u64 t0;

	/* the trace stays out of a machine-readable report */
	if (r->opts.fmt == REPORT_TEXT)
		opts.log = r->opts.out;
	if (!p->type_known) {
		rp.reason = "program type of the section not known (use -t)";
	} else {
		t0 = now_us();
		if (analysis_run(p, obj->maps, obj->map_cnt, &opts, &res)) {
			rp.reason = "out of memory";
		} else {
			rp.res = &res;
			rp.verdict = res.verdict;
		}
		rp.duration_us = now_us() - t0;
	}
	report_prog(r, &rp);
	if (cli->mode == ANALYSIS_MODE_JOIN && rp.verdict == V_UNSAFE)
		fprintf(stderr, "bpfverify: %s: rejected in join mode, which may lose precision at "
			"joins: --mode path decides as the kernel\n", p->name);
	return rp.verdict;
}

int cmd_check(struct cli *cli)
{
	struct report_opts ropts = {
		.fmt = REPORT_TEXT,
		.out = stdout,
		.tool_name = "bpfverify",
		.tool_version = BPFVERIFY_VERSION,
		.verbose = cli->verbose,
	};
	bool found[64] = {}, rejected = false, unknown = false;
	struct report *r = NULL;
	int f, ret = EXIT_ACCEPTED;

	if (cli->format && report_format_parse(cli->format, &ropts.fmt)) {
		fprintf(stderr, "bpfverify: check: unknown format '%s' (text, json, sarif, veristat, "
			"veristat-csv)\n", cli->format);
		return EXIT_USAGE;
	}
	if (cli->out) {
		ropts.out = fopen(cli->out, "w");
		if (!ropts.out) {
			fprintf(stderr, "bpfverify: %s: cannot write: %s\n", cli->out, strerror(errno));
			return EXIT_USAGE;
		}
	}
	for (f = 0; f < cli->file_cnt; f++) {
		struct object *obj;
		u32 i, k;

		if (cli_open(cli, cli->files[f], &obj)) {
			ret = EXIT_USAGE;
			goto out;
		}
		/* created once an input could be read: a bad first file leaves no output */
		if (!r)
			r = report_new(&ropts);
		if (!r) {
			fprintf(stderr, "bpfverify: out of memory\n");
			object_free(obj);
			ret = EXIT_USAGE;
			goto out;
		}
		cli_print_warnings(obj);
		report_file(r, obj->path);
		for (i = 0; i < obj->prog_cnt; i++) {
			const struct prog *p = &obj->progs[i];

			if (!cli_selected(cli, p))
				continue;
			for (k = 0; k < cli->prog_cnt && k < ARRAY_SIZE(found); k++)
				if (!strcmp(cli->progs[k], p->name) || !strcmp(cli->progs[k], p->sec_name))
					found[k] = true;
			switch (check_prog(cli, r, obj, p)) {
			case V_SAFE:
				break;
			case V_UNSAFE:
				rejected = true;
				break;
			default:
				unknown = true;
				break;
			}
		}
		object_free(obj);
	}
	if (cli->prog_cnt <= ARRAY_SIZE(found) && !cli_all_found(cli, found))
		ret = EXIT_USAGE;
	else if (rejected)
		ret = EXIT_REJECTED;
	else if (unknown)
		ret = EXIT_UNDECIDED;
out:
	report_finish(r, ret);
	if (ropts.out != stdout && fclose(ropts.out)) {
		fprintf(stderr, "bpfverify: %s: cannot write: %s\n", cli->out, strerror(errno));
		ret = EXIT_USAGE;
	}
	return ret;
}
