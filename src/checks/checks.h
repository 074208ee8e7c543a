/* The safety rules the engine applies, one concern per file, with stable rule ids:
 *   mem.c      loads and stores by pointer kind (stack, map value/key, ctx, packet, mem), helper
 *              memory arguments: "mem.*", "stack.*"
 *   ctx.c      per-program-type context layouts (which fields are readable, writable, what type
 *              a load yields): "ctx.*"
 *   helpers.c  helper calls: availability per program type (helper_avail.c), prototypes
 *              (helper_protos.c), argument contracts, map compatibility, return values,
 *              packet-data changes, reference acquisition and release: "helper.*", "refs.*"
 *   exit.c     program exit: R0, return ranges per program type, leaked references
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
};

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

/* ---- exit.c ---- */

/* BPF_EXIT of the main program: leaked references, R0, return range. */
int check_exit(struct env *env);

#endif
