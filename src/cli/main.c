/* bpfverify's entry point: common option parsing, subcommand dispatch and exit codes
 * (0 accepted, 1 rejected, 2 usage/input error, 3 undecided; see DESIGN.md). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/analysis.h"
#include "cli/cli.h"
#include "loader/externs.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: bpfverify COMMAND [options] FILE.o...\n"
		"\n"
		"commands:\n"
		"  check   FILE.o...     verdict per program: PASS, FAIL with the kernel's message, or\n"
		"                        UNKNOWN (the default command: bpfverify FILE.o); a failure\n"
		"                        shows its rule, category, source line, register state and\n"
		"                        the path that leads to it: -f text|json|sarif|veristat|\n"
		"                        veristat-csv, -o OUT\n"
		"  cfg     FILE.o        control-flow graph after the structural check (the kernel's\n"
		"                        check_cfg): -f dot|svg|png|json, -o OUT\n"
		"  disasm  FILE.o        instructions in kernel verifier-log syntax, with source lines\n"
		"  kernel  FILE.o...     load each program into the running kernel (root/CAP_BPF) and\n"
		"                        print the kernel verifier's verdict, ours beside it\n"
		"  log     FILE.o LOG    a saved kernel verifier log (bpf(2)'s, or libbpf's output\n"
		"                        around it) against our analysis of the same object: exit 0\n"
		"                        when we agree (verdict and failing instruction), 1 when not\n"
		"\n"
		"options:\n"
		"  -p, --program NAME    only this program (function or section name); repeatable\n"
		"  -t, --type TYPE       program type for every program: a section-style name (xdp, tc,\n"
		"                        socket, kprobe, ...) or a kernel type name (socket_filter,\n"
		"                        sched_cls, cgroup_skb, raw_tracepoint, ...)\n"
		"      --btf FILE        target kernel BTF (default /sys/kernel/btf/vmlinux)\n"
		"      --linum           disasm: show file:line:column of each source line\n"
		"  -f, --format FMT      check: text (default), json, sarif, veristat, veristat-csv;\n"
		"                        cfg: dot (default), svg, png or json\n"
		"  -o, --output OUT      check, cfg: write to OUT instead of stdout\n"
		"      --style bpftool   cfg: the layout of bpftool prog dump xlated ... visual\n"
		"      --function NAME   cfg: only this function (subprogram) of the program\n"
		"      --dag             reject every loop, as kernels before 5.3 do\n"
		"      --kernel X.Y      target kernel version (limits, loops); default: 6.18\n"
		"      --exact-constants check: fold every operation on known constants exactly as\n"
		"                        RFC 9669 defines it (division, modulo, out-of-range shifts,\n"
		"                        narrow stack data, stack atomics), where the kernel forgets the\n"
		"                        value; more precise than the kernel, so it may accept programs\n"
		"                        the kernel rejects\n"
		"      --mode MODE       check: path (default: the kernel's path exploration) or join\n"
		"                        (joins at block heads, widening at loop heads: faster, never\n"
		"                        accepts what path mode rejects, may reject what it accepts)\n"
		"      --max-violations N\n"
		"                        check: report at most N violations per program (default 17):\n"
		"                        the first, where the kernel stops, then further ones found on\n"
		"                        the paths the kernel had left to explore; 1: the first only\n"
		"  -v, --verbose         kernel: print the whole verifier log (-vv: log_level 2);\n"
		"                        check: -v the verification time, -vv a trace of every\n"
		"                        instruction in the kernel's log_level 2 format\n"
		"  -h, --help            this text\n"
		"      --version         print the version\n"
		"\n"
		"exit status: 0 all programs accepted, 1 a program is rejected, 2 bad input or usage,\n"
		"             3 undecided within limits\n");
}

int cli_open(const struct cli *cli, const char *path, struct object **out)
{
	struct object_opts o = { .type = cli->type, .btf_path = cli->btf };
	char err[512];
	int ret;

	ret = object_open(path, &o, out, err, sizeof(err));
	if (ret) {
		fprintf(stderr, "bpfverify: %s\n", err);
		return ret;
	}
	return 0;
}

bool cli_selected(const struct cli *cli, const struct prog *p)
{
	u32 i;

	if (!cli->prog_cnt)
		return true;
	for (i = 0; i < cli->prog_cnt; i++)
		if (!strcmp(cli->progs[i], p->name) || !strcmp(cli->progs[i], p->sec_name))
			return true;
	return false;
}

bool cli_all_found(const struct cli *cli, const bool *found)
{
	u32 i;

	for (i = 0; i < cli->prog_cnt; i++) {
		if (!found[i]) {
			fprintf(stderr, "bpfverify: no program named '%s' in the given file%s\n",
				cli->progs[i], cli->file_cnt > 1 ? "s" : "");
			return false;
		}
	}
	return true;
}

void cli_print_warnings(const struct object *obj)
{
	u32 i;

	for (i = 0; i < obj->warning_cnt; i++)
		fprintf(stderr, "bpfverify: %s: warning: %s\n", obj->path, obj->warnings[i]);
}

static const struct {
	const char *name;
	int (*fn)(struct cli *cli);
} commands[] = {
	{ "cfg", cmd_cfg },
	{ "check", cmd_check },
	{ "disasm", cmd_disasm },
	{ "kernel", cmd_kernel },
	{ "log", cmd_log },
};

int main(int argc, char **argv)
{
	enum { OPT_BTF = 256, OPT_LINUM, OPT_VERSION, OPT_STYLE, OPT_FUNCTION, OPT_DAG, OPT_KERNEL,
	       OPT_EXACT, OPT_MODE, OPT_MAX_VIOLATIONS };
	static const struct option longopts[] = {
		{ "program", required_argument, NULL, 'p' },
		{ "type", required_argument, NULL, 't' },
		{ "btf", required_argument, NULL, OPT_BTF },
		{ "format", required_argument, NULL, 'f' },
		{ "linum", no_argument, NULL, OPT_LINUM },
		{ "output", required_argument, NULL, 'o' },
		{ "style", required_argument, NULL, OPT_STYLE },
		{ "function", required_argument, NULL, OPT_FUNCTION },
		{ "dag", no_argument, NULL, OPT_DAG },
		{ "kernel", required_argument, NULL, OPT_KERNEL },
		{ "exact-constants", no_argument, NULL, OPT_EXACT },
		{ "mode", required_argument, NULL, OPT_MODE },
		{ "max-violations", required_argument, NULL, OPT_MAX_VIOLATIONS },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, OPT_VERSION },
		{}
	};
	struct cli cli = {};
	size_t i;
	int c, ret;

	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("bpfverify %s\n", BPFVERIFY_VERSION);
		return 0;
	}
	cli.cmd = argv[1];
	if (strstr(argv[1], ".o")) {
		/* `bpfverify FILE.o ...` is `bpfverify check FILE.o ...` */
		cli.cmd = "check";
		optind = 1;
	} else {
		optind = 2;
	}
	cli.progs = calloc(argc, sizeof(*cli.progs));
	if (!cli.progs)
		return EXIT_USAGE;
	while ((c = getopt_long(argc, argv, "p:t:f:o:vh", longopts, NULL)) != -1) {
		switch (c) {
		case 'p':
			cli.progs[cli.prog_cnt++] = optarg;
			break;
		case 't': {
			struct progtype pt;

			if (progtype_from_name(optarg, &pt)) {
				fprintf(stderr, "bpfverify: unknown program type '%s'\n", optarg);
				ret = EXIT_USAGE;
				goto out;
			}
			cli.type = optarg;
			break;
		}
		case 'f':
			cli.format = optarg;
			break;
		case OPT_BTF:
			cli.btf = optarg;
			break;
		case OPT_LINUM:
			cli.linum = true;
			break;
		case 'o':
			cli.out = optarg;
			break;
		case OPT_STYLE:
			cli.style = optarg;
			break;
		case OPT_FUNCTION:
			cli.function = optarg;
			break;
		case OPT_DAG:
			cli.dag = true;
			break;
		case OPT_EXACT:
			cli.exact_constants = true;
			break;
		case OPT_MODE:
			if (strcmp(optarg, "path") && strcmp(optarg, "join")) {
				fprintf(stderr, "bpfverify: --mode wants path or join, not '%s'\n",
					optarg);
				ret = EXIT_USAGE;
				goto out;
			}
			cli.mode = strcmp(optarg, "join") ? ANALYSIS_MODE_PATH : ANALYSIS_MODE_JOIN;
			break;
		case OPT_MAX_VIOLATIONS: {
			unsigned int n;
			char end;

			if (sscanf(optarg, "%u%c", &n, &end) != 1 || n < 1 ||
			    n > 1 + ANALYSIS_MORE_MAX) {
				fprintf(stderr, "bpfverify: --max-violations wants a number from 1 to %u, "
					"not '%s'\n", 1 + ANALYSIS_MORE_MAX, optarg);
				ret = EXIT_USAGE;
				goto out;
			}
			cli.max_violations = n;
			break;
		}
		case OPT_KERNEL: {
			unsigned int x, y;
			char end;

			if (sscanf(optarg, "%u.%u%c", &x, &y, &end) != 2 || x < 3 || x > 255 ||
			    y > 255) {
				fprintf(stderr, "bpfverify: --kernel wants X.Y (e.g. 5.2), not '%s'\n",
					optarg);
				ret = EXIT_USAGE;
				goto out;
			}
			cli.kernel_version = (x << 16) + (y << 8);
			break;
		}
		case 'v':
			cli.verbose++;
			break;
		case 'h':
			usage(stdout);
			ret = 0;
			goto out;
		case OPT_VERSION:
			printf("bpfverify %s\n", BPFVERIFY_VERSION);
			ret = 0;
			goto out;
		default:
			fprintf(stderr, "bpfverify: bad option (see bpfverify --help)\n");
			ret = EXIT_USAGE;
			goto out;
		}
	}
	cli.files = argv + optind;
	cli.file_cnt = argc - optind;
	/* cfg and check parse their own formats */
	if (cli.format && strcmp(cli.format, "text") && strcmp(cli.cmd, "cfg") &&
	    strcmp(cli.cmd, "check")) {
		fprintf(stderr, "bpfverify: format '%s' is not supported by '%s' (text only)\n",
			cli.format, cli.cmd);
		ret = EXIT_USAGE;
		goto out;
	}
	for (i = 0; i < ARRAY_SIZE(commands); i++)
		if (!strcmp(cli.cmd, commands[i].name))
			break;
	if (i == ARRAY_SIZE(commands)) {
		fprintf(stderr, "bpfverify: unknown command '%s' (see bpfverify --help)\n", cli.cmd);
		ret = EXIT_USAGE;
		goto out;
	}
	if (cli.file_cnt < 1) {
		fprintf(stderr, "bpfverify: %s: no input file (see bpfverify --help)\n", cli.cmd);
		ret = EXIT_USAGE;
		goto out;
	}
	ret = commands[i].fn(&cli);
out:
	free(cli.progs);
	return ret;
}
