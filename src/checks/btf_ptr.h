/* BTF-typed kernel pointers (PTR_TO_BTF_ID) and the BTF-typed contexts of tracing, lsm and
 * iterator programs, shared by btf_access.c (loads through PTR_TO_BTF_ID, the kernel's
 * btf_struct_access / btf_struct_walk), ctx_trace.c (btf_ctx_access, return ranges) and the
 * dispatch points in mem.c, exit.c and helpers.c. Types are those of the target kernel BTF
 * (env->opts.target_btf); without it every question here answers "not modelled". */
#ifndef BPFVERIFY_CHECKS_BTF_PTR_H
#define BPFVERIFY_CHECKS_BTF_PTR_H

#include "analysis/env.h"

struct btf;
struct btf_type;

/* ---- btf_access.c ---- */

/* A load or store of @size bytes at @regno + @off (@off includes the register's fixed offset)
 * through a PTR_TO_BTF_ID that is not maybe-NULL: the kernel's check_ptr_to_btf_access(). On a
 * read the value goes to @value_regno (>= 0), sign-extended when @sx. */
int check_btf_ptr_access(struct env *env, u32 regno, s32 off, u32 size, enum access_type t,
			 int value_regno, bool sx);
/* A read of @size bytes at @off (>= 0) of struct @tname of the target BTF, the kernel object
 * behind a map pointer (check_ptr_to_map_access: btf_struct_access on a simulated PTR_TO_BTF_ID
 * to it); the value goes to @value_regno (>= 0) as mark_btf_ld_reg sets it, without the trust
 * rules of check_ptr_to_btf_access. Narrowing a scalar to @size is the caller's. */
int check_btf_map_access(struct env *env, const char *tname, s32 off, u32 size,
			 int value_regno);
/* A load or store through read-only untrusted memory (PTR_TO_MEM | MEM_RDONLY | PTR_UNTRUSTED,
 * a BTF pointer to something other than a struct): reads are unbounded probe reads, writes are
 * refused. */
int check_untrusted_mem_access(struct env *env, u32 regno, u32 size, enum access_type t,
			       int value_regno, bool sx);
/* A helper's ARG_PTR_TO_BTF_ID argument @regno that must point to (a struct starting with)
 * struct @want (check_reg_type with btf_ptr_types, check_func_arg_reg_off). */
int check_btf_arg(struct env *env, u32 regno, const char *want);
/* A helper's ARG_PTR_TO_PERCPU_BTF_ID argument @regno (bpf_per_cpu_ptr, bpf_this_cpu_ptr): a
 * per-CPU BTF pointer, plain, RCU or trusted. None is modelled (per-CPU ksyms, kptrs and
 * __percpu fields answer unknown where they appear), so every register that gets here is
 * refused, as check_reg_type() words it. */
int check_percpu_btf_arg(struct env *env, u32 regno);
/* @r = a PTR_TO_BTF_ID | @flags to struct @name of the target BTF (a helper's return value). */
int btf_ret_ptr(struct env *env, struct reg *r, const char *name, u32 flags);
/* The kernel's btf_struct_ids_match(): a pointer to struct @id at @off is (or starts with, when
 * not @strict) a struct @want. When not, @msg (of @msgsz bytes) holds the line the kernel logs
 * for the walk that failed, or "". */
bool btf_ptr_ids_match(const struct btf *btf, u32 id, s32 off, u32 want, bool strict, char *msg,
		       size_t msgsz);
/* The type @id with typedefs and qualifiers skipped (*@res_id its id), or NULL. */
const struct btf_type *btf_ptr_skip_mods(const struct btf *btf, u32 id, u32 *res_id);
/* The name of type @id ("" when anonymous or invalid). */
const char *btf_ptr_type_name(const struct btf *btf, u32 id);
/* The kernel's btf_type_str(): "INT", "PTR", "STRUCT", ... for @t (NULL: "UNKNOWN"). */
const char *btf_ptr_kind_str(const struct btf_type *t);

/* ---- ctx_trace.c ---- */

/* Whether the program's context is the BTF-typed argument array (tracing, lsm). */
bool ctx_is_btf(const struct env *env);
/* A @size-byte access at @off of that context (the kernel's tracing_prog_is_valid_access /
 * btf_ctx_access); on a read the value goes to @value_regno. */
int check_btf_ctx_access(struct env *env, s32 off, u32 size, enum access_type t, int value_regno);
/* 1 when R0 is not looked at on exit (an lsm program on a void hook: check_return_code returns
 * before reading it), 0 when it is, or the negative value of env_unknown(). */
int trace_exit_unchecked(struct env *env);
/* The return range of a tracing / lsm program (check_return_code): 1 with [*@min, *@max]
 * (compared on the 32-bit bounds when *@is32), 0 when any value is allowed, or the negative
 * value of env_unknown(). */
int trace_retval_range(struct env *env, s32 *min, s32 *max, bool *is32);

#endif
