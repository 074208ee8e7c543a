/* The structural check (cfg_check()): what the kernel rejects before its path search, in the
 * order bpf_check() runs it, with its exact messages. It mirrors, on the raw instructions:
 *  - bpf_prog_load()'s size limit (E2BIG, no log);
 *  - add_subprog_and_kfunc() / add_subprog(): call and callback targets, the 256-subprogram cap;
 *  - check_subprogs(): every jump stays inside its subprogram, every subprogram ends with exit
 *    or an unconditional jump;
 *  - check_btf_info_early() / check_btf_info(): BTF func_info and line_info against the
 *    subprogram layout (the kernel runs them next; observed live on 6.18);
 *  - resolve_pseudo_ldimm64()'s checks (insn_check_program() of src/isa);
 *  - check_cfg(): the iterative depth-first search with its instruction states (discovered with
 *    the labelled edges, explored), visit_insn()'s edge order (fall-through before branch, callee
 *    after the return point), back edges when loops are not allowed, then unreachable
 *    instructions and jumps into the second half of a ld_imm64, in index order.
 * Where the kernel stops at the first finding, we finish the step (so the first diagnostic is
 * the kernel's and the others are what it would say next) and stop after it.
 * Then, beyond the kernel's own pass: loops that no edge leaves (cfg->loops[].has_exit).
 * Arithmetic on jump targets wraps like the kernel's int. Not mirrored: kfunc checks of
 * add_subprog_and_kfunc() (they need the target BTF), the exception callback (BTF decl tag),
 * and unprivileged-only rules. */
#include <stdlib.h>
#include <string.h>

#include "cfg/cfg.h"
#include "isa/insn.h"
#include "report/diag.h"

#define BPF_MAX_SUBPROGS 256

/* check_cfg()'s instruction states */
enum {
	DISCOVERED = 0x10,
	EXPLORED = 0x20,
	FALLTHROUGH = 1,
	BRANCH = 2,
};

enum {
	DONE_EXPLORING = 0,
	KEEP_EXPLORING = 1,
};

struct kcheck {
	const struct cfg *cfg;
	const struct bpf_insn *insns;
	u32 cnt;
	struct diag_list *diags;
	bool dag;
	const char *dag_why;
	u32 *starts;		/* subprogram starts, sorted, then insn_cnt */
	u32 nsub;
	u8 *state;
	u32 *stack;
	u32 sp;
};

static bool is_pseudo_call(const struct bpf_insn *in)
{
	return in->code == (BPF_JMP | BPF_CALL) && in->src_reg == BPF_PSEUDO_CALL;
}

static bool is_pseudo_func(const struct bpf_insn *in)
{
	return insn_is_ldimm64(in) && in->src_reg == BPF_PSEUDO_FUNC;
}

/* int arithmetic of the kernel, wrapping instead of being undefined */
static s32 wrap_add(u32 i, s32 delta)
{
	return (s32)(i + (u32)delta + 1u);
}

/* 1. bpf_prog_load(): insn_cnt == 0 or over the limit fails with E2BIG before any log */
static int check_size(struct kcheck *k, u32 kv)
{
	u32 limit = kv && kv < CFG_KERNEL_VERSION(5, 2) ? CFG_MAXINSNS_OLD : CFG_MAXINSNS;
	struct diag *d;

	if (k->cnt && k->cnt <= limit)
		return 0;
	if (!k->cnt)
		d = diag_report(k->diags, DIAG_NO_INSN, "cfg.too_large", "the program is empty");
	else
		d = diag_report(k->diags, limit, "cfg.too_large",
				"the program has %u instructions, more than the %u %s", k->cnt, limit,
				limit == CFG_MAXINSNS ? "a privileged load may have" :
				"kernels before 5.2 accept");
	diag_hint(d, "bpf(2) fails with E2BIG (no verifier log)%s",
		  k->cnt && limit == CFG_MAXINSNS_OLD ? "; split the program with tail calls" : "");
	return -EACCES;
}

static int cmp_u32(const void *a, const void *b)
{
	u32 x = *(const u32 *)a, y = *(const u32 *)b;

	return x < y ? -1 : x > y;
}

/* 2. add_subprog_and_kfunc(): the subprogram set, in @k->starts */
static int check_targets(struct kcheck *k)
{
	u8 *seen = xcalloc(k->cnt, 1);
	bool too_many = false;
	u32 i, errs = k->diags->error_cnt;

	k->starts = xcalloc(BPF_MAX_SUBPROGS + 1, sizeof(u32));
	if (!seen || !k->starts) {
		free(seen);
		return -ENOMEM;
	}
	seen[0] = 1;
	k->starts[k->nsub++] = 0;
	for (i = 0; i < k->cnt; i++) {
		const struct bpf_insn *in = &k->insns[i];
		s64 t;

		if (!is_pseudo_call(in) && !is_pseudo_func(in))
			continue;
		t = (s64)i + in->imm + 1;
		if (t < 0 || t >= k->cnt) {
			struct diag *d = diag_report(k->diags, i, "cfg.call_target",
						     "%s at insn %u targets insn %lld, outside the "
						     "program (insns 0..%u)",
						     is_pseudo_call(in) ? "call" : "callback reference",
						     i, (long long)t, k->cnt - 1);

			diag_kernel_msg(d, "call to invalid destination");
			continue;
		}
		if (seen[t])
			continue;
		if (k->nsub >= BPF_MAX_SUBPROGS) {
			struct diag *d;

			if (too_many)
				continue;
			too_many = true;
			d = diag_report(k->diags, i, "cfg.too_many_subprogs",
					"insn %u would start subprogram number %u at insn %lld; the "
					"kernel allows %u (main program included)", i,
					BPF_MAX_SUBPROGS + 1, (long long)t, BPF_MAX_SUBPROGS);
			diag_kernel_msg(d, "too many subprograms");
			diag_hint(d, "merge small functions (static inline) or split the program "
				  "with tail calls");
			continue;
		}
		seen[t] = 1;
		k->starts[k->nsub++] = t;
	}
	free(seen);
	qsort(k->starts, k->nsub, sizeof(u32), cmp_u32);
	k->starts[k->nsub] = k->cnt;
	return k->diags->error_cnt > errs ? -EACCES : 0;
}

static void describe_sub(const struct kcheck *k, u32 s, char *buf, size_t sz)
{
	if (s == 0)
		snprintf(buf, sz, "the main program (insns 0..%u)", k->starts[1] - 1);
	else
		snprintf(buf, sz, "the subprogram at insns %u..%u", k->starts[s],
			 k->starts[s + 1] - 1);
}

/* 3. check_subprogs() */
static int check_subprogs(struct kcheck *k)
{
	u32 i, cur = 0, start = k->starts[0], end = k->starts[1], errs = k->diags->error_cnt;
	char where[96];

	for (i = 0; i < k->cnt; i++) {
		const struct bpf_insn *in = &k->insns[i];
		u8 code = in->code, cls = BPF_CLASS(code), op = BPF_OP(code);

		if ((cls == BPF_JMP || cls == BPF_JMP32) && op != BPF_EXIT && op != BPF_CALL) {
			s32 off = wrap_add(i, code == (BPF_JMP32 | BPF_JA) ? in->imm : in->off);

			if (off < (s32)start || off >= (s32)end) {
				struct diag *d;

				describe_sub(k, cur, where, sizeof(where));
				if (off < 0 || (u32)off >= k->cnt)
					d = diag_report(k->diags, i, "cfg.jump_out_of_range",
							"jump from insn %u to insn %d lands outside the "
							"program (insns 0..%u)", i, off, k->cnt - 1);
				else
					d = diag_report(k->diags, i, "cfg.jump_out_of_range",
							"jump from insn %u to insn %d leaves %s", i, off,
							where);
				if (d && off >= 0 && (u32)off < k->cnt)
					d->related_insn = off;
				diag_kernel_msg(d, "jump out of range from insn %u to %d", i, off);
				diag_hint(d, "a jump must stay inside its own function; to run another "
					  "function, call it");
			}
		}
		if (i == end - 1) {
			if (code != (BPF_JMP | BPF_EXIT) && code != (BPF_JMP32 | BPF_JA) &&
			    code != (BPF_JMP | BPF_JA)) {
				struct diag *d;

				describe_sub(k, cur, where, sizeof(where));
				d = diag_report(k->diags, i, "cfg.fall_through",
						"the last instruction of %s is neither exit nor goto: "
						"execution would run %s", where,
						end == k->cnt ? "past the end of the program" :
						"into the next subprogram");
				diag_kernel_msg(d, "last insn is not an exit or jmp");
			}
			start = end;
			cur++;
			if (cur < k->nsub)
				end = k->starts[cur + 1];
		}
	}
	return k->diags->error_cnt > errs ? -EACCES : 0;
}

/* 3b. check_btf_info_early() / check_btf_info(): the func_info and line_info records the loader
 * hands over (prog->funcs, prog->lines; none without BTF) against the subprogram layout. A
 * label called inside one ELF function (hand-written assembly) is a subprogram without a
 * func_info record of its own. */
static int check_btf_info(struct kcheck *k)
{
	const struct prog *p = k->cfg->prog;
	u32 i, s = 0, prev = 0;
	struct diag *d = NULL;

	if (!p->func_cnt)
		return 0;
	for (i = 0; i < p->func_cnt && !d; i++) {
		if (i == 0 && p->funcs[0].insn_idx)
			d = diag_report(k->diags, p->funcs[0].insn_idx, "cfg.func_info",
					"the first function record (BTF func_info) is at insn %u, "
					"not 0", p->funcs[0].insn_idx);
		else if (i && p->funcs[i].insn_idx <= prev)
			d = diag_report(k->diags, p->funcs[i].insn_idx, "cfg.func_info",
					"function records (BTF func_info) out of order at insn %u",
					p->funcs[i].insn_idx);
		diag_kernel_msg(d, i ? "same or smaller insn offset (%u) than previous func info "
				"record (%u)" : "nonzero insn_off %u for the first func info record",
				p->funcs[i].insn_idx, prev);
		prev = p->funcs[i].insn_idx;
	}
	if (!d && p->func_cnt != k->nsub) {
		d = diag_report(k->diags, DIAG_NO_INSN, "cfg.func_info",
				"%u subprograms (calls and callbacks start them) but %u function "
				"records in BTF func_info", k->nsub, p->func_cnt);
		diag_kernel_msg(d, "number of funcs in func_info doesn't match number of subprogs");
		diag_hint(d, "in assembly, call functions of their own (global or static), not "
			  "labels inside one function");
	}
	for (i = 0; i < p->func_cnt && !d; i++) {
		if (p->funcs[i].insn_idx == k->starts[i])
			continue;
		d = diag_report(k->diags, k->starts[i], "cfg.func_info",
				"subprogram %u starts at insn %u, its function record (BTF "
				"func_info) at insn %u", i, k->starts[i], p->funcs[i].insn_idx);
		diag_kernel_msg(d, "func_info BTF section doesn't match subprog layout in BPF "
				"program");
	}
	for (i = 0, prev = 0; i < p->line_cnt && !d; i++) {
		u32 off = p->lines[i].insn_idx;

		if ((i && off <= prev) || off >= k->cnt) {
			d = diag_report(k->diags, DIAG_NO_INSN, "cfg.line_info",
					"source line record %u (BTF line_info) points to insn %u", i,
					off);
			diag_kernel_msg(d, "Invalid line_info[%u].insn_off:%u (prev_offset:%u "
					"prog->len:%u)", i, off, prev, k->cnt);
		} else if (!k->insns[off].code) {
			d = diag_report(k->diags, off, "cfg.line_info",
					"source line record %u (BTF line_info) points into the middle "
					"of insn %u", i, off - 1);
			diag_kernel_msg(d, "Invalid insn code at line_info[%u].insn_off", i);
		} else if (s < k->nsub && off == k->starts[s]) {
			s++;
		} else if (s < k->nsub && k->starts[s] < off) {
			d = diag_report(k->diags, k->starts[s], "cfg.line_info",
					"subprogram %u (insn %u) has no source line record (BTF "
					"line_info) of its own", s, k->starts[s]);
			diag_kernel_msg(d, "missing bpf_line_info for func#%u", s);
		}
		prev = off;
	}
	if (!d && p->line_cnt && s != k->nsub) {
		d = diag_report(k->diags, k->starts[s], "cfg.line_info",
				"subprograms %u.. (from insn %u) have no source line record (BTF "
				"line_info)", s, k->starts[s]);
		diag_kernel_msg(d, "missing bpf_line_info for %u funcs starting from func#%u",
				k->nsub - s, s);
	}
	return d || k->diags->err ? -EACCES : 0;
}

/* 4. resolve_pseudo_ldimm64()'s per-instruction checks */
static int check_insns(struct kcheck *k)
{
	char msg[128];
	struct diag *d;
	u32 bad;

	if (!insn_check_program(k->insns, k->cnt, &bad, msg, sizeof(msg)))
		return 0;
	d = diag_report(k->diags, bad, "insn.invalid", "invalid instruction: %s", msg);
	diag_kernel_msg(d, "%s", msg);
	return -EACCES;
}

/* 5. check_cfg() */
static int push_insn(struct kcheck *k, u32 t, s64 w, int e)
{
	u8 *st = k->state;

	if (e == FALLTHROUGH && st[t] >= (DISCOVERED | FALLTHROUGH))
		return DONE_EXPLORING;
	if (e == BRANCH && st[t] >= (DISCOVERED | BRANCH))
		return DONE_EXPLORING;
	if (w < 0 || w >= k->cnt) {
		struct diag *d = diag_report(k->diags, t, "cfg.jump_out_of_range",
					     "control flows from insn %u to insn %lld, outside the "
					     "program (insns 0..%u)", t, (long long)w, k->cnt - 1);

		diag_kernel_msg(d, "jump out of range from insn %u to %d", t, (s32)w);
		st[t] = DISCOVERED | e;		/* the kernel stops; we go on */
		return DONE_EXPLORING;
	}
	if (st[w] == 0) {
		/* tree edge */
		st[t] = DISCOVERED | e;
		st[w] = DISCOVERED;
		k->stack[k->sp++] = w;
		return KEEP_EXPLORING;
	}
	if ((st[w] & 0xf0) == DISCOVERED) {
		struct diag *d;

		/* a loop: allowed since 5.3 for privileged loads (bpf_capable), the path search
		 * proves it terminates; the edge stays unlabelled, as in the kernel */
		if (!k->dag)
			return DONE_EXPLORING;
		if (is_pseudo_call(&k->insns[t]) && e == BRANCH)
			d = diag_report(k->diags, t, "cfg.back_edge",
					"the call at insn %u re-enters the function at insn %lld it "
					"is part of (recursion); loops are rejected %s", t,
					(long long)w, k->dag_why);
		else
			d = diag_report(k->diags, t, "cfg.back_edge",
					"the jump from insn %u to insn %lld closes a loop; loops are "
					"rejected %s", t, (long long)w, k->dag_why);
		if (d)
			d->related_insn = w;
		diag_kernel_msg(d, "back-edge from insn %u to %u", t, (u32)w);
		diag_hint(d, "unroll the loop (#pragma unroll) or, on 5.17+, use bpf_loop(); "
			  "bounded loops need kernel 5.3");
		return DONE_EXPLORING;
	}
	if (st[w] == EXPLORED) {
		/* forward or cross edge */
		st[t] = DISCOVERED | e;
		return DONE_EXPLORING;
	}
	return -EFAULT;
}

static int visit_call(struct kcheck *k, u32 t, bool visit_callee)
{
	u32 sz = insn_is_ldimm64(&k->insns[t]) ? 2 : 1;
	int ret;

	ret = push_insn(k, t, (s64)t + sz, FALLTHROUGH);
	if (ret)
		return ret;
	if (visit_callee)
		ret = push_insn(k, t, (s64)t + k->insns[t].imm + 1, BRANCH);
	return ret;
}

static int visit_insn(struct kcheck *k, u32 t)
{
	const struct bpf_insn *in = &k->insns[t];
	u8 cls = BPF_CLASS(in->code);
	int ret;

	if (is_pseudo_func(in))
		return visit_call(k, t, true);
	if (cls != BPF_JMP && cls != BPF_JMP32)
		return push_insn(k, t, (s64)t + (insn_is_ldimm64(in) ? 2 : 1), FALLTHROUGH);
	switch (BPF_OP(in->code)) {
	case BPF_EXIT:
		return DONE_EXPLORING;
	case BPF_CALL:
		return visit_call(k, t, in->src_reg == BPF_PSEUDO_CALL);
	case BPF_JA:
		/* a register-indirect JA is an unknown opcode: step 4 rejected it already */
		if (BPF_SRC(in->code) != BPF_K)
			return DONE_EXPLORING;
		return push_insn(k, t, (s64)t + (cls == BPF_JMP ? in->off : in->imm) + 1,
				 FALLTHROUGH);
	default:
		ret = push_insn(k, t, (s64)t + 1, FALLTHROUGH);
		if (ret)
			return ret;
		return push_insn(k, t, (s64)t + in->off + 1, BRANCH);
	}
}

/* The first jump or call that lands on instruction @w, for a diagnostic; CFG_NONE if none. */
static u32 jump_source(const struct kcheck *k, u32 w)
{
	u32 i;

	for (i = 0; i < k->cnt; i++) {
		const struct bpf_insn *in = &k->insns[i];
		u8 cls = BPF_CLASS(in->code), op = BPF_OP(in->code);
		s64 t;

		if (cls != BPF_JMP && cls != BPF_JMP32)
			continue;
		if (op == BPF_EXIT || (op == BPF_CALL && in->src_reg != BPF_PSEUDO_CALL))
			continue;
		if (op == BPF_CALL || in->code == (BPF_JMP32 | BPF_JA))
			t = (s64)i + in->imm + 1;
		else
			t = (s64)i + in->off + 1;
		if (t == w)
			return i;
	}
	return CFG_NONE;
}

static u32 next_slot(const struct kcheck *k, u32 i)
{
	return insn_is_ldimm64(&k->insns[i]) && i + 1 < k->cnt ? i + 2 : i + 1;
}

static int check_dfs(struct kcheck *k)
{
	u32 i, errs = k->diags->error_cnt;
	int ret;

	k->state = xcalloc(k->cnt, 1);
	k->stack = xcalloc(k->cnt, sizeof(u32));
	if (!k->state || !k->stack)
		return -ENOMEM;
	k->state[0] = DISCOVERED;
	k->stack[0] = 0;
	k->sp = 1;
	while (k->sp) {
		u32 t = k->stack[k->sp - 1];

		ret = visit_insn(k, t);
		if (ret < 0)
			return ret;
		if (ret == DONE_EXPLORING) {
			k->state[t] = EXPLORED;
			k->sp--;
		}
	}
	for (i = 0; i < k->cnt; i++) {
		if (k->state[i] != EXPLORED) {
			u32 j = i, last = i;
			struct diag *d;

			while (j < k->cnt && k->state[j] != EXPLORED) {
				last = j;
				j = next_slot(k, j);
			}
			if (last == i)
				d = diag_report(k->diags, i, "cfg.unreachable",
						"insn %u is unreachable: no path from the entry leads "
						"to it", i);
			else
				d = diag_report(k->diags, i, "cfg.unreachable",
						"insns %u..%u are unreachable: no path from the entry "
						"leads to them", i, last);
			diag_kernel_msg(d, "unreachable insn %u", i);
			diag_hint(d, "the kernel rejects dead code: remove it");
			i = j - 1;
			continue;
		}
		if (insn_is_ldimm64(&k->insns[i])) {
			if (i + 1 < k->cnt && k->state[i + 1] != 0) {
				u32 from = jump_source(k, i + 1);
				struct diag *d;

				if (from != CFG_NONE)
					d = diag_report(k->diags, i, "cfg.ldimm64_middle",
							"insn %u jumps into the second half of the "
							"16-byte load at insn %u", from, i);
				else
					d = diag_report(k->diags, i, "cfg.ldimm64_middle",
							"control reaches the second half of the "
							"16-byte load at insn %u", i);
				if (d)
					d->related_insn = from == CFG_NONE ? DIAG_NO_INSN : from;
				diag_kernel_msg(d, "jump into the middle of ldimm64 insn %u", i);
			}
			i++;
		}
	}
	return k->diags->error_cnt > errs ? -EACCES : 0;
}

/* 6. loops no edge leaves; outermost first, nested ones inside a reported loop are skipped */
static int check_loop_exits(struct kcheck *k)
{
	const struct cfg *cfg = k->cfg;
	u8 *reported = xcalloc(cfg->loop_cnt, 1);
	u32 l, errs = k->diags->error_cnt;

	if (!reported)
		return -ENOMEM;
	for (l = 0; l < cfg->loop_cnt; l++) {
		const struct cfg_loop *lp = &cfg->loops[l];
		const struct cfg_block *head = &cfg->blocks[lp->head];
		struct diag *d;

		if (lp->parent != CFG_NONE && reported[lp->parent]) {
			reported[l] = 1;
			continue;
		}
		if (lp->has_exit)
			continue;
		reported[l] = 1;
		d = diag_report(k->diags, head->start, "cfg.infinite_loop",
				"the loop at insn %u never ends: no edge leaves it (%u block%s)",
				head->start, lp->block_cnt, lp->block_cnt == 1 ? "" : "s");
		diag_kernel_msg(d, "infinite loop detected");
		diag_hint(d, "give the loop an exit condition; bpf_loop() or may_goto bound a loop "
			  "the verifier cannot");
	}
	free(reported);
	return k->diags->error_cnt > errs ? -EACCES : 0;
}

int cfg_check(const struct cfg *cfg, const struct cfg_check_opts *opts, struct diag_list *diags)
{
	static const struct cfg_check_opts defaults;
	struct kcheck k = {
		.cfg = cfg,
		.insns = cfg->insns,
		.cnt = cfg->insn_cnt,
		.diags = diags,
	};
	int err;

	if (!opts)
		opts = &defaults;
	k.dag = opts->dag || (opts->kernel_version &&
			      opts->kernel_version < CFG_KERNEL_VERSION(5, 3));
	k.dag_why = opts->dag ? "with --dag" : "by kernels before 5.3";
	err = check_size(&k, opts->kernel_version);
	err = err ?: check_targets(&k);
	err = err ?: check_subprogs(&k);
	err = err ?: check_btf_info(&k);
	err = err ?: check_insns(&k);
	err = err ?: check_dfs(&k);
	if (!err && !k.dag)
		err = check_loop_exits(&k);
	free(k.starts);
	free(k.state);
	free(k.stack);
	if (!err && diags->err)
		err = diags->err;
	return err;
}
