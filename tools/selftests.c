/* The kernel's own verifier tests as a conformance measure: every case of
 * ../shared/kernel-selftests/verifier-6.1-on-6.18.jsonl (Linux 6.1
 * tools/testing/selftests/bpf/verifier/ *.c, with the verdicts of a live 6.18 kernel) is turned
 * into an in-memory program (instructions, program type, the maps at the listed ld_imm64
 * instructions) and analysed; our verdict is compared with the kernel's.
 *
 *   selftests [-v|-vv] [-f FILE] [--ratchet RATCHET] [--trace INDEX] [JSONL]
 *
 * Prints one row per test file (cases, agree, we reject / kernel accepts, we accept / kernel
 * rejects, unknown, and among agreeing rejections how many have the kernel's first error line)
 * and the totals. -v lists every disagreement, -f keeps one test file. "We accept / kernel
 * rejects" is the dangerous kind for a CI gate: those are listed even without -v. Then, over
 * the cases both accept, how our processed-insn count compares with the kernel's
 * (kernel_insn_processed: equal, within 10%, larger, smaller; -vv lists each difference) and its
 * state statistics (max_states_per_insn, total_states, peak_states of its log), and
 * the slowest cases in CPU time. --trace INDEX prints, for that case only, our analysis with the
 * state after every instruction and the running kernel's log level 2 log of the same program.
 *
 * Among agreeing rejections, whether we fail at the kernel's instruction: the last instruction
 * line before the first error in the tail of the kernel's log (-v lists each difference).
 *
 * --ratchet names a file of "key value" lines (agree, rej_acc, acc_rej, same_msg, same_insn,
 * insn_equal, states_equal): the run fails (exit 1) when agreement, same-message,
 * same-instruction, equal-insn or equal-states counts fall below, or a disagreement count rises above, the level recorded there.
 * Raise the file's numbers as the analysis improves.
 *
 * Exit status: 0, 1 below the ratchet, or 2 when the data cannot be read (printed as SKIP). The JSON reader is the
 * unit suites' (tests/unit/json.c), compiled in: tools link only the library. */
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <stddef.h>
#include <time.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/btf.h>

#include "../tests/unit/json.c"
#include "analysis/analysis.h"
#include "loader/kernel.h"
#include "loader/object.h"
#include "report/klog.h"
#include "selftest_case.h"

struct row {
	char file[64];
	u32 cases, agree, rej_acc, acc_rej, unknown, rej_both, msg_match;
	u32 insn_known, insn_match;	/* agreeing rejections whose failing insn the kernel's
					 * log shows, and those where it is ours */
};

/* How our processed-instruction count compares with the kernel's (kernel_insn_processed) on
 * the cases both accept: the measure of how close our state pruning is to the kernel's. */
struct insn_cmp {
	u32 cases, equal, within10, larger, smaller;
	u32 states_known, states_equal;	/* with the kernel's state statistics in its log */
	u64 ours_sum, kernel_sum;
};

/* What the exploration counted: processed insns and the states line's statistics. */
struct counts {
	u32 processed, max_states_per_insn, total_states, peak_states;
};

/* The slowest cases in CPU time, for the time guard (each must stay far below 1 s). */
#define SLOWEST 5
struct slow {
	double secs;
	u32 index;
	char file[64];
};

static void slow_note(struct slow *s, double secs, u32 index, const char *file)
{
	int i, j;

	for (i = 0; i < SLOWEST && s[i].secs >= secs; i++)
		;
	if (i == SLOWEST)
		return;
	for (j = SLOWEST - 1; j > i; j--)
		s[j] = s[j - 1];
	s[i].secs = secs;
	s[i].index = index;
	snprintf(s[i].file, sizeof(s[i].file), "%s", file);
}

static void insn_cmp_note(struct insn_cmp *ic, u32 ours, u32 kernel)
{
	u32 diff = ours > kernel ? ours - kernel : kernel - ours;

	if (!kernel)
		return;
	ic->cases++;
	if (ours == kernel)
		ic->equal++;
	else if ((u64)diff * 10 <= kernel)
		ic->within10++;
	if (ours > kernel)
		ic->larger++;
	else if (ours < kernel)
		ic->smaller++;
	ic->ours_sum += ours;
	ic->kernel_sum += kernel;
}

/* --mode join: run the join engine instead of the path engine (analysis_opts.mode) */
static u32 analysis_mode = ANALYSIS_MODE_PATH;

/* Runs one case: our verdict into *@v, the message into @msg, our counts into *@cnt. */
static int run_case(const struct json *c, enum verdict *v, char *msg, size_t msgsz, u32 *insn,
		    struct counts *cnt)
{
	/* static: a case holds its map table (a few hundred KB) */
	static struct selftest_case sc;
	struct analysis_result res;
	int ret;

	if (selftest_case_build(c, &sc))
		return -EINVAL;
	sc.opts.mode = analysis_mode;
	ret = analysis_run(&sc.prog, sc.defs, sc.nmaps, &sc.opts, &res);
	selftest_case_free(&sc);
	if (ret)
		return ret;
	*v = res.verdict;
	*insn = res.diag.insn_idx;
	cnt->processed = res.insn_processed;
	cnt->max_states_per_insn = res.max_states_per_insn;
	cnt->total_states = res.total_states;
	cnt->peak_states = res.peak_states;
	snprintf(msg, msgsz, "%s", res.diag.msg);
	if (sc.why && res.verdict != V_UNSAFE) {
		/* a rejection found before the unmodelled feature matters still stands */
		*v = V_UNKNOWN;
		snprintf(msg, msgsz, "not modelled yet: %s", sc.why);
	}
	return 0;
}

/* --trace INDEX: case @c analysed with our state after every instruction (log level 2), then
 * loaded into the running kernel with its log level 2 log, to see where the two explorations
 * part (pruning, checkpoints, precision). */
static int trace_case(const struct json *c)
{
	static struct selftest_case sc;
	struct kload_opts ko = { .log_level = 2 | 4 };
	struct kload_result kr;
	struct object obj;
	struct analysis_result res;
	int ret;

	if (selftest_case_build(c, &sc))
		return -EINVAL;
	sc.opts.mode = analysis_mode;
	sc.opts.log_level = 2;
	sc.opts.log = stdout;
	printf("== ours\n");
	ret = analysis_run(&sc.prog, sc.defs, sc.nmaps, &sc.opts, &res);
	if (!ret)
		printf("%s after %u insns: %s\n", verdict_name(res.verdict), res.insn_processed,
		       res.diag.msg);
	/* the live loader's program fields that an object's section would set */
	sc.prog.type_known = true;
	if (!sc.prog.name)
		sc.prog.name = "selftest";
	memset(&obj, 0, sizeof(obj));
	obj.btf = sc.btf;
	obj.maps = sc.defs;
	obj.map_cnt = sc.nmaps;
	obj.kconfig_map = -1;
	snprintf(obj.license, sizeof(obj.license), "GPL");
	printf("== kernel\n");
	memset(&kr, 0, sizeof(kr));
	if (kernel_load_prog(&obj, &sc.prog, &ko, &kr))
		printf("cannot load: %s\n", kr.msg);
	else
		printf("%s", kr.log ? kr.log : "");
	kload_result_release(&kr);
	selftest_case_free(&sc);
	return ret;
}

/* The kernel's "max_states_per_insn M total_states T peak_states P" from its log tail into
 * *@k; false when the tail does not have it. */
static bool kernel_states(const struct json *c, struct counts *k)
{
	const char *tail = json_str(json_get(json_get(c, "kernel_l1"), "log_tail"));
	const char *at = tail ? strstr(tail, "max_states_per_insn ") : NULL;

	return at && sscanf(at, "max_states_per_insn %u total_states %u peak_states %u",
			    &k->max_states_per_insn, &k->total_states, &k->peak_states) == 3;
}

/* Among rejections both agree on: whether we fail at the instruction the kernel's log_level 1 log
 * places the error at (kernel_l1.log_tail: klog_error_insn(); rejections before the path walk
 * name no instruction). */
static void note_error_insn(struct row *r, struct row *tot, const struct json *c, u32 ours,
			    int verbose)
{
	const char *tail = json_str(json_get(json_get(c, "kernel_l1"), "log_tail"));
	u32 kern;

	if (!klog_error_insn(tail, &kern))
		return;
	r->insn_known++, tot->insn_known++;
	if (kern == ours)
		r->insn_match++, tot->insn_match++;
	else if (verbose)
		printf("  insn %s #%u %s: ours %u kernel %u\n", json_str(json_get(c, "file")),
		       num(c, "index"), json_str(json_get(c, "name")), ours, kern);
}

/* Compares the totals with the recorded level; 0 when not worse, 1 when worse, 2 unreadable.
 * "insn_equal" is the number of cases both accept with the kernel's processed-insn count,
 * "states_equal" those with its three state statistics. */
static int check_ratchet(const char *path, const struct row *tot, const struct insn_cmp *ic)
{
	const struct {
		const char *key;
		u32 got;
	} at_least[] = { { "insn_equal", ic->equal }, { "states_equal", ic->states_equal } };
	static const struct {
		const char *key;
		size_t off;
		bool at_most;	/* a count that must not grow */
	} keys[] = {
		{ "agree", offsetof(struct row, agree), false },
		{ "same_msg", offsetof(struct row, msg_match), false },
		{ "same_insn", offsetof(struct row, insn_match), false },
		{ "rej_acc", offsetof(struct row, rej_acc), true },
		{ "acc_rej", offsetof(struct row, acc_rej), true },
	};
	FILE *f = fopen(path, "r");
	char key[64];
	unsigned int want;
	int ret = 0;
	size_t i;

	if (!f) {
		printf("selftests: cannot read ratchet %s\n", path);
		return 2;
	}
	while (fscanf(f, "%63s %u", key, &want) == 2) {
		for (i = 0; i < ARRAY_SIZE(at_least); i++) {
			if (!strcmp(key, at_least[i].key) && at_least[i].got < want) {
				printf("selftests: ratchet %s: %s is %u, recorded level %u\n", path,
				       key, at_least[i].got, want);
				ret = 1;
			}
		}
		for (i = 0; i < ARRAY_SIZE(keys); i++) {
			u32 got = *(const u32 *)((const char *)tot + keys[i].off);

			if (strcmp(key, keys[i].key))
				continue;
			if (keys[i].at_most ? got > want : got < want) {
				printf("selftests: ratchet %s: %s is %u, recorded level %u\n", path, key,
				       got, want);
				ret = 1;
			}
		}
	}
	fclose(f);
	if (!ret)
		printf("selftests: at or above the ratchet in %s\n", path);
	return ret;
}

static void print_row(const struct row *r)
{
	printf("%-32s %6u %6u %9u %9u %7u %4u/%-4u %4u/%-4u\n", r->file, r->cases, r->agree,
	       r->rej_acc, r->acc_rej, r->unknown, r->msg_match, r->rej_both, r->insn_match,
	       r->insn_known);
}

int main(int argc, char **argv)
{
	const char *path = NULL, *only = NULL, *ratchet = NULL;
	struct row *rows = NULL, tot = { "TOTAL" };
	struct insn_cmp ic = { 0 };
	struct slow slowest[SLOWEST] = { 0 };
	u32 nrows = 0, i;
	int verbose = 0, trace = -1;
	size_t len;
	char *data, *line, *save;

	for (i = 1; i < (u32)argc; i++) {
		if (!strcmp(argv[i], "-v"))
			verbose = 1;
		else if (!strcmp(argv[i], "-vv"))
			verbose = 2;
		else if (!strcmp(argv[i], "-f") && i + 1 < (u32)argc)
			only = argv[++i];
		else if (!strcmp(argv[i], "--trace") && i + 1 < (u32)argc)
			trace = (int)strtol(argv[++i], NULL, 10);
		else if (!strcmp(argv[i], "--ratchet") && i + 1 < (u32)argc)
			ratchet = argv[++i];
		else if (!strcmp(argv[i], "--mode") && i + 1 < (u32)argc)
			analysis_mode = !strcmp(argv[++i], "join") ? ANALYSIS_MODE_JOIN
								    : ANALYSIS_MODE_PATH;
		else
			path = argv[i];
	}
	if (!path)
		path = selftests_path();
	data = selftests_slurp(path, &len);
	if (!data) {
		printf("SKIP: selftests: cannot read %s\n", path);
		return 2;
	}
	rows = calloc(256, sizeof(*rows));
	for (line = strtok_r(data, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		const char *err = NULL, *file, *kv, *kmsg;
		struct json *c = json_parse(line, strlen(line), &err);
		enum verdict v = V_UNKNOWN;
		char msg[512];
		struct row *r;
		bool kacc;
		u32 insn = 0;
		struct counts cnt = { 0 };
		struct timespec t0, t1;
		double secs;

		if (!c)
			continue;
		file = json_str(json_get(c, "file"));
		kv = json_str(json_get(c, "kernel_6_18"));
		kmsg = json_str(json_get(c, "kernel_log_first_error"));
		if (!file || !kv || (only && strcmp(only, file))) {
			json_free(c);
			continue;
		}
		if (trace >= 0) {
			if ((u32)trace == num(c, "index"))
				trace_case(c);
			json_free(c);
			continue;
		}
		for (i = 0; i < nrows; i++)
			if (!strcmp(rows[i].file, file))
				break;
		if (i == nrows && nrows < 256)
			snprintf(rows[nrows++].file, sizeof(rows[0].file), "%s", file);
		r = &rows[i < 256 ? i : 255];
		kacc = !strcmp(kv, "accept");
		clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t0);
		if (run_case(c, &v, msg, sizeof(msg), &insn, &cnt))
			snprintf(msg, sizeof(msg), "internal error"), v = V_UNKNOWN;
		clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t1);
		secs = (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
		slow_note(slowest, secs, num(c, "index"), file);
		if (v == V_SAFE && kacc) {
			u32 kp = num(c, "kernel_insn_processed");

			struct counts k;

			insn_cmp_note(&ic, cnt.processed, kp);
			if (verbose > 1 && cnt.processed != kp)
				printf("  insns %s #%u %s: ours %u kernel %u\n", file, num(c, "index"),
				       json_str(json_get(c, "name")), cnt.processed, kp);
			if (kernel_states(c, &k)) {
				ic.states_known++;
				if (k.max_states_per_insn == cnt.max_states_per_insn &&
				    k.total_states == cnt.total_states &&
				    k.peak_states == cnt.peak_states)
					ic.states_equal++;
				else if (verbose > 1)
					printf("  states %s #%u: max_states_per_insn %u total_states %u "
					       "peak_states %u, kernel %u %u %u\n", file,
					       num(c, "index"), cnt.max_states_per_insn,
					       cnt.total_states, cnt.peak_states,
					       k.max_states_per_insn, k.total_states, k.peak_states);
			}
		}
		r->cases++;
		tot.cases++;
		if (v == V_UNKNOWN) {
			r->unknown++, tot.unknown++;
		} else if ((v == V_SAFE) == kacc) {
			r->agree++, tot.agree++;
			if (!kacc) {
				char first[512], *nl;

				r->rej_both++, tot.rej_both++;
				snprintf(first, sizeof(first), "%s", msg);
				nl = strchr(first, '\n');
				if (nl)
					*nl = 0;
				if (kmsg && !strcmp(first, kmsg))
					r->msg_match++, tot.msg_match++;
				else if (verbose)
					printf("  msg  %s #%u %s: ours \"%s\" kernel \"%s\"\n", file,
					       num(c, "index"), json_str(json_get(c, "name")), first,
					       kmsg ? kmsg : "");
				note_error_insn(r, &tot, c, insn, verbose);
			}
		} else if (v == V_SAFE) {
			r->acc_rej++, tot.acc_rej++;
			printf("  DANGER we accept / kernel rejects: %s #%u %s: kernel \"%s\"\n", file,
			       num(c, "index"), json_str(json_get(c, "name")), kmsg ? kmsg : "");
		} else {
			r->rej_acc++, tot.rej_acc++;
			if (verbose)
				printf("  we reject / kernel accepts: %s #%u %s: insn %u \"%s\"\n", file,
				       num(c, "index"), json_str(json_get(c, "name")), insn, msg);
		}
		if (verbose && v == V_UNKNOWN)
			printf("  unknown: %s #%u: %s\n", file, num(c, "index"), msg);
		json_free(c);
	}
	if (trace >= 0) {
		free(rows);
		free(data);
		return 0;
	}
	printf("\n%-32s %6s %6s %9s %9s %7s %9s %9s\n", "file", "cases", "agree", "rej/acc",
	       "acc/rej", "unknown", "same-msg", "same-insn");
	for (i = 0; i < nrows; i++)
		print_row(&rows[i]);
	print_row(&tot);
	printf("agreement: %u/%u (%.1f%%) of all cases; %u/%u (%.1f%%) of decided cases\n", tot.agree,
	       tot.cases, tot.cases ? 100.0 * tot.agree / tot.cases : 0.0, tot.agree,
	       tot.cases - tot.unknown,
	       tot.cases - tot.unknown ? 100.0 * tot.agree / (tot.cases - tot.unknown) : 0.0);
	printf("failing insn: ours is the kernel's on %u of the %u agreeing rejections whose log "
	       "shows it\n", tot.insn_match, tot.insn_known);
	printf("insn_processed on the %u cases both accept: %u equal to the kernel's, %u more within "
	       "10%%, %u ours larger, %u ours smaller; in total ours %llu, kernel's %llu\n", ic.cases,
	       ic.equal, ic.within10, ic.larger, ic.smaller, (unsigned long long)ic.ours_sum,
	       (unsigned long long)ic.kernel_sum);
	printf("state statistics (max_states_per_insn, total_states, peak_states) equal to the "
	       "kernel's on %u of the %u\n", ic.states_equal, ic.states_known);
	printf("slowest cases (CPU time):");
	for (i = 0; i < SLOWEST && slowest[i].secs > 0; i++)
		printf(" %s #%u %.3fs%s", slowest[i].file, slowest[i].index, slowest[i].secs,
		       i + 1 < SLOWEST ? "," : "");
	printf("\n");
	free(rows);
	free(data);
	return ratchet ? check_ratchet(ratchet, &tot, &ic) : 0;
}
