/* Extern symbols of a BPF object (libbpf's __kconfig and __ksym) and everything resolved against
 * the target kernel's BTF: kconfig values laid out in a .kconfig map, kfunc calls and typed ksyms
 * turned into BTF ids, and attach_btf_id of BTF-attached program types. */
#ifndef BPFVERIFY_LOADER_EXTERNS_H
#define BPFVERIFY_LOADER_EXTERNS_H

#include "loader/object.h"

/* Collects the object's externs; builds the .kconfig map (values from the running kernel's
 * config: /proc/config.gz, then /boot/config-$(uname -r); when neither is readable every value
 * is 0 and a warning says so). Remembers the target BTF path of @opts. */
int externs_collect(struct object *obj, const struct object_opts *opts, char *err, size_t errsz);
/* ld_imm64 at @li against extern @sym: kconfig -> map value, typed ksym -> BTF id. */
int externs_link_ld(struct object *obj, struct prog *p, u32 li, const Elf64_Sym *sym, char *err,
		    size_t errsz);
/* call at @li against extern function @sym: kfunc -> src=BPF_PSEUDO_KFUNC_CALL, imm = BTF id
 * (0 when a __weak kfunc is absent from the target). */
int externs_link_call(struct object *obj, struct prog *p, u32 li, const Elf64_Sym *sym, char *err,
		      size_t errsz);
/* Index of the .kconfig map, -1 when there is none. */
int externs_kconfig_map(const struct object *obj);
/* Resolves p->attach_btf_id for BTF-attached types; on failure sets p->attach_err (not fatal:
 * only loading needs it). Returns 0 or -ENOMEM. */
int externs_attach_btf(struct object *obj, struct prog *p);
/* Name of the kfunc a call src=BPF_PSEUDO_KFUNC_CALL refers to (vmlinux ids only), or NULL. */
const char *object_kfunc_name(struct object *obj, const struct bpf_insn *insn);
/* The target BTF (loaded on first use), or NULL when unavailable. */
struct btf *object_target_btf(struct object *obj);
/* The target BTF when @p calls kfuncs (analysis_opts.target_btf), else NULL (not loaded). */
const struct btf *object_kfunc_btf(struct object *obj, const struct prog *p);
void externs_free(struct object *obj);

#endif
