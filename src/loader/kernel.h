/* The live loader: hands a linked program to the running kernel (bpf(2) BPF_PROG_LOAD) with the
 * very instruction stream bpfverify analyses, after creating the maps it references (BTF-defined,
 * legacy, global data with contents, .rodata frozen), loading the object's BTF with func_info
 * and line_info, and resolving attach_btf_id. Everything created is closed before returning. */
#ifndef BPFVERIFY_LOADER_KERNEL_H
#define BPFVERIFY_LOADER_KERNEL_H

#include "loader/object.h"

enum kload_verdict {
	KLOAD_ACCEPTED = 0,
	KLOAD_REJECTED = 1,	/* the verifier (or the load's own checks) refused the program */
	KLOAD_ERROR = 2,	/* could not ask: no privileges, setup failed, lockdown, ... */
};

struct kload_result {
	enum kload_verdict verdict;
	int err;		/* errno of the failing call, 0 when accepted */
	char *log;		/* the verifier log (owned, NUL-terminated, possibly "") */
	char msg[512];		/* KLOAD_ERROR: why; KLOAD_REJECTED: the log's first error line */
	char stats[256];	/* "processed N insns (limit ...) ..." line, or "" */
	u32 insn_processed;
	char notes[512];	/* degraded set-up (e.g. BTF refused, loaded without it), or "" */
};

struct kload_opts {
	u32 log_level;		/* 1: errors + path, 2: every state; BPF_LOG_STATS (4) may be or'ed */
};

/* 0 when bpf(2) can be used to load programs here; otherwise -errno and a reason in @why. */
int kernel_probe(char *why, size_t whysz);
/* Loads @p of @obj; fills @res (release with kload_result_release()). Returns 0 when the
 * kernel was asked (whatever it answered), -errno when the result is KLOAD_ERROR. */
int kernel_load_prog(struct object *obj, const struct prog *p, const struct kload_opts *opts,
		     struct kload_result *res);
void kload_result_release(struct kload_result *res);

#endif
