/* One case of the kernel's verifier selftests (a line of verifier-6.1-on-6.18.jsonl) as an
 * in-memory program: instructions, program type, the maps at the listed ld_imm64 instructions,
 * the program's BTF and func_info. Shared by tools/selftests.c (agreement) and tools/bench.c
 * (time and memory); included once by each tool, after ../tests/unit/json.c.
 *
 *	struct selftest_case sc;
 *	if (!selftest_case_build(c, &sc)) {
 *		analysis_run(&sc.prog, sc.defs, sc.nmaps, &sc.opts, &res);
 *		selftest_case_free(&sc);
 *	}
 *
 * @why, when set, names a feature the case uses that the analysis does not model: the caller
 * answers unknown unless the analysis rejected the program first. */
#ifndef BPFVERIFY_TOOLS_SELFTEST_CASE_H
#define BPFVERIFY_TOOLS_SELFTEST_CASE_H

#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/analysis.h"
#include "loader/object.h"

struct selftest_case {
	struct prog prog;
	struct map_def defs[64];
	struct prog_reloc relocs[256];
	struct func_rec funcs[64];
	u32 nmaps;
	struct btf *btf;		/* the program's own BTF, or NULL */
	struct analysis_opts opts;
	const char *why;		/* a feature not modelled, or NULL */
};

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

/* Builds case @c into @sc (privileged, GPL, the case's prog_flags). 0, or -EINVAL when its
 * instructions do not decode; free with selftest_case_free(). */
static int selftest_case_build(const struct json *c, struct selftest_case *sc)
{
	const struct json *maps = json_get(c, "maps"), *kf = json_get(c, "kfunc_fixups");
	u32 nrel = 0;
	size_t i, k;

	memset(sc, 0, sizeof(*sc));
	if (selftests_insns(c, &sc->prog.insns, &sc->prog.insn_cnt))
		return -EINVAL;
	sc->prog.pt.prog_type = num(c, "prog_type_id");
	sc->prog.pt.expected_attach_type = num(c, "expected_attach_type_id");
	sc->prog.attach_btf_id = num(c, "attach_btf_id_6_18");
	if (json_str(json_get(c, "attach_btf_name")))
		sc->prog.attach_btf_id = attach_id_by_name(vmlinux_btf(),
							   json_str(json_get(c, "attach_btf_name")),
							   sc->prog.pt.prog_type,
							   sc->prog.pt.expected_attach_type);
	if (kf && kf->cnt)
		sc->why = "kfuncs";
	if (prog_btf_from_json(c, &sc->prog, &sc->btf, sc->funcs, ARRAY_SIZE(sc->funcs)))
		sc->why = "program BTF that does not parse";
	for (i = 0; maps && i < maps->cnt && sc->nmaps + 2 <= ARRAY_SIZE(sc->defs); i++) {
		const struct json *mj = json_at(maps, i), *idx = json_get(mj, "insn_idx");
		const struct json *inner = json_get(mj, "inner_map");
		u32 me = sc->nmaps;

		map_from_json(&sc->defs[sc->nmaps++], mj);
		if (inner && inner->type == JSON_OBJECT) {
			map_from_json(&sc->defs[sc->nmaps], inner);
			sc->defs[me].inner_idx = (int)sc->nmaps;
			sc->nmaps++;
		}
		for (k = 0; idx && k < idx->cnt && nrel < ARRAY_SIZE(sc->relocs); k++) {
			u32 at = (u32)json_at(idx, k)->number;
			struct prog_reloc *r = &sc->relocs[nrel];

			if (at >= sc->prog.insn_cnt)
				continue;
			r->insn_idx = at;
			r->kind = sc->prog.insns[at].src_reg == BPF_PSEUDO_MAP_VALUE ?
				  RELOC_MAP_VALUE : RELOC_MAP_FD;
			r->map_idx = (int)me;
			r->sym = NULL;
			nrel++;
		}
	}
	sc->prog.relocs = sc->relocs;
	sc->prog.reloc_cnt = nrel;
	sc->opts.gpl = true;
	sc->opts.btf = sc->btf;
	sc->opts.prog_flags = num(c, "prog_flags");
	sc->opts.target_btf = vmlinux_btf();
	sc->opts.test_state_freq = num(c, "prog_flags") & BPF_F_TEST_STATE_FREQ;
	/* no time budget: the verdict, not the machine's speed (1M insns under ASan) */
	sc->opts.time_limit_ms = ~0u;
	return 0;
}

static void selftest_case_free(struct selftest_case *sc)
{
	free(sc->prog.insns);
	sc->prog.insns = NULL;
	btf__free(sc->btf);
	sc->btf = NULL;
}

#endif
