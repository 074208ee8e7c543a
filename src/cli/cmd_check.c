/* `bpfverify check FILE.o...` (also `bpfverify FILE.o`): runs the verifier (src/analysis) on every
 * selected program and prints one verdict per program:
 *	file.o: prog_name (xdp): PASS
 *	file.o: prog_name (xdp): FAIL: insn 12: R0 invalid mem access 'scalar'
 *	    at file.c:34: return *p;
 *	file.o: prog_name (xdp): UNKNOWN: not modelled yet: bpf-to-bpf call at insn 7
 * Exit status (DESIGN.md): 0 all pass, 1 some program rejected, 3 undecided (and none rejected),
 * 2 bad input. -v adds the processed-instruction statistics, -vv the state after every insn. */
#include <stdio.h>
#include <string.h>

#include "analysis/analysis.h"
#include "cli/cli.h"
#include "loader/externs.h"

static bool license_gpl(const char *lic)
{
	static const char *const ok[] = { "GPL", "GPL v2", "GPL and additional rights",
					  "Dual BSD/GPL", "Dual MIT/GPL", "Dual MPL/GPL" };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(ok); i++)
		if (!strcmp(lic, ok[i]))
			return true;
	return false;
}

static void print_msg(const char *msg)
{
	const char *nl;

	/* the kernel's further lines, indented */
	nl = strchr(msg, '\n');
	if (!nl) {
		printf("%s\n", msg);
		return;
	}
	printf("%.*s\n", (int)(nl - msg), msg);
	for (msg = nl + 1; *msg; msg = nl + 1) {
		nl = strchr(msg, '\n');
		printf("    %.*s\n", nl ? (int)(nl - msg) : (int)strlen(msg), msg);
		if (!nl)
			break;
	}
}

int cmd_check(struct cli *cli)
{
	bool found[64] = {}, rejected = false, unknown = false;
	int f, ret = EXIT_ACCEPTED;

	for (f = 0; f < cli->file_cnt; f++) {
		struct object *obj;
		u32 i, k;

		if (cli_open(cli, cli->files[f], &obj))
			return EXIT_USAGE;
		cli_print_warnings(obj);
		for (i = 0; i < obj->prog_cnt; i++) {
			const struct prog *p = &obj->progs[i];
			struct analysis_opts opts = {
				.gpl = license_gpl(obj->license),
				.log_level = cli->verbose >= 2 ? 2 : 0,
				.log = stdout,
				.btf = obj->btf,
				.target_btf = object_target_btf(obj),
			};
			struct analysis_result res;
			const struct line_rec *line;

			if (!cli_selected(cli, p))
				continue;
			for (k = 0; k < cli->prog_cnt && k < ARRAY_SIZE(found); k++)
				if (!strcmp(cli->progs[k], p->name) || !strcmp(cli->progs[k], p->sec_name))
					found[k] = true;
			printf("%s: %s (%s): ", obj->path, p->name, progtype_name(p->pt.prog_type));
			if (!p->type_known) {
				printf("UNKNOWN: program type of section '%s' not known (use -t)\n",
				       p->sec_name);
				unknown = true;
				continue;
			}
			if (analysis_run(p, obj->maps, obj->map_cnt, &opts, &res)) {
				printf("UNKNOWN: out of memory\n");
				unknown = true;
				continue;
			}
			switch (res.verdict) {
			case V_SAFE:
				printf("PASS\n");
				break;
			case V_UNSAFE:
				rejected = true;
				printf("FAIL: insn %u: ", res.diag.insn_idx);
				print_msg(res.diag.msg);
				line = prog_line_at(p, res.diag.insn_idx);
				if (line && line->file)
					printf("    at %s:%u: %s\n", line->file, line->line,
					       line->src ? line->src : "");
				break;
			default:
				unknown = true;
				printf("UNKNOWN: ");
				print_msg(res.diag.msg);
				break;
			}
			if (cli->verbose)
				printf("    processed %u insns, total_states %u, peak_states %u\n",
				       res.insn_processed, res.total_states, res.peak_states);
		}
		object_free(obj);
	}
	if (cli->prog_cnt <= ARRAY_SIZE(found) && !cli_all_found(cli, found))
		return EXIT_USAGE;
	if (rejected)
		ret = EXIT_REJECTED;
	else if (unknown)
		ret = EXIT_UNDECIDED;
	return ret;
}
