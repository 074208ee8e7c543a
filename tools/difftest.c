/* difftest: the corpus against the live kernel.
 *
 * For every program of every object given:
 *  1. verdict: the kernel's verdict must equal the program's annotation (__success / __failure),
 *     and each __msg("...") fragment must appear in the kernel's log, in order;
 *  2. disassembly: every instruction line the kernel printed at log_level 2 ("N: (xx) text")
 *     must equal `bpfverify disasm`'s text for instruction N;
 *  3. our verdict: bpfverify's analysis (the default, kernel-like mode) must give the kernel's
 *     verdict, and for a rejection fail at the kernel's instruction (klog_error_insn(): where
 *     the log places it). An unknown answer fails too. A program annotated
 *     __known_divergence("why") (each listed in KNOWN_DIFFERENCES.md) is reported, not failed.
 * Normalisations, each because the kernel rewrote what it prints, never to hide a difference:
 *  - ld_imm64 of a map (src BPF_PSEUDO_MAP_FD / MAP_VALUE) or of a ksym (BPF_PSEUDO_BTF_ID):
 *    the kernel prints the kernel address it put in the immediate; only "(18) rN = " is compared;
 *  - what the kernel appends to an instruction line (register states after ';', a popped branch
 *    state, "infinite loop detected ...") is not part of the instruction (klog_insn_line()).
 * Where bpf(2) is not permitted, every live check prints SKIP with the reason. fentry/fexit/
 * fmod_ret/lsm programs that the kernel refuses with EPERM before verification are SKIPped with
 * that reason (the case on lockdown kernels).
 * Output ends with "difftest: N passed, N failed, N skipped; ..."; exit 1 when anything failed. */
#include <stdlib.h>
#include <string.h>

#include "analysis/analysis.h"
#include "isa/disasm.h"
#include "loader/externs.h"
#include "loader/kernel.h"
#include "loader/object.h"
#include "report/kcompare.h"
#include "report/klog.h"

struct totals {
	u32 pass, fail, skip, known;
	u64 lines, mismatches;
	u32 progs_compared;
};

static bool msgs_in_order(const struct prog *p, const char *log, char *missing, size_t sz)
{
	const char *cur = log ? log : "";
	u32 i;

	for (i = 0; i < p->tag_cnt; i++) {
		const char *hit;

		if (strcmp(p->tags[i].key, "test_expect_msg"))
			continue;
		hit = strstr(cur, p->tags[i].value);
		if (!hit) {
			snprintf(missing, sz, "%s", p->tags[i].value);
			return false;
		}
		cur = hit + strlen(p->tags[i].value);
	}
	return true;
}

static const char *kfunc_name(void *ctx, const struct bpf_insn *insn)
{
	return object_kfunc_name(ctx, insn);
}

struct mismatch_ctx {
	struct totals *t;
	const char *label;
};

static void print_mismatch(void *ctx, u32 idx, const char *kern, const char *ours)
{
	struct mismatch_ctx *m = ctx;

	if (++m->t->mismatches <= 30)
		printf("  disasm mismatch %s insn %u:\n    kernel: %s\n    ours:   %s\n", m->label,
		       idx, kern, ours);
}

/* Compares the kernel's instruction lines with ours; returns the number of mismatches. */
static u32 compare_disasm(struct object *obj, const struct prog *p, const char *log,
			  struct totals *t, const char *label)
{
	struct disasm_cbs cbs = { .kfunc_name = kfunc_name, .ctx = obj };
	struct mismatch_ctx m = { .t = t, .label = label };
	u32 lines, bad;

	bad = klog_compare_insns(log, p->insns, p->insn_cnt, &cbs, &lines, print_mismatch, &m);
	t->lines += lines;
	return bad;
}

/* Our verdict against the kernel's (@kres): 0 when they agree (kcompare()); else how they
 * differ, in @why. */
static int compare_ours(struct object *obj, const struct prog *p, const struct kload_result *kres,
			char *why, size_t whysz)
{
	/* no time budget: the verdict, not the machine's speed (1M insns under ASan) */
	struct analysis_opts opts = { .gpl = obj->gpl, .btf = obj->btf,
				      .target_btf = object_target_btf(obj), .time_limit_ms = ~0u };
	static struct analysis_result res;	/* a few KB: path and state */
	struct kcompare kc;

	if (analysis_run(p, obj->maps, obj->map_cnt, &opts, &res)) {
		snprintf(why, whysz, "bpfverify could not analyse it (out of memory)");
		return -1;
	}
	kcompare(&res, kres, &kc);
	snprintf(why, whysz, "%s", kc.text);
	return kc.agree ? 0 : -1;
}

static void check_prog(struct object *obj, const struct prog *p, bool live, const char *why,
		       struct totals *t)
{
	const struct prog_tag *ok = prog_tag_find(p, "test_expect_success");
	const struct prog_tag *ko = prog_tag_find(p, "test_expect_failure");
	struct kload_opts opts = { .log_level = 2 };
	struct kload_result res;
	char label[512], missing[256], ours[640];
	bool want_accept;

	snprintf(label, sizeof(label), "%s:%s", obj->path, p->name);
	if (!ok == !ko) {
		printf("FAIL %s: needs exactly one of __success / __failure\n", label);
		t->fail++;
		return;
	}
	want_accept = ok;
	if (!live) {
		printf("SKIP %s: %s\n", label, why);
		t->skip++;
		return;
	}
	kernel_load_prog(obj, p, &opts, &res);
	if (res.notes[0] && strstr(res.notes, "BTF")) {
		/* a load without the object's BTF is not the load libbpf would do */
		printf("FAIL %s: %s\n", label, res.notes);
		t->fail++;
		goto out;
	}
	if (res.verdict == KLOAD_ERROR) {
		u32 type = p->pt.prog_type;

		if (res.err == EPERM &&
		    (type == BPF_PROG_TYPE_TRACING || type == BPF_PROG_TYPE_LSM)) {
			printf("SKIP %s: live check impossible here: %s\n", label, res.msg);
			t->skip++;
		} else {
			printf("FAIL %s: could not load: %s\n", label, res.msg);
			t->fail++;
		}
		goto out;
	}
	if ((res.verdict == KLOAD_ACCEPTED) != want_accept) {
		printf("FAIL %s: annotated %s, kernel %s%s%s\n", label,
		       want_accept ? "__success" : "__failure",
		       res.verdict == KLOAD_ACCEPTED ? "accepted" : "rejected: ",
		       res.verdict == KLOAD_ACCEPTED ? "" : res.msg, "");
		t->fail++;
		goto out;
	}
	if (!want_accept && !msgs_in_order(p, res.log, missing, sizeof(missing))) {
		printf("FAIL %s: kernel log lacks __msg(\"%s\") (its error: %s)\n", label, missing,
		       res.msg);
		t->fail++;
		goto out;
	}
	t->progs_compared++;
	if (compare_disasm(obj, p, res.log, t, label)) {
		printf("FAIL %s: disassembly differs from the kernel log\n", label);
		t->fail++;
		goto out;
	}
	if (compare_ours(obj, p, &res, ours, sizeof(ours))) {
		const struct prog_tag *known = prog_tag_find(p, "bpfverify_known_divergence");

		if (!known) {
			printf("FAIL %s: kernel %s%s; %s\n", label,
			       want_accept ? "accepted" : "rejected: ", want_accept ? "" : res.msg, ours);
			t->fail++;
			goto out;
		}
		t->known++;
		printf("PASS %s: kernel %s%s; %s, a known divergence: %s\n", label,
		       want_accept ? "accepted" : "rejected: ", want_accept ? "" : res.msg, ours,
		       known->value);
		t->pass++;
		goto out;
	}
	printf("PASS %s: kernel %s%s\n", label, want_accept ? "accepted" : "rejected: ",
	       want_accept ? "" : res.msg);
	t->pass++;
out:
	kload_result_release(&res);
}

int main(int argc, char **argv)
{
	struct totals t = {};
	char why[256] = "";
	bool live;
	int i;

	if (argc < 2) {
		fprintf(stderr, "usage: difftest FILE.o...\n");
		return 2;
	}
	live = !kernel_probe(why, sizeof(why));
	if (!live)
		printf("SKIP: live kernel checks: %s\n", why);
	for (i = 1; i < argc; i++) {
		struct object *obj;
		char err[512];
		u32 k;

		if (object_open(argv[i], NULL, &obj, err, sizeof(err))) {
			printf("FAIL %s: %s\n", argv[i], err);
			t.fail++;
			continue;
		}
		if (!obj->prog_cnt) {
			printf("FAIL %s: no programs\n", argv[i]);
			t.fail++;
		}
		for (k = 0; k < obj->prog_cnt; k++)
			check_prog(obj, &obj->progs[k], live, why, &t);
		object_free(obj);
	}
	printf("disasm: %llu instruction lines of %u programs compared with the kernel log, "
	       "%llu mismatches\n", (unsigned long long)t.lines, t.progs_compared,
	       (unsigned long long)t.mismatches);
	printf("difftest: %u passed, %u failed, %u skipped; %u known divergences of bpfverify "
	       "(KNOWN_DIFFERENCES.md)\n", t.pass, t.fail, t.skip, t.known);
	return t.fail ? 1 : 0;
}
