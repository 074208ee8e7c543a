/* The kernel's own verifier tests as a conformance measure: every case of
 * ../shared/kernel-selftests/verifier-6.1-on-6.18.jsonl (Linux 6.1
 * tools/testing/selftests/bpf/verifier/ *.c, with the verdicts of a live 6.18 kernel) is turned
 * into an in-memory program (instructions, program type, the maps at the listed ld_imm64
 * instructions) and analysed; our verdict is compared with the kernel's.
 *
 *   selftests [-v] [-f FILE] [--ratchet RATCHET] [JSONL]
 *
 * Prints one row per test file (cases, agree, we reject / kernel accepts, we accept / kernel
 * rejects, unknown, and among agreeing rejections how many have the kernel's first error line)
 * and the totals. -v lists every disagreement, -f keeps one test file. "We accept / kernel
 * rejects" is the dangerous kind for a CI gate: those are listed even without -v. Then, over
 * the cases both accept, how our processed-insn count compares with the kernel's
 * (kernel_insn_processed: equal, within 10%, larger, smaller; -vv lists each difference), and
 * the slowest cases in CPU time.
 *
 * --ratchet names a file of "key value" lines (agree, rej_acc, acc_rej, same_msg, insn_equal):
 * the run fails (exit 1) when agreement, same-message or equal-insn counts fall below, or a
 * disagreement count rises above, the level recorded there. Raise the file's numbers as the analysis improves.
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
#include "loader/object.h"

#include <bpf/btf.h>

/* The running kernel's BTF, for the tracing cases: their recorded attach_btf_id belongs to the
 * kernel build the cases were recorded on, so the target is looked up again by name. */
static struct btf *vmlinux_btf(void)
{
	static struct btf *btf;
	static bool tried;

	if (!tried) {
		tried = true;
		btf = btf__parse("/sys/kernel/btf/vmlinux", NULL);
	}
	return btf;
}

/* attach_btf_id of a case in @btf by its attach_btf_name (libbpf's prefixes), 0 if not found */
static u32 attach_id_by_name(const struct btf *btf, const char *name, u32 prog_type, u32 at)
{
	const char *prefix = "";
	int kind = BTF_KIND_FUNC;
	char full[256];
	s32 id;

	if (!btf || !name || !*name)
		return 0;
	if (prog_type == BPF_PROG_TYPE_LSM)
		prefix = "bpf_lsm_";
	else if (at == BPF_TRACE_ITER)
		prefix = "bpf_iter_";
	else if (at == BPF_TRACE_RAW_TP) {
		prefix = "btf_trace_";
		kind = BTF_KIND_TYPEDEF;
	}
	snprintf(full, sizeof(full), "%s%s", prefix, name);
	id = btf__find_by_name_kind(btf, full, kind);
	return id > 0 ? (u32)id : 0;
}

#ifndef BPF_F_TEST_STATE_FREQ
#define BPF_F_TEST_STATE_FREQ 8
#endif

struct row {
	char file[64];
	u32 cases, agree, rej_acc, acc_rej, unknown, rej_both, msg_match;
};

static u32 num(const struct json *o, const char *k)
{
	const struct json *v = json_get(o, k);

	return v && v->type == JSON_NUMBER ? (u32)v->number : 0;
}

/* The map's BTF (btf_hex) as the harness handed it to BPF_MAP_CREATE: its special fields. The
 * case ran, so the kernel created the map: referenced kptrs found their destructor. */
static void map_btf_from_json(struct map_def *m, const struct json *j)
{
	const char *hex = json_str(json_get(j, "btf_hex"));
	size_t n = hex ? strlen(hex) / 2 : 0, i;
	struct btf *btf;
	u8 *raw;

	if (!n || !(raw = malloc(n)))
		return;
	for (i = 0; i < n; i++) {
		unsigned int b;

		if (sscanf(hex + 2 * i, "%2x", &b) != 1)
			break;
		raw[i] = (u8)b;
	}
	btf = i == n ? btf__new(raw, (u32)n) : NULL;
	if (btf && !libbpf_get_error(btf)) {
		m->btf_key_type_id = num(j, "btf_key_type_id");
		m->btf_value_type_id = num(j, "btf_value_type_id");
		map_fields_parse(btf, m);
		btf__free(btf);
	} else {
		m->fields_why = "unreadable map BTF";
	}
	free(raw);
}

static void map_from_json(struct map_def *m, const struct json *j)
{
	memset(m, 0, sizeof(*m));
	m->kind = MAP_KIND_USER;
	m->type = num(j, "map_type_id");
	m->key_size = num(j, "key_size");
	m->value_size = num(j, "value_size");
	m->max_entries = num(j, "max_entries");
	m->map_flags = num(j, "map_flags");
	m->inner_idx = -1;
	m->name = (char *)"test_map";	/* the name test_verifier gives every map (messages) */
	map_btf_from_json(m, j);
}

/* How our processed-instruction count compares with the kernel's (kernel_insn_processed) on
 * the cases both accept: the measure of how close our state pruning is to the kernel's. */
struct insn_cmp {
	u32 cases, equal, within10, larger, smaller;
	u64 ours_sum, kernel_sum;
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

/* The program's own BTF and func_info (`prog_btf_hex`, `func_info`: callbacks need them): *@btf
 * is the parsed BTF (caller frees with btf__free) and @prog->funcs the records, pointing into
 * @funcs[@max]. 0 when the case has none, -EINVAL when they are malformed. */
static int prog_btf_from_json(const struct json *c, struct prog *prog, struct btf **btf,
			      struct func_rec *funcs, u32 max)
{
	const struct json *hex = json_get(c, "prog_btf_hex"), *fi = json_get(c, "func_info");
	size_t len, i;
	u8 *raw;

	*btf = NULL;
	if (!hex || hex->type != JSON_STRING)
		return 0;
	len = strlen(json_str(hex)) / 2;
	raw = malloc(len ? len : 1);
	if (!raw)
		return -ENOMEM;
	for (i = 0; i < len; i++) {
		unsigned int b;

		if (sscanf(json_str(hex) + 2 * i, "%2x", &b) != 1)
			break;
		raw[i] = (u8)b;
	}
	*btf = i == len ? btf__new(raw, (u32)len) : NULL;
	free(raw);
	if (!*btf)
		return -EINVAL;	/* libbpf 1.x: NULL and errno on failure */
	for (i = 0; fi && fi->type == JSON_ARRAY && i < fi->cnt && i < max; i++) {
		funcs[i].insn_idx = num(json_at(fi, i), "insn_off");
		funcs[i].type_id = num(json_at(fi, i), "type_id");
	}
	prog->funcs = funcs;
	prog->func_cnt = (u32)i;
	return 0;
}

/* Runs one case: our verdict into *@v, the message into @msg, our processed-instruction
 * count into *@processed. */
static int run_case(const struct json *c, enum verdict *v, char *msg, size_t msgsz, u32 *insn,
		    u32 *processed)
{
	const struct json *maps = json_get(c, "maps"), *kf = json_get(c, "kfunc_fixups");
	struct map_def defs[64];
	struct prog_reloc relocs[256];
	struct analysis_result res;
	struct analysis_opts opts = { .gpl = true };
	struct func_rec funcs[64];
	struct btf *btf = NULL;
	struct prog prog;
	u32 nmaps = 0, nrel = 0;
	bool force_unknown = false;
	const char *why = NULL;
	size_t i, k;
	int ret;

	memset(&prog, 0, sizeof(prog));
	if (selftests_insns(c, &prog.insns, &prog.insn_cnt))
		return -EINVAL;
	prog.pt.prog_type = num(c, "prog_type_id");
	prog.pt.expected_attach_type = num(c, "expected_attach_type_id");
	prog.attach_btf_id = num(c, "attach_btf_id_6_18");
	if (json_str(json_get(c, "attach_btf_name")))
		prog.attach_btf_id = attach_id_by_name(vmlinux_btf(),
						       json_str(json_get(c, "attach_btf_name")),
						       prog.pt.prog_type, prog.pt.expected_attach_type);
	if (kf && kf->cnt)
		why = "kfuncs";
	if (prog_btf_from_json(c, &prog, &btf, funcs, ARRAY_SIZE(funcs)))
		why = "program BTF that does not parse";
	opts.btf = btf;
	for (i = 0; maps && i < maps->cnt && nmaps + 2 <= ARRAY_SIZE(defs); i++) {
		const struct json *mj = json_at(maps, i), *idx = json_get(mj, "insn_idx");
		const struct json *inner = json_get(mj, "inner_map");
		u32 me = nmaps;

		map_from_json(&defs[nmaps++], mj);
		if (inner && inner->type == JSON_OBJECT) {
			map_from_json(&defs[nmaps], inner);
			defs[me].inner_idx = (int)nmaps;
			nmaps++;
		}
		for (k = 0; idx && k < idx->cnt && nrel < ARRAY_SIZE(relocs); k++) {
			u32 at = (u32)json_at(idx, k)->number;

			if (at >= prog.insn_cnt)
				continue;
			relocs[nrel].insn_idx = at;
			relocs[nrel].kind = prog.insns[at].src_reg == BPF_PSEUDO_MAP_VALUE ?
					    RELOC_MAP_VALUE : RELOC_MAP_FD;
			relocs[nrel].map_idx = (int)me;
			relocs[nrel].sym = NULL;
			nrel++;
		}
	}
	prog.relocs = relocs;
	prog.reloc_cnt = nrel;
	if (why)
		force_unknown = true;
	opts.prog_flags = num(c, "prog_flags");
	opts.target_btf = vmlinux_btf();
	opts.test_state_freq = num(c, "prog_flags") & BPF_F_TEST_STATE_FREQ;
	ret = analysis_run(&prog, defs, nmaps, &opts, &res);
	free(prog.insns);
	btf__free(btf);
	if (ret)
		return ret;
	*v = res.verdict;
	*insn = res.diag.insn_idx;
	*processed = res.insn_processed;
	snprintf(msg, msgsz, "%s", res.diag.msg);
	if (force_unknown && res.verdict != V_UNSAFE) {
		/* a rejection found before the unmodelled feature matters still stands */
		*v = V_UNKNOWN;
		snprintf(msg, msgsz, "not modelled yet: %s", why);
	}
	return 0;
}

/* Compares the totals with the recorded level; 0 when not worse, 1 when worse, 2 unreadable.
 * "insn_equal" is the number of cases both accept with the kernel's processed-insn count. */
static int check_ratchet(const char *path, const struct row *tot, u32 insn_equal)
{
	static const struct {
		const char *key;
		size_t off;
		bool at_most;	/* a count that must not grow */
	} keys[] = {
		{ "agree", offsetof(struct row, agree), false },
		{ "same_msg", offsetof(struct row, msg_match), false },
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
		if (!strcmp(key, "insn_equal") && insn_equal < want) {
			printf("selftests: ratchet %s: insn_equal is %u, recorded level %u\n", path,
			       insn_equal, want);
			ret = 1;
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

int main(int argc, char **argv)
{
	const char *path = NULL, *only = NULL, *ratchet = NULL;
	struct row *rows = NULL, tot = { "TOTAL" };
	struct insn_cmp ic = { 0 };
	struct slow slowest[SLOWEST] = { 0 };
	u32 nrows = 0, i;
	int verbose = 0;
	size_t len;
	char *data, *line, *save;

	for (i = 1; i < (u32)argc; i++) {
		if (!strcmp(argv[i], "-v"))
			verbose = 1;
		else if (!strcmp(argv[i], "-vv"))
			verbose = 2;
		else if (!strcmp(argv[i], "-f") && i + 1 < (u32)argc)
			only = argv[++i];
		else if (!strcmp(argv[i], "--ratchet") && i + 1 < (u32)argc)
			ratchet = argv[++i];
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
		u32 insn = 0, processed = 0;
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
		for (i = 0; i < nrows; i++)
			if (!strcmp(rows[i].file, file))
				break;
		if (i == nrows && nrows < 256)
			snprintf(rows[nrows++].file, sizeof(rows[0].file), "%s", file);
		r = &rows[i < 256 ? i : 255];
		kacc = !strcmp(kv, "accept");
		clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t0);
		if (run_case(c, &v, msg, sizeof(msg), &insn, &processed))
			snprintf(msg, sizeof(msg), "internal error"), v = V_UNKNOWN;
		clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t1);
		secs = (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
		slow_note(slowest, secs, num(c, "index"), file);
		if (v == V_SAFE && kacc) {
			u32 kp = num(c, "kernel_insn_processed");

			insn_cmp_note(&ic, processed, kp);
			if (verbose > 1 && processed != kp)
				printf("  insns %s #%u %s: ours %u kernel %u\n", file, num(c, "index"),
				       json_str(json_get(c, "name")), processed, kp);
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
	printf("\n%-32s %6s %6s %9s %9s %7s %9s\n", "file", "cases", "agree", "rej/acc", "acc/rej",
	       "unknown", "same-msg");
	for (i = 0; i < nrows; i++)
		printf("%-32s %6u %6u %9u %9u %7u %4u/%-4u\n", rows[i].file, rows[i].cases, rows[i].agree,
		       rows[i].rej_acc, rows[i].acc_rej, rows[i].unknown, rows[i].msg_match,
		       rows[i].rej_both);
	printf("%-32s %6u %6u %9u %9u %7u %4u/%-4u\n", tot.file, tot.cases, tot.agree, tot.rej_acc,
	       tot.acc_rej, tot.unknown, tot.msg_match, tot.rej_both);
	printf("agreement: %u/%u (%.1f%%) of all cases; %u/%u (%.1f%%) of decided cases\n", tot.agree,
	       tot.cases, tot.cases ? 100.0 * tot.agree / tot.cases : 0.0, tot.agree,
	       tot.cases - tot.unknown,
	       tot.cases - tot.unknown ? 100.0 * tot.agree / (tot.cases - tot.unknown) : 0.0);
	printf("insn_processed on the %u cases both accept: %u equal to the kernel's, %u more within "
	       "10%%, %u ours larger, %u ours smaller; in total ours %llu, kernel's %llu\n", ic.cases,
	       ic.equal, ic.within10, ic.larger, ic.smaller, (unsigned long long)ic.ours_sum,
	       (unsigned long long)ic.kernel_sum);
	printf("slowest cases (CPU time):");
	for (i = 0; i < SLOWEST && slowest[i].secs > 0; i++)
		printf(" %s #%u %.3fs%s", slowest[i].file, slowest[i].index, slowest[i].secs,
		       i + 1 < SLOWEST ? "," : "");
	printf("\n");
	free(rows);
	free(data);
	return ratchet ? check_ratchet(ratchet, &tot, ic.equal) : 0;
}
