/* `bpfverify kernel FILE.o... [-p PROG] [-v]`: loads each selected program into the running
 * kernel and prints its verdict, the verifier's error line and the stats line (-v: the whole
 * log; -vv: log_level 2, every state), and under it our own verdict beside the kernel's
 * ("bpfverify rejects at insn N: ...: agrees" or ": DIFFERS"). Exit: the kernel's verdict, 0 all
 * accepted, 1 one rejected, 2 could not load. */
#include <string.h>

#include "cli/cli.h"
#include "loader/kernel.h"
#include "report/kcompare.h"

/* Our verdict on @p beside the kernel's @k. */
static void print_ours(const struct cli *cli, struct object *obj, const struct prog *p,
		       const struct kload_result *k)
{
	struct analysis_opts opts = cli_analysis_opts(cli, obj);
	static struct analysis_result res;	/* a few KB: path and state */
	struct kcompare kc;

	opts.log_level = 0;	/* -vv asks for the kernel's log here, not our trace */
	opts.max_violations = 1;	/* the kernel's first is what is compared */
	if (analysis_run(p, obj->maps, obj->map_cnt, &opts, &res)) {
		printf("  bpfverify: out of memory\n");
		return;
	}
	kcompare(&res, k, &kc);
	printf("  %s\n", kc.text);
}

int cmd_kernel(struct cli *cli)
{
	struct kload_opts ko = { .log_level = cli->verbose >= 2 ? 2 : 1 };
	bool found[cli->prog_cnt + 1];
	int f, worst = EXIT_ACCEPTED;
	char why[256];
	u32 i, k;

	memset(found, 0, sizeof(found));
	if (kernel_probe(why, sizeof(why))) {
		fprintf(stderr, "bpfverify: %s\n", why);
		return EXIT_USAGE;
	}
	for (f = 0; f < cli->file_cnt; f++) {
		struct object *obj;

		if (cli_open(cli, cli->files[f], &obj))
			return EXIT_USAGE;
		cli_print_warnings(obj);
		for (i = 0; i < obj->prog_cnt; i++) {
			const struct prog *p = &obj->progs[i];
			struct kload_result res;

			if (!cli_selected(cli, p))
				continue;
			for (k = 0; k < cli->prog_cnt; k++)
				if (!strcmp(cli->progs[k], p->name) || !strcmp(cli->progs[k], p->sec_name))
					found[k] = true;
			if (!p->type_known && !cli->prog_cnt) {
				/* warned above; a program never loaded was not accepted */
				worst = EXIT_USAGE;
				continue;
			}
			kernel_load_prog(obj, p, &ko, &res);
			fflush(stdout);	/* keep the note after the previous verdict line */
			if (res.notes[0])
				fprintf(stderr, "bpfverify: %s: %s: note: %s\n", obj->path, p->name,
					res.notes);
			switch (res.verdict) {
			case KLOAD_ACCEPTED:
				printf("%s: %s: kernel accepted (%s)\n", obj->path, p->name, res.stats);
				break;
			case KLOAD_REJECTED:
				printf("%s: %s: kernel rejected: %s (%s)\n", obj->path, p->name, res.msg,
				       res.stats[0] ? res.stats : strerror(res.err));
				if (worst < EXIT_REJECTED)
					worst = EXIT_REJECTED;
				break;
			default:
				printf("%s: %s: not loaded: %s\n", obj->path, p->name, res.msg);
				worst = EXIT_USAGE;
				break;
			}
			if (res.verdict != KLOAD_ERROR)
				print_ours(cli, obj, p, &res);
			if (cli->verbose && res.log && res.log[0])
				printf("%s%s", res.log, res.log[strlen(res.log) - 1] == '\n' ? "" : "\n");
			kload_result_release(&res);
		}
		object_free(obj);
	}
	if (!cli_all_found(cli, found))
		return EXIT_USAGE;
	return worst;
}
