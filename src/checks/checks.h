/* The safety rules the engine applies, one concern per file, with stable rule ids:
 *   align.c    pointer alignment of loads, stores and atomics: "mem.misaligned"
 *   mem.c      loads and stores by pointer kind (stack, map value/key, ctx, packet, mem), helper
 *              memory arguments: "mem.*", "stack.*"
 *   ctx.c      per-program-type context layouts (which fields are readable, writable, what type
 *              a load yields): "ctx.*"
 *   helpers.c  helper calls: availability per program type (helper_avail.c), prototypes
 *              (helper_protos.c), argument contracts, map compatibility, return values,
 *              packet-data changes, reference acquisition and release: "helper.*", "refs.*"
 *   refs.c     acquired references: acquisition, release, leaks at exit / tail call / LD_ABS
 *   sock_helpers.c  socket helper arguments and returns, socket maps
 *   exit.c     program exit: R0, return ranges per program type, leaked references
 *   fields.c   special fields of map values (locks, timers, kptrs) under loads, stores,
 *              atomics and helper accesses: "field.*", "kptr.*"
 *   dynptr.c   dynptr arguments of helpers: "dynptr.*"
 *   kfuncs.c   kernel function calls: "kfunc.*"
 *   locks.c    bpf_spin_lock / bpf_timer / bpf_kptr_xchg arguments, the held lock, program
 *              types that may not use them: "lock.*", "timer.*", "kptr.*", "map.create"
 *   btf_access.c  loads through BTF-typed kernel pointers, BTF helper arguments (btf_ptr.h;
 *              the BTF-typed contexts of tracing and lsm programs are in ctx_trace.c): "btf.*"
 * Every check returns 0, or the negative value of env_reject() / env_unknown(). */
#ifndef BPFVERIFY_CHECKS_CHECKS_H
#define BPFVERIFY_CHECKS_CHECKS_H

#include "analysis/env.h"

/* The state the kernel's check_helper_call() gathers while checking arguments (struct
 * bpf_call_arg_meta, the parts modelled). */
struct call_meta {
	s32 map_idx;		/* map of the ARG_CONST_MAP_PTR argument, or -1 */
	bool raw_mode;		/* an uninit-memory argument: the helper writes it */
	int raw_regno;		/* its register */
	u32 raw_size;		/* and size */
	u64 msize_max;		/* umax of the last size argument */
	u64 mem_size;		/* ARG_CONST_ALLOC_SIZE_OR_ZERO */
	u32 release_regno;	/* the register released by an OBJ_RELEASE argument (0: none) */
	u32 ref_obj_id;
	s64 const_map_key;	/* constant key of an array lookup, -1 when not known */
	u32 dynptr_ref_obj_id;	/* an initialised dynptr argument's reference (dynptr.c) */
};

/* ---- align.c ---- */

/* Alignment of a @size-byte access at @regno + @off (the kernel's check_ptr_alignment()):
 * always for the stack, for every kind under BPF_F_STRICT_ALIGNMENT (analysis_opts.prog_flags)
 * or when @strict_once (atomics). "misaligned stack access off 0+-10+8 size 8". */
int check_ptr_alignment(struct env *env, u32 regno, s32 off, u32 size, bool strict_once);

/* ---- mem.c ---- */

/* BPF_LDX, BPF_ST, BPF_STX (not atomics): the kernel's check_load_mem/check_store_mem. */
int check_mem_insn(struct env *env, const struct insn *in);
/* One access of @size bytes at @regno + @off (the kernel's check_mem_access()); for a read the
 * loaded value goes to @value_regno (>= 0) sign-extended when @sx; for a write it comes from
 * @value_regno, or is @imm when @value_regno < 0 (BPF_ST). */
int check_mem_access(struct env *env, u32 regno, s32 off, u32 size, enum access_type t,
		     int value_regno, bool sx, s32 imm);
/* A helper's memory argument: @size bytes at @regno (the kernel's check_helper_mem_access()).
 * @meta may be NULL; when it asks for raw mode the stack is only bounds-checked. */
int check_helper_mem_access(struct env *env, u32 regno, u64 size, enum access_type t,
			    bool zero_size_allowed, struct call_meta *meta);
/* The size argument @regno of a (mem, size) pair: the kernel's check_mem_size_reg(). */
int check_mem_size_reg(struct env *env, u32 regno, enum access_type t, bool zero_size_allowed,
		       struct call_meta *meta);
/* Before analysis: the ld_imm64 at @idx loads a pointer into the value of map @m
 * (BPF_PSEUDO_MAP_VALUE): resolve_pseudo_ldimm64()'s map_direct_value_addr() check of its offset
 * ("invalid access to map value pointer, value_size=%u off=%u"). */
int check_map_direct_value(struct env *env, u32 idx, const struct map_def *m);

/* Exact constants (analysis_opts.exact_constants): a fixed-offset stack access of @size bytes
 * within one slot, and that slot's contents before the access as bits (known for zero bytes
 * and the bytes of a spilled scalar). */
struct stack_exact {
	struct stack *st;
	int spi;
	u32 shift;		/* bit position of the first accessed byte in the slot's 64 bits */
	u32 size;
	struct tnum slot;	/* the slot before the access; byte k (k = 0 the lowest address)
				 * is bits 8k..8k+7 */
	bool had_invalid;	/* a byte outside the access was never written */
};

/* With the option on and @regno a stack pointer of known offset whose @size bytes at @off lie
 * in one slot: fills @x from the slot as it is now and returns true. */
bool stack_exact_begin(struct env *env, u32 regno, s32 off, u32 size, struct stack_exact *x);
/* The accessed bytes as they were at stack_exact_begin(), zero-extended. */
struct tnum stack_exact_old(const struct stack_exact *x);
/* After the kernel-faithful access: the accessed bytes hold the low bytes of @v, the others
 * what they held at stack_exact_begin(). The slot becomes one spilled 8-byte scalar with those
 * bits when any is known (left as the access made it otherwise). */
void stack_exact_store(struct env *env, const struct stack_exact *x, struct tnum v);

/* A context pointer as loads and LD_ABS/IND need it, unmodified (the kernel's
 * check_ptr_off_reg(): "dereference of modified ctx ptr R1 off=4 disallowed", ...). */
int check_ctx_ptr(struct env *env, u32 regno, const struct reg *r);

/* ---- ctx.c ---- */

/* Whether a @size-byte access at @off of the context is allowed for the program (the kernel's
 * env->ops->is_valid_access). 1 allowed, 0 not, -EOPNOTSUPP when the program type's context is
 * not modelled yet. On a read, *@reg_type is the type of the loaded value (SCALAR_VALUE, or a
 * packet, socket, flow keys or tracepoint buffer pointer). */
int ctx_access_ok(struct env *env, s32 off, u32 size, enum access_type t, u32 *reg_type);
/* A read of @size bytes at @off through socket pointer @regno (sock, sock_common, tcp_sock,
 * xdp_sock): the kernel's check_sock_access(), "R1 invalid sock access off=8 size=4". */
int check_sock_access(struct env *env, u32 regno, s32 off, u32 size);
/* An access of @size bytes at @off through a flow keys pointer: "invalid access to flow keys". */
int check_flow_keys_access(struct env *env, s32 off, u32 size);

/* ---- helpers.c ---- */

int check_helper_call(struct env *env, const struct insn *in);

/* ---- dynptr.c ---- */

/* Argument @regno of kind @kind (enum helper_arg: HARG_DYNPTR_*) of helper @func
 * (process_dynptr_func): an initialised dynptr, or stack a constructor initialises. */
int check_dynptr_arg(struct env *env, u32 func, u32 regno, u32 kind, struct call_meta *meta);
/* R0 of bpf_dynptr_data (RET_PTR_TO_DYNPTR_MEM_OR_NULL): a slice of meta->mem_size bytes that
 * goes with the dynptr's reference. */
void dynptr_data_ret(struct env *env, const struct call_meta *meta);

/* ---- kfuncs.c ---- */

/* Before exploration, every kfunc call instruction (the kernel's add_kfunc_call()): the GPL
 * rule, placeholders (imm 0), and unknown for kfuncs not modelled. */
int kfuncs_check_prog(struct env *env);
/* The number of parameters of the modelled kfunc insn @idx calls (liveness), or -1. */
int kfuncs_call_nargs(const struct env *env, u32 idx);
/* Whether insn @idx calls an iterator's _next kfunc (a forced checkpoint). */
bool kfuncs_is_iter_next(const struct env *env, u32 idx);
/* A kfunc call on the current path (check_kfunc_call()). */
int check_kfunc_call(struct env *env, const struct insn *in);
/* After exploration (fixup_kfunc_call()): a reached placeholder call rejects the program. */
int kfuncs_check_fixup(struct env *env);

/* ---- refs.c ---- */

/* A helper argument in register @regno: its ref_obj_id (if any) goes to @meta (the pointer a
 * cast helper derives keeps it); a second referenced argument is refused. */
int refs_note_arg(struct env *env, u32 regno, struct call_meta *meta);
/* After R0 got the helper's return type: a cast helper's result keeps the argument's
 * ref_obj_id, an acquiring helper (socket lookups, sockmap lookups, ringbuf_reserve) records a
 * new reference at the current instruction. @map_idx: the call's map or -1. */
int refs_after_call(struct env *env, u32 func, s32 map_idx, const struct call_meta *meta);
/* Drops reference @ref_obj_id and turns every pointer carrying it (registers and spills of all
 * frames) into an unknown scalar. -ENOENT when the state does not hold it. */
int refs_release(struct env *env, u32 ref_obj_id);
/* The kernel's check_resource_leak() for references: in the main frame, every reference still
 * held is logged and "@what would lead to reference leak" rejects. */
int check_resource_leak(struct env *env, const char *what);

/* ---- sock_helpers.c ---- */

/* A socket argument of kind @kind (enum helper_arg: HARG_SOCK_COMMON, HARG_SOCKET_OR_NULL,
 * HARG_BTF_SOCK_COMMON, HARG_SOCK_RELEASE, or HARG_MAP_VALUE of a sockmap/sockhash) in
 * register @regno of a helper call. */
int check_sock_arg(struct env *env, u32 kind, u32 regno, struct call_meta *meta);
/* R0 of helper @func with a socket return kind @kind (enum helper_ret). */
int sock_helper_ret(struct env *env, u32 func, u32 kind);
/* Register type of a non-NULL lookup result in a map of @map_type: PTR_TO_SOCKET
 * (sockmap, sockhash), PTR_TO_XDP_SOCK (xskmap), or 0 (a map value). */
u32 sock_map_lookup_type(u32 map_type);
/* ---- fields.c (special fields of map values: "field.*", "kptr.*") ---- */

/* After the bounds check of an access of @size bytes at @off (fixed offset included) through
 * map value pointer @regno: the special fields it may touch (the kernel's check_map_access()
 * field loop, @helper for ACCESS_HELPER) and, for a load or store of a kptr field, the kernel's
 * check_map_kptr_access(). 0 go on, 1 a kptr access handled (the loaded register is typed), or
 * a check's error. */
int check_map_fields(struct env *env, u32 regno, s32 off, u32 size, int value_regno, bool helper);

/* ---- locks.c (bpf_spin_lock, bpf_timer, bpf_kptr_xchg: "lock.*", "timer.*", "kptr.*") ---- */

/* Before analysis: maps the program refers to whose creation fails or whose fields are not
 * modelled, and the program types that may not use them (check_map_prog_compatibility()). */
int check_map_prog_compat(struct env *env);
/* A call while a bpf_spin_lock is held (do_check()'s "function calls are not allowed ..."). */
int check_call_under_lock(struct env *env, const struct insn *in);
/* The bpf_spin_lock / bpf_spin_unlock argument @regno (process_spin_lock()) for helper @func. */
int check_spin_lock_arg(struct env *env, u32 regno, u32 func);
/* A bpf_timer_* argument @regno (process_timer_func()); records the map in *@map_idx. */
int check_timer_arg(struct env *env, u32 regno, s32 *map_idx);
/* bpf_timer_init's map argument @regno against the timer's map @map_idx (-1: none yet). */
int check_timer_map_arg(struct env *env, u32 regno, s32 map_idx);
/* bpf_kptr_xchg's destination @regno (process_kptr_func()). */
int check_kptr_xchg_arg(struct env *env, u32 regno);
/* check_resource_leak()'s lock part: @what ("BPF_EXIT instruction in main prog", ...) may not
 * run with a lock held. */
int check_lock_released(struct env *env, const char *what);

/* ---- exit.c ---- */

/* R0 (a scalar) within [@min, @max] on the signed 64-bit bounds (32-bit ones when @is32: lsm
 * hooks), else "@what the register R0 has smin=.. smax=.. should have been in [min, max]"
 * (verbose_invalid_scalar) under @check_id: 0 or -EACCES. */
int check_retval_range(struct env *env, const char *check_id, const char *what,
		       const struct reg *r0, s32 min, s32 max, bool is32);
/* BPF_EXIT of the main program: leaked references, R0, return range. */
int check_exit(struct env *env);
/* Whether the program type's return value must lie in a range (then the kernel's
 * check_return_code() relies on R0's value: precision.c marks it precise). */
bool exit_retval_enforced(struct env *env);

#endif
