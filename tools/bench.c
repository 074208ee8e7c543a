/* The benchmark: how long the analysis takes and how much memory it uses, per program, over the
 * corpus (build/corpus/ **.bpf.o through the loader), every case of the kernel's verifier
 * selftests (tools/selftest_case.h builds them as tools/selftests does) and a few generated
 * programs that show how the analysis scales (a 100k-instruction straight line, a deep branch
 * ladder, a long bounded loop). Timing is not a test: `make check` never runs this; `make bench`
 * does.
 *
 *   bench [--json] [--budget-ms N] [--baseline FILE] [--top N] [--min-ms N] [--runs N]
 *         [--kernel] [--no-corpus] [--no-selftests] [--no-synthetic] [--selftests JSONL] [PATH...]
 *
 * PATH: .bpf.o files or directories searched for *.bpf.o (default: $BPFVERIFY_CORPUS, else
 * build/corpus). Per program: CPU and wall time of one analysis_run (the minimum over repeats:
 * a run under --min-ms (default 20) is repeated until the runs add up to it, and every program
 * runs at least --runs times (default 1); at most 100 runs), processed
 * instructions, states, peak states, and the peak of the heap bytes allocated during the run
 * (every malloc/calloc/realloc/free of the library is counted: the tool links with
 * -Wl,--wrap). Summary: total, median, p99 and max CPU time, the slowest programs, processed
 * instructions per CPU second.
 *
 * --budget-ms (default 1000): exit 1 when a program's CPU time exceeds it, listing them (the
 * analysis' own time limit is raised to ten budgets so that the real time shows).
 * --baseline: compares with a saved --json result by program name; a program whose CPU time grew
 * by more than 20% (and by more than 1 ms, below that it is noise) is a regression: exit 1.
 * --kernel: the peer, as no userspace verifier is packaged for Debian: every corpus and
 * generated program is also loaded into the running kernel, whose verification time and processed count are shown.
 *
 * Exit status: 0, 1 over budget or regressed, 2 bad arguments or unreadable input. */
#include <dirent.h>
#include <errno.h>
#include <malloc.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>

#include "../tests/unit/json.c"
#include "analysis/analysis.h"
#include "loader/kernel.h"
#include "loader/object.h"
#include "report/jsonw.h"
#include "selftest_case.h"

/* Heap accounting: the bytes live now and their peak since bench_mem_mark(). */
static long long mem_live, mem_peak;

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t n);
void __real_free(void *p);

static void mem_add(void *p, long long sign)
{
	if (!p)
		return;
	mem_live += sign * (long long)malloc_usable_size(p);
	if (mem_live > mem_peak)
		mem_peak = mem_live;
}

void *__wrap_malloc(size_t n)
{
	void *p = __real_malloc(n);

	mem_add(p, 1);
	return p;
}

void *__wrap_calloc(size_t n, size_t size)
{
	void *p = __real_calloc(n, size);

	mem_add(p, 1);
	return p;
}

void *__wrap_realloc(void *old, size_t n)
{
	long long before = old ? (long long)malloc_usable_size(old) : 0;
	void *p = __real_realloc(old, n);

	if (p || !n) {
		mem_live -= before;
		mem_add(p, 1);
	}
	return p;
}

void __wrap_free(void *p)
{
	mem_add(p, -1);
	__real_free(p);
}

static void bench_mem_mark(void)
{
	mem_peak = mem_live;
}

/* One measured program. */
struct result {
	char *name;		/* "corpus/xdp/parse_ok.bpf.o:prog", "selftests/and.c#3", ... */
	const char *source;	/* "corpus", "selftests", "synthetic" */
	enum verdict verdict;
	bool limit;		/* stopped by a limit (time, instructions, memory): unknown */
	u32 insns, processed, states, peak_states, runs;
	u32 kernel_processed;	/* the kernel's processed count (selftests: recorded 6.18;
				 * corpus with --kernel: the running kernel), else 0 */
	double kernel_ms;	/* --kernel: the running kernel's "verification time", or -1 */
	double cpu_ms, wall_ms;	/* one run: the minimum over the repeats */
	u64 peak_bytes;
};

struct bench {
	struct result *res;
	u32 cnt, cap;
	double budget_ms, min_ms;
	u32 min_runs;		/* at least this many runs of every program */
	bool kernel;		/* --kernel: also load each corpus program into the running kernel */
	u32 time_limit_ms;
};

static double now_ms(clockid_t clk)
{
	struct timespec ts;

	clock_gettime(clk, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Runs @prog until the runs add up to b->min_ms of CPU and there were b->min_runs of them (at
 * most 100) and records the fastest run. */
static int measure(struct bench *b, const char *name, const char *source, const struct prog *prog,
		   const struct map_def *maps, u32 map_cnt, const struct analysis_opts *opts_in)
{
	static struct analysis_result res;
	struct analysis_opts opts = *opts_in;
	struct result *r;
	double spent = 0;

	if (b->cnt == b->cap) {
		u32 cap = b->cap ? 2 * b->cap : 256;
		struct result *n = realloc(b->res, cap * sizeof(*n));

		if (!n)
			return -ENOMEM;
		b->res = n, b->cap = cap;
	}
	r = &b->res[b->cnt];
	memset(r, 0, sizeof(*r));
	opts.time_limit_ms = b->time_limit_ms;
	do {
		double c0 = now_ms(CLOCK_PROCESS_CPUTIME_ID), w0 = now_ms(CLOCK_MONOTONIC), cpu, wall;
		long long base;

		bench_mem_mark();
		base = mem_live;
		if (analysis_run(prog, maps, map_cnt, &opts, &res))
			return -ENOMEM;
		cpu = now_ms(CLOCK_PROCESS_CPUTIME_ID) - c0;
		wall = now_ms(CLOCK_MONOTONIC) - w0;
		if (!r->runs || cpu < r->cpu_ms)
			r->cpu_ms = cpu;
		if (!r->runs || wall < r->wall_ms)
			r->wall_ms = wall;
		if (mem_peak - base > (long long)r->peak_bytes)
			r->peak_bytes = (u64)(mem_peak - base);
		spent += cpu;
		r->runs++;
	} while ((spent < b->min_ms || r->runs < b->min_runs) && r->runs < 100);
	r->name = strdup(name);
	r->source = source;
	r->verdict = res.verdict;
	r->limit = res.verdict == V_UNKNOWN && !strncmp(res.diag.msg, "limit", 5);
	r->kernel_ms = -1;
	r->insns = prog->insn_cnt;
	r->processed = res.insn_processed;
	r->states = res.total_states;
	r->peak_states = res.peak_states;
	if (!r->name)
		return -ENOMEM;
	b->cnt++;
	return 0;
}

/* The corpus */

/* The peer: the running kernel's verifier on the same program (BPF_LOG_STATS gives its
 * "verification time N usec", wall time inside BPF_PROG_LOAD). Programs it cannot load
 * (lockdown, no privileges) keep kernel_ms -1. */
static void kernel_time(struct object *obj, const struct prog *p, struct result *r)
{
	struct kload_opts ko = { .log_level = 4 };	/* BPF_LOG_STATS */
	struct kload_result kr;
	const char *t;
	unsigned long long us;

	/* the log is filled (and must be released) whatever the outcome */
	t = !kernel_load_prog(obj, p, &ko, &kr) && kr.log ? strstr(kr.log, "verification time ") :
	    NULL;
	if (t && sscanf(t, "verification time %llu usec", &us) == 1) {
		r->kernel_ms = us / 1e3;
		r->kernel_processed = kr.insn_processed;
	}
	kload_result_release(&kr);
}

static int bench_object(struct bench *b, const char *path)
{
	struct object *obj;
	char err[512], name[1024];
	u32 i;
	int ret;

	ret = object_open(path, NULL, &obj, err, sizeof(err));
	if (ret) {
		fprintf(stderr, "bench: %s\n", err);
		return 2;
	}
	for (i = 0; i < obj->prog_cnt; i++) {
		const struct prog *p = &obj->progs[i];
		struct analysis_opts opts = {
			.gpl = obj->gpl,
			.btf = obj->btf,
		};

		if (!p->type_known)
			continue;
		snprintf(name, sizeof(name), "%s:%s", path, p->name);
		if (measure(b, name, "corpus", p, obj->maps, obj->map_cnt, &opts))
			break;
		if (b->kernel)
			kernel_time(obj, p, &b->res[b->cnt - 1]);
	}
	ret = i < obj->prog_cnt ? 2 : 0;
	object_free(obj);
	return ret;
}

static bool is_object(const char *name)
{
	size_t n = strlen(name);

	return n > 6 && !strcmp(name + n - 6, ".bpf.o");
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* @path: an object, or a directory searched for *.bpf.o in name order. */
static int bench_path(struct bench *b, const char *path)
{
	struct stat st;
	struct dirent *de;
	char **names = NULL, sub[4096];
	size_t cnt = 0, cap = 0, i;
	DIR *d;
	int ret = 0;

	if (stat(path, &st)) {
		fprintf(stderr, "bench: %s: %s\n", path, strerror(errno));
		return 2;
	}
	if (!S_ISDIR(st.st_mode))
		return bench_object(b, path);
	d = opendir(path);
	if (!d) {
		fprintf(stderr, "bench: %s: %s\n", path, strerror(errno));
		return 2;
	}
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		if (cnt == cap) {
			char **n = realloc(names, (cap = cap ? 2 * cap : 64) * sizeof(*n));

			if (!n)
				break;
			names = n;
		}
		names[cnt++] = strdup(de->d_name);
	}
	closedir(d);
	qsort(names, cnt, sizeof(*names), cmp_str);
	for (i = 0; i < cnt; i++) {
		snprintf(sub, sizeof(sub), "%s/%s", path, names[i]);
		if (!stat(sub, &st) && (S_ISDIR(st.st_mode) || is_object(names[i])))
			ret = ret ?: bench_path(b, sub);
		free(names[i]);
	}
	free(names);
	return ret;
}

/* The selftests */

struct selftests_ctx {
	struct bench *b;
	int err;
};

static void bench_case(const struct json *c, void *arg)
{
	static struct selftest_case sc;
	struct selftests_ctx *ctx = arg;
	const char *file = json_str(json_get(c, "file"));
	char name[256];

	if (ctx->err || selftest_case_build(c, &sc))
		return;
	snprintf(name, sizeof(name), "selftests/%s#%u", file ? file : "?", num(c, "index"));
	if (measure(ctx->b, name, "selftests", &sc.prog, sc.defs, sc.nmaps, &sc.opts))
		ctx->err = -ENOMEM;
	else
		ctx->b->res[ctx->b->cnt - 1].kernel_processed = num(c, "kernel_insn_processed");
	selftest_case_free(&sc);
}

/* Synthetic programs */

static struct bpf_insn insn(u8 code, u8 dst, u8 src, s16 off, s32 imm)
{
	struct bpf_insn i = { .code = code, .dst_reg = dst, .src_reg = src, .off = off, .imm = imm };

	return i;
}

#define ALU64_IMM(op, dst, imm)	insn(BPF_ALU64 | (op) | BPF_K, dst, 0, 0, imm)
#define JMP_IMM(op, dst, imm, off) insn(BPF_JMP | (op) | BPF_K, dst, 0, off, imm)
#define EXIT()			insn(BPF_JMP | BPF_EXIT, 0, 0, 0, 0)
/* r2 = skb->len: an unknown 32-bit value */
#define LOAD_LEN()		insn(BPF_LDX | BPF_MEM | BPF_W, 2, 1, 0, 0)

enum synth { SYNTH_LINE, SYNTH_LADDER, SYNTH_LOOP };

/* The generated program @kind of size parameter @n, in @out (caller frees). */
static u32 synth_build(enum synth kind, u32 n, struct bpf_insn **out)
{
	struct bpf_insn *p = calloc(3 * (size_t)n + 8, sizeof(*p));
	u32 c = 0, i;

	if (!p)
		return 0;
	switch (kind) {
	case SYNTH_LINE:	/* r0 = 0; r0 += 1 (n - 2 times); exit */
		p[c++] = ALU64_IMM(BPF_MOV, 0, 0);
		for (i = 0; i + 2 < n; i++)
			p[c++] = ALU64_IMM(BPF_ADD, 0, 1);
		break;
	case SYNTH_LADDER:	/* n rungs "if r2 > i goto +1; r0 = i": n paths, no pruning */
		p[c++] = LOAD_LEN();
		p[c++] = ALU64_IMM(BPF_MOV, 0, 0);
		for (i = 0; i < n; i++) {
			p[c++] = JMP_IMM(BPF_JGT, 2, (s32)i, 1);
			p[c++] = ALU64_IMM(BPF_MOV, 0, (s32)i);
		}
		break;
	case SYNTH_LOOP:	/* r1 = 0; do r1 += 1 while r1 < n: n iterations */
		p[c++] = ALU64_IMM(BPF_MOV, 0, 0);
		p[c++] = ALU64_IMM(BPF_MOV, 1, 0);
		p[c++] = ALU64_IMM(BPF_ADD, 1, 1);
		p[c++] = JMP_IMM(BPF_JLT, 1, (s32)n, -2);
		break;
	}
	p[c++] = EXIT();
	*out = p;
	return c;
}

static int bench_synthetic(struct bench *b)
{
	static const struct {
		enum synth kind;
		u32 n;
		const char *name;
	} progs[] = {
		{ SYNTH_LINE, 1000, "synthetic/straight_line_1k" },
		{ SYNTH_LINE, 100000, "synthetic/straight_line_100k" },
		{ SYNTH_LADDER, 100, "synthetic/branch_ladder_100" },
		{ SYNTH_LADDER, 400, "synthetic/branch_ladder_400" },
		{ SYNTH_LADDER, 1000, "synthetic/branch_ladder_1000" },
		{ SYNTH_LOOP, 1000, "synthetic/bounded_loop_1k" },
		{ SYNTH_LOOP, 100000, "synthetic/bounded_loop_100k" },
	};
	struct analysis_opts opts = { .gpl = true };
	/* an object with no maps and no BTF, for the kernel's load */
	struct object obj = { .path = (char *)"synthetic", .license = "GPL", .kconfig_map = -1 };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(progs); i++) {
		struct prog prog = { .name = (char *)progs[i].name, .type_known = true };
		int ret;

		prog.pt.prog_type = BPF_PROG_TYPE_SOCKET_FILTER;
		prog.insn_cnt = synth_build(progs[i].kind, progs[i].n, &prog.insns);
		if (!prog.insn_cnt)
			return -ENOMEM;
		ret = measure(b, progs[i].name, "synthetic", &prog, NULL, 0, &opts);
		if (!ret && b->kernel)
			kernel_time(&obj, &prog, &b->res[b->cnt - 1]);
		free(prog.insns);
		if (ret)
			return ret;
	}
	return 0;
}

/* Summary */

static int cmp_cpu_desc(const void *a, const void *b)
{
	double x = (*(const struct result *const *)a)->cpu_ms;
	double y = (*(const struct result *const *)b)->cpu_ms;

	return x < y ? 1 : x > y ? -1 : 0;
}

struct summary {
	u32 cnt, over_budget, limits;
	double total_ms, median_ms, p99_ms, max_ms;
	u64 processed, max_peak_bytes;
	u64 maxrss_kib;		/* the whole process' peak resident set (loader, data, analysis) */
	double insns_per_s;
};

/* @sorted: the results by CPU time, slowest first. */
static void summarize(struct result **sorted, u32 cnt, double budget_ms, struct summary *s)
{
	u32 i;

	struct rusage ru;

	memset(s, 0, sizeof(*s));
	s->cnt = cnt;
	if (!getrusage(RUSAGE_SELF, &ru))
		s->maxrss_kib = (u64)ru.ru_maxrss;
	for (i = 0; i < cnt; i++) {
		s->total_ms += sorted[i]->cpu_ms;
		s->processed += sorted[i]->processed;
		s->over_budget += sorted[i]->cpu_ms > budget_ms;
		s->limits += sorted[i]->limit;
		if (sorted[i]->peak_bytes > s->max_peak_bytes)
			s->max_peak_bytes = sorted[i]->peak_bytes;
	}
	if (!cnt)
		return;
	s->max_ms = sorted[0]->cpu_ms;
	s->median_ms = sorted[cnt / 2]->cpu_ms;
	/* the value 1% of the programs exceed: index 1% from the slowest end */
	s->p99_ms = sorted[cnt / 100]->cpu_ms;
	s->insns_per_s = s->total_ms > 0 ? s->processed / (s->total_ms / 1e3) : 0;
}

/* --kernel: the two verifiers on the programs both ran. */
static void print_kernel_peer(const struct bench *b)
{
	double ours = 0, theirs = 0;
	u64 our_insns = 0, their_insns = 0;
	u32 i, n = 0;

	for (i = 0; i < b->cnt; i++) {
		if (b->res[i].kernel_ms < 0)
			continue;
		n++;
		ours += b->res[i].cpu_ms;
		theirs += b->res[i].kernel_ms;
		our_insns += b->res[i].processed;
		their_insns += b->res[i].kernel_processed;
	}
	if (n)
		printf("\nthe running kernel's verifier on the %u programs it loaded: %.1f ms, %llu insns "
		       "processed; bpfverify on them: %.1f ms, %llu insns\n", n, theirs,
		       (unsigned long long)their_insns, ours, (unsigned long long)our_insns);
}

static void print_table(struct bench *b, struct result **sorted, u32 top, const struct summary *s)
{
	static const char *const sources[] = { "corpus", "selftests", "synthetic" };
	u32 i, j;

	printf("%-10s %6s %10s %9s %9s %9s %13s\n", "source", "progs", "total_ms", "median_ms",
	       "p99_ms", "max_ms", "insns/s");
	for (j = 0; j < ARRAY_SIZE(sources); j++) {
		struct result **sub = calloc(b->cnt ? b->cnt : 1, sizeof(*sub));
		struct summary ss;
		u32 n = 0;

		if (!sub)
			return;
		for (i = 0; i < b->cnt; i++)
			if (!strcmp(sorted[i]->source, sources[j]))
				sub[n++] = sorted[i];
		summarize(sub, n, b->budget_ms, &ss);
		if (n)
			printf("%-10s %6u %10.1f %9.3f %9.3f %9.3f %13.0f\n", sources[j], n, ss.total_ms,
			       ss.median_ms, ss.p99_ms, ss.max_ms, ss.insns_per_s);
		free(sub);
	}
	printf("%-10s %6u %10.1f %9.3f %9.3f %9.3f %13.0f\n", "all", s->cnt, s->total_ms,
	       s->median_ms, s->p99_ms, s->max_ms, s->insns_per_s);
	printf("\nslowest %u (kernel: its processed insns and, with --kernel, its verification "
	       "time):\n  %9s %9s %4s %7s %9s %9s %8s %7s %6s %9s %-7s %s\n",
	       top < s->cnt ? top : s->cnt, "cpu_ms", "wall_ms", "runs", "insns", "processed",
	       "kernel", "kernel_ms", "states", "peak", "heap_KiB", "verdict", "program");
	for (i = 0; i < top && i < s->cnt; i++) {
		const struct result *r = sorted[i];
		char kernel[16] = "-", kms[16] = "-";

		if (r->kernel_processed)
			snprintf(kernel, sizeof(kernel), "%u", r->kernel_processed);
		if (r->kernel_ms >= 0)
			snprintf(kms, sizeof(kms), "%.3f", r->kernel_ms);
		printf("  %9.3f %9.3f %4u %7u %9u %9s %9s %7u %6u %9.1f %-7s %s\n", r->cpu_ms,
		       r->wall_ms, r->runs, r->insns, r->processed, kernel, kms, r->states,
		       r->peak_states, r->peak_bytes / 1024.0,
		       r->limit ? "limit" : verdict_name(r->verdict), r->name);
	}
	print_kernel_peer(b);
	printf("\nlargest peak heap of one analysis %.1f KiB, process max RSS %llu KiB; processed "
	       "%llu insns in %.1f ms CPU (%.0f insns/s); times: one run, the fastest of repeats\n",
	       s->max_peak_bytes / 1024.0, (unsigned long long)s->maxrss_kib,
	       (unsigned long long)s->processed, s->total_ms, s->insns_per_s);
}

static void jsonw_kms(struct jsonw *w, const char *key, double ms)
{
	/* microseconds as integers: the writer has no floating point */
	jsonw_ku64(w, key, (u64)(ms * 1e3 + 0.5));
}

static void print_json(struct bench *b, const struct summary *s)
{
	struct jsonw w;
	u32 i;

	jsonw_init(&w, stdout);
	jsonw_obj(&w, false);
	jsonw_key(&w, "summary");
	jsonw_obj(&w, false);
	jsonw_ku64(&w, "programs", s->cnt);
	jsonw_kms(&w, "total_cpu_us", s->total_ms);
	jsonw_kms(&w, "median_cpu_us", s->median_ms);
	jsonw_kms(&w, "p99_cpu_us", s->p99_ms);
	jsonw_kms(&w, "max_cpu_us", s->max_ms);
	jsonw_ku64(&w, "processed", s->processed);
	jsonw_ku64(&w, "insns_per_s", (u64)s->insns_per_s);
	jsonw_ku64(&w, "max_peak_bytes", s->max_peak_bytes);
	jsonw_ku64(&w, "maxrss_kib", s->maxrss_kib);
	jsonw_kms(&w, "budget_us", b->budget_ms);
	jsonw_ku64(&w, "over_budget", s->over_budget);
	jsonw_end_obj(&w);
	jsonw_key(&w, "programs");
	jsonw_arr(&w, false);
	for (i = 0; i < b->cnt; i++) {
		const struct result *r = &b->res[i];

		jsonw_obj(&w, true);
		jsonw_kstr(&w, "name", r->name);
		jsonw_kstr(&w, "source", r->source);
		jsonw_kstr(&w, "verdict", r->limit ? "limit" : verdict_name(r->verdict));
		jsonw_kms(&w, "cpu_us", r->cpu_ms);
		jsonw_kms(&w, "wall_us", r->wall_ms);
		jsonw_ku64(&w, "runs", r->runs);
		jsonw_ku64(&w, "insns", r->insns);
		jsonw_ku64(&w, "processed", r->processed);
		if (r->kernel_processed)
			jsonw_ku64(&w, "kernel_processed", r->kernel_processed);
		if (r->kernel_ms >= 0)
			jsonw_kms(&w, "kernel_us", r->kernel_ms);
		jsonw_ku64(&w, "states", r->states);
		jsonw_ku64(&w, "peak_states", r->peak_states);
		jsonw_ku64(&w, "peak_bytes", r->peak_bytes);
		jsonw_end_obj(&w);
	}
	jsonw_end_arr(&w);
	jsonw_end_obj(&w);
	fputc('\n', stdout);
}

/* The saved --json result in @path: its "programs" array, or NULL (said on stderr). */
static struct json *baseline_read(const char *path)
{
	const struct json *progs;
	const char *err = NULL;
	struct json *base;
	size_t len;
	char *text;

	text = file_slurp(path, &len);
	if (!text) {
		fprintf(stderr, "bench: cannot read baseline %s\n", path);
		return NULL;
	}
	base = json_parse(text, len, &err);
	free(text);
	progs = base ? json_get(base, "programs") : NULL;
	if (!progs || progs->type != JSON_ARRAY) {
		fprintf(stderr, "bench: baseline %s: not a bench --json result\n", path);
		json_free(base);
		return NULL;
	}
	return base;
}

/* Regressions against @base (from @path): 0 none, 1 some. Output goes to @out (stderr under
 * --json, to keep stdout JSON). */
static int compare_baseline(struct bench *b, const struct json *base, const char *path, FILE *out)
{
	const struct json *progs = json_get(base, "programs"), *p = NULL;
	u32 i, regressed = 0, matched = 0;
	size_t k;

	for (i = 0; i < b->cnt; i++) {
		const struct result *r = &b->res[i];
		double was;

		for (k = 0; k < progs->cnt; k++) {
			p = json_at(progs, k);
			if (json_str(json_get(p, "name")) && !strcmp(json_str(json_get(p, "name")), r->name))
				break;
		}
		if (k == progs->cnt)
			continue;
		matched++;
		was = num(p, "cpu_us") / 1e3;
		if (r->cpu_ms > was * 1.2 && r->cpu_ms - was > 1.0) {
			if (!regressed++)
				fprintf(out, "\nregressions against %s (CPU ms, > 20%% and > 1 ms):\n", path);
			fprintf(out, "  %9.3f -> %9.3f (%+.0f%%) %s\n", was, r->cpu_ms,
				100.0 * (r->cpu_ms - was) / (was > 0 ? was : 1), r->name);
		}
	}
	fprintf(out, "baseline %s: %u programs compared, %u regressed\n", path, matched, regressed);
	return regressed ? 1 : 0;
}

static int usage(const char *why)
{
	fprintf(stderr, "bench: %s (usage: bench [--json] [--budget-ms N] [--baseline FILE] [--top N] "
		"[--min-ms N] [--runs N] [--kernel] [--no-corpus] [--no-selftests] [--no-synthetic] [--selftests JSONL] "
		"[PATH...])\n", why);
	return 2;
}

/* A positive number from @s, else -1. */
static double parse_ms(const char *s)
{
	char *end;
	double v;

	errno = 0;
	v = s ? strtod(s, &end) : -1;
	return !s || errno || end == s || *end || v <= 0 || v > 1e7 ? -1 : v;
}

struct opts {
	const char *baseline, *selftests;
	const char **paths;	/* the PATH arguments, pointing into argv */
	u32 npaths, top;
	bool json, no_corpus, no_selftests, no_synthetic;
};

/* The command line into @o and @b; 0, or 2 after a one-line message. */
static int parse_args(int argc, char **argv, struct opts *o, struct bench *b)
{
	int i;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *arg = i + 1 < argc ? argv[i + 1] : NULL;
		double v;

		if (!strcmp(a, "--json")) {
			o->json = true;
		} else if (!strcmp(a, "--kernel")) {
			b->kernel = true;
		} else if (!strcmp(a, "--no-corpus")) {
			o->no_corpus = true;
		} else if (!strcmp(a, "--no-selftests")) {
			o->no_selftests = true;
		} else if (!strcmp(a, "--no-synthetic")) {
			o->no_synthetic = true;
		} else if (!strcmp(a, "--budget-ms") || !strcmp(a, "--min-ms") ||
			   !strcmp(a, "--top") || !strcmp(a, "--runs")) {
			v = parse_ms(arg);
			if (v < 0)
				return usage("a positive number must follow --budget-ms, --min-ms, --top, "
					     "--runs");
			if (!strcmp(a, "--budget-ms"))
				b->budget_ms = v;
			else if (!strcmp(a, "--min-ms"))
				b->min_ms = v;
			else if (!strcmp(a, "--runs"))
				b->min_runs = v < 100 ? (u32)v : 100;
			else
				o->top = (u32)v;
			i++;
		} else if (!strcmp(a, "--baseline") || !strcmp(a, "--selftests")) {
			if (!arg)
				return usage("a file must follow --baseline, --selftests");
			*(!strcmp(a, "--baseline") ? &o->baseline : &o->selftests) = arg;
			i++;
		} else if (a[0] == '-') {
			return usage("unknown option");
		} else {
			o->paths[o->npaths++] = a;
		}
	}
	return 0;
}

/* Every program of the enabled sources into @b: 0, or 2 after a message. */
static int bench_all(struct bench *b, struct opts *o)
{
	const char *corpus = getenv("BPFVERIFY_CORPUS");
	int ret = 0, rc;
	u32 i;

	if (!o->npaths && !o->no_corpus)
		o->paths[o->npaths++] = corpus && *corpus ? corpus : "build/corpus";
	for (i = 0; i < o->npaths && !o->no_corpus && !ret; i++)
		ret = bench_path(b, o->paths[i]);
	if (!ret && !o->no_selftests) {
		struct selftests_ctx ctx = { b, 0 };
		char why[512] = "";
		const char *path = o->selftests ? o->selftests : selftests_path();

		rc = selftests_for_each(path, bench_case, &ctx, why, sizeof(why));
		if (rc < 0 || ctx.err) {
			fprintf(stderr, "bench: selftests %s: %s\n", path,
				*why ? why : strerror(rc < 0 ? -rc : -ctx.err));
			ret = 2;
		}
	}
	if (!ret && !o->no_synthetic && bench_synthetic(b)) {
		fprintf(stderr, "bench: out of memory\n");
		ret = 2;
	}
	return ret;
}

int main(int argc, char **argv)
{
	struct bench b = { .budget_ms = 1000, .min_ms = 20, .min_runs = 1 };
	struct opts o = { .top = 10, .paths = calloc(argc + 1, sizeof(*o.paths)) };
	FILE *side;	/* budget and baseline lines: stdout, or stderr under --json */
	struct json *base = NULL;
	struct result **sorted = NULL;
	struct summary s;
	char why[256];
	int ret;
	u32 i;

	ret = o.paths ? parse_args(argc, argv, &o, &b) : 2;
	if (!ret && o.baseline && !(base = baseline_read(o.baseline)))
		ret = 2;
	if (!ret && b.kernel && kernel_probe(why, sizeof(why))) {
		fprintf(stderr, "bench: --kernel: %s\n", why);
		ret = 2;
	}
	b.time_limit_ms = b.budget_ms * 10 < 60000 ? (u32)(b.budget_ms * 10) + 1 : 60000;
	ret = ret ?: bench_all(&b, &o);
	if (!ret && !(sorted = calloc(b.cnt ? b.cnt : 1, sizeof(*sorted))))
		ret = 2;
	if (ret)
		goto out;
	for (i = 0; i < b.cnt; i++)
		sorted[i] = &b.res[i];
	qsort(sorted, b.cnt, sizeof(*sorted), cmp_cpu_desc);
	summarize(sorted, b.cnt, b.budget_ms, &s);
	side = o.json ? stderr : stdout;
	if (o.json)
		print_json(&b, &s);
	else
		print_table(&b, sorted, o.top, &s);
	if (s.over_budget) {
		fprintf(side, "\nover the budget of %g ms CPU:\n", b.budget_ms);
		for (i = 0; i < s.over_budget; i++)
			fprintf(side, "  %9.3f %s\n", sorted[i]->cpu_ms, sorted[i]->name);
		ret = 1;
	}
	if (base && compare_baseline(&b, base, o.baseline, side))
		ret = 1;
out:
	json_free(base);
	for (i = 0; i < b.cnt; i++)
		free(b.res[i].name);
	free(b.res);
	free(sorted);
	free(o.paths);
	return ret;
}
