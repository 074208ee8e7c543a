/* Exporting a control-flow graph: DOT, SVG and PNG through graphviz (cgraph builds the graph,
 * gvc lays it out and renders it), and JSON for tooling.
 *
 * Default style: one cluster per subprogram (its name from BTF when known) with an ENTRY node and
 * the virtual exit block drawn as EXIT; each basic block a box listing its instructions in the
 * kernel log's syntax, each new source line above the instructions it produced; edges labelled
 * true / false / fallthrough / goto / call / callback / ...; back edges bold and orange;
 * unreachable blocks grey; the instructions and edges named by error diagnostics in red, and an
 * optional path (instruction indexes, e.g. the one to a failing instruction) in blue.
 *
 * bpftool style (--style bpftool): what `bpftool prog dump xlated ... visual` prints, so the two
 * can be compared: clusters "cluster_N" labelled "func_N ()", nodes fn_N_bb_M (bb_0 ENTRY, bb_1
 * EXIT, then the blocks in instruction order), record-shaped blocks with per-function instruction
 * numbers "% 4d: ", blocks split only at jumps and their targets (a bpf-to-bpf call does not end
 * one), every edge "solid,bold" black, plus the invisible ENTRY -> EXIT edge.
 *
 * JSON (cfg_json_write): one object per program,
 *   { "file", "program", "section", "insn_cnt",
 *     "subprograms": [ { "index", "name", "start", "end", "entry_block", "exit_block",
 *                        "kinds": ["main"|"called"|"callback", ...] } ],
 *     "blocks": [ { "id", "subprog", "start", "end", "exit": bool, "reachable": bool,
 *                   "loop_head": bool, "idom", "loop", "scc", "rpo", "wto",
 *                   "insns": [ { "idx", "code", "text", "source": {"file","line","column","text"}|null } ] } ],
 *     "edges": [ { "from", "to", "kind", "insn", "back_edge": bool } ],
 *     "loops": [ { "id", "head", "parent", "depth", "subprog", "block_cnt", "reducible", "has_exit" } ],
 *     "wto": [ block ids ],  (per subprogram, each loop head followed by its body)
 *     "diagnostics": [ diag_json() objects ] }
 * with null for an absent index (unreachable block, outermost loop, ...). Instruction and block
 * numbers are those of the linked program, as in `bpfverify disasm`. */
#ifndef BPFVERIFY_CFG_GRAPH_H
#define BPFVERIFY_CFG_GRAPH_H

#include <stdio.h>

#include "cfg/cfg.h"
#include "isa/disasm.h"

struct diag_list;

enum cfg_graph_format {
	CFG_GRAPH_DOT,
	CFG_GRAPH_SVG,
	CFG_GRAPH_PNG,
};

enum cfg_graph_style {
	CFG_STYLE_DEFAULT,
	CFG_STYLE_BPFTOOL,
};

struct cfg_graph_opts {
	enum cfg_graph_style style;
	u32 subprog;			/* only this subprogram; CFG_NONE for all */
	const char *title;		/* graph name / label (default: the program's name) */
	const struct diag_list *diags;	/* errors to highlight, may be NULL */
	const u32 *path;		/* instruction indexes of a path to draw, may be NULL */
	u32 path_len;
	const struct disasm_cbs *disasm;	/* map and kfunc names in instructions, may be NULL */
	/* name of subprogram @s, or NULL for the default ("func_N"); may be NULL */
	const char *(*subprog_name)(void *ctx, u32 s);
	void *ctx;
};

/* Writes the graph of @cfg to @out as @fmt. @opts may be NULL (default style, everything).
 * Returns 0, -ENOMEM, or -EIO when graphviz fails to lay out or render (a message on stderr). */
int cfg_graph_write(const struct cfg *cfg, const struct cfg_graph_opts *opts,
		    enum cfg_graph_format fmt, FILE *out);

/* Writes the JSON object of @cfg (see above) to @out; @file names the object file. Uses
 * @opts->subprog_name, ->disasm, ->diags and ->subprog (only that subprogram's blocks). */
int cfg_json_write(const struct cfg *cfg, const struct cfg_graph_opts *opts, const char *file,
		   FILE *out);

#endif
