/* `bpfverify log FILE.o LOG [-p PROG]`: a kernel verifier log saved elsewhere (another machine,
 * a CI run, a bug report) against our analysis of the same object.
 *
 * LOG is the verifier's log as bpf(2) returned it, at any log level, or libbpf's output around
 * it ("libbpf: prog 'NAME': -- BEGIN PROG LOAD LOG --" ... "-- END PROG LOAD LOG --"), which
 * also names the program. Otherwise -p names it, or the object has only one, or it is the one
 * program whose instructions are those the log prints. Every instruction line of the log must be
 * that program's (the log belongs to this build of the object), else the comparison would mean
 * nothing: exit 2.
 *
 * The log's verdict is a rejection when it ends in an error (klog_first_error()), its failing
 * instruction the one the log places it at (klog_error_insn()). Printed: the log's verdict,
 * ours beside it ("bpfverify rejects at insn N: ...: agrees" or ": DIFFERS", as `kernel`
 * prints it), and both processed-instruction counts when the log has the kernel's.
 * Exit: 0 we agree (verdict and failing instruction), 1 we do not, 2 bad input. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "loader/externs.h"
#include "report/kcompare.h"
#include "report/klog.h"

#define LIBBPF_BEGIN "-- BEGIN PROG LOAD LOG --"
#define LIBBPF_END "-- END PROG LOAD LOG --"

/* libbpf's wrapping: the log between the markers (in place) and the program it names, in
 * @name; the whole text otherwise. */
static char *unwrap_libbpf(char *text, char *name, size_t namesz)
{
	char *begin = strstr(text, LIBBPF_BEGIN), *end, *line, *q;

	name[0] = '\0';
	if (!begin)
		return text;
	for (line = begin; line > text && line[-1] != '\n'; line--)
		;
	q = strstr(line, "prog '");
	if (q && q < begin) {
		char *close = strchr(q + 6, '\'');

		if (close && close < begin)
			snprintf(name, namesz, "%.*s", (int)(close - q - 6), q + 6);
	}
	begin += strlen(LIBBPF_BEGIN);
	if (*begin == '\n')
		begin++;
	end = strstr(begin, LIBBPF_END);
	if (end)
		*end = '\0';
	return begin;
}

static const char *kfunc_name(void *ctx, const struct bpf_insn *insn)
{
	return object_kfunc_name(ctx, insn);
}

struct first_mismatch {
	bool seen;
	u32 idx;
	char kern[256], ours[256];
};

static void note_mismatch(void *ctx, u32 idx, const char *kern, const char *ours)
{
	struct first_mismatch *m = ctx;

	if (m->seen)
		return;
	m->seen = true;
	m->idx = idx;
	snprintf(m->kern, sizeof(m->kern), "%s", kern);
	snprintf(m->ours, sizeof(m->ours), "%s", ours);
}

/* Whether every instruction line of @log is @p's; the first that is not in @m. */
static bool log_is_of(struct object *obj, const struct prog *p, const char *log,
		      struct first_mismatch *m)
{
	struct disasm_cbs cbs = { .kfunc_name = kfunc_name, .ctx = obj };
	u32 lines;

	memset(m, 0, sizeof(*m));
	return !klog_compare_insns(log, p->insns, p->insn_cnt, &cbs, &lines, note_mismatch, m);
}

/* The program the log is of, or NULL with the reason printed. */
static const struct prog *pick_prog(const struct cli *cli, struct object *obj, const char *log,
				    const char *libbpf_name)
{
	const struct prog *found = NULL;
	struct first_mismatch m;
	u32 i, n = 0;

	if (cli->prog_cnt > 1) {
		fprintf(stderr, "bpfverify: log: one log is of one program: give -p once\n");
		return NULL;
	}
	for (i = 0; i < obj->prog_cnt; i++) {
		const struct prog *p = &obj->progs[i];

		if (cli->prog_cnt ? cli_selected(cli, p) :
		    libbpf_name[0] ? !strcmp(p->name, libbpf_name) :
		    obj->prog_cnt == 1 || log_is_of(obj, p, log, &m)) {
			found = p;
			n++;
		}
	}
	if (n == 1)
		return found;
	if (cli->prog_cnt || libbpf_name[0])
		fprintf(stderr, "bpfverify: %s: no program named '%s'\n", obj->path,
			cli->prog_cnt ? cli->progs[0] : libbpf_name);
	else if (!n)
		fprintf(stderr, "bpfverify: log: the log's instructions are those of no program in "
			"%s\n", obj->path);
	else
		fprintf(stderr, "bpfverify: log: the log fits %u programs of %s: name one with -p\n",
			n, obj->path);
	return NULL;
}

/* The kernel's "processed N insns" in @log, or -1. */
static long long processed_of(const char *log)
{
	const char *s = strstr(log, "processed ");
	unsigned long long n;

	for (; s; s = strstr(s + 1, "processed "))
		if ((s == log || s[-1] == '\n') && sscanf(s, "processed %llu insns", &n) == 1)
			return (long long)n;
	return -1;
}

int cmd_log(struct cli *cli)
{
	static struct analysis_result res;	/* a few KB: path and state */
	struct kload_result k = { 0 };
	struct analysis_opts opts;
	struct first_mismatch m;
	const struct prog *p;
	struct object *obj;
	char name[128], err[512], *text, *log;
	struct kcompare kc;
	long long kproc;
	size_t len;
	int ret = EXIT_USAGE;

	if (cli->file_cnt != 2) {
		fprintf(stderr, "bpfverify: log: wants FILE.o LOG (see bpfverify --help)\n");
		return EXIT_USAGE;
	}
	text = file_slurp(cli->files[1], &len);
	if (!text) {
		fprintf(stderr, "bpfverify: %s: cannot read: %s\n", cli->files[1], strerror(errno));
		return EXIT_USAGE;
	}
	if (strlen(text) != len) {
		fprintf(stderr, "bpfverify: %s: not a verifier log (binary data)\n", cli->files[1]);
		free(text);
		return EXIT_USAGE;
	}
	log = unwrap_libbpf(text, name, sizeof(name));
	if (cli_open(cli, cli->files[0], &obj)) {
		free(text);
		return EXIT_USAGE;
	}
	cli_print_warnings(obj);
	p = pick_prog(cli, obj, log, name);
	if (!p)
		goto out;
	if (!log_is_of(obj, p, log, &m)) {
		fprintf(stderr, "bpfverify: log: %s is not a log of %s in %s: its insn %u is '%s', "
			"the object's '%s'\n", cli->files[1], p->name, obj->path, m.idx, m.kern,
			m.ours);
		goto out;
	}
	if (!p->type_known) {
		fprintf(stderr, "bpfverify: %s: %s: program type of the section not known (use -t)\n",
			obj->path, p->name);
		goto out;
	}
	klog_first_error(log, err, sizeof(err));
	k.verdict = err[0] ? KLOAD_REJECTED : KLOAD_ACCEPTED;
	k.log = log;
	opts = cli_analysis_opts(cli, obj);
	opts.log_level = 0;
	opts.max_violations = 1;	/* the kernel's first is what is compared */
	if (analysis_run(p, obj->maps, obj->map_cnt, &opts, &res)) {
		fprintf(stderr, "bpfverify: %s: out of memory\n", p->name);
		goto out;
	}
	kcompare(&res, &k, &kc);
	if (k.verdict == KLOAD_ACCEPTED)
		printf("%s: %s: the log: kernel accepted\n", obj->path, p->name);
	else if (kc.kinsn_known)
		printf("%s: %s: the log: kernel rejected at insn %u: %s\n", obj->path, p->name,
		       kc.kinsn, err);
	else
		printf("%s: %s: the log: kernel rejected: %s\n", obj->path, p->name, err);
	printf("  %s\n", kc.text);
	kproc = processed_of(log);
	if (kproc >= 0)
		printf("  processed insns: kernel %lld, bpfverify %u\n", kproc, res.insn_processed);
	ret = kc.agree ? EXIT_ACCEPTED : EXIT_REJECTED;
out:
	object_free(obj);
	free(text);
	return ret;
}
