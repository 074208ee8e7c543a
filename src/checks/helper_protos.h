/* Helper prototypes: argument kinds, return kind, GPL-only flag and the program types for which
 * we know the kernel (6.18, privileged) offers the helper (its get_func_proto() answers). Read by
 * checks/helpers.c only. A helper absent from the table, or called from a program type outside
 * both its known-allowed and known-denied sets, makes the verdict unknown. */
#ifndef BPFVERIFY_CHECKS_HELPER_PROTOS_H
#define BPFVERIFY_CHECKS_HELPER_PROTOS_H

#include "util.h"

enum helper_arg {
	HARG_NONE = 0,		/* ARG_DONTCARE */
	HARG_ANYTHING,		/* ARG_ANYTHING: any initialised register */
	HARG_MAP_PTR,		/* ARG_CONST_MAP_PTR */
	HARG_MAP_KEY,		/* ARG_PTR_TO_MAP_KEY */
	HARG_MAP_VALUE,		/* ARG_PTR_TO_MAP_VALUE */
	HARG_MEM_RDONLY,	/* ARG_PTR_TO_MEM | MEM_RDONLY: read by the helper, size follows */
	HARG_MEM_UNINIT,	/* ARG_PTR_TO_MEM | MEM_UNINIT | MEM_WRITE: written, size follows */
	HARG_SIZE,		/* ARG_CONST_SIZE */
	HARG_SIZE_OR_ZERO,	/* ARG_CONST_SIZE_OR_ZERO */
	HARG_ALLOC_SIZE,	/* ARG_CONST_ALLOC_SIZE_OR_ZERO */
	HARG_CTX,		/* ARG_PTR_TO_CTX */
	HARG_RINGBUF_RELEASE,	/* ARG_PTR_TO_RINGBUF_MEM | OBJ_RELEASE */
	/* callbacks */
	HARG_FUNC,		/* ARG_PTR_TO_FUNC: a callback (analysis/callbacks.c) */
	HARG_STACK_OR_NULL,	/* ARG_PTR_TO_STACK_OR_NULL: the callback's context */
	/* sockets (checked by sock_helpers.c) */
	HARG_SOCK_COMMON,	/* ARG_PTR_TO_SOCK_COMMON */
	HARG_SOCKET_OR_NULL,	/* ARG_PTR_TO_SOCKET | PTR_MAYBE_NULL */
	HARG_BTF_SOCK_COMMON,	/* ARG_PTR_TO_BTF_ID_SOCK_COMMON */
	HARG_SOCK_RELEASE,	/* ARG_PTR_TO_BTF_ID_SOCK_COMMON | OBJ_RELEASE */
	HARG_MAP_VALUE_OR_NULL,	/* ARG_PTR_TO_MAP_VALUE | PTR_MAYBE_NULL (sk_storage_get) */
	/* maplocks */
	HARG_SPIN_LOCK,		/* ARG_PTR_TO_SPIN_LOCK */
	HARG_TIMER,		/* ARG_PTR_TO_TIMER */
	HARG_KPTR_XCHG_DEST,	/* ARG_KPTR_XCHG_DEST */
	HARG_BTF_ID_RELEASE,	/* ARG_PTR_TO_BTF_ID_OR_NULL | OBJ_RELEASE: not modelled */
	/* btfptr */
	HARG_BTF_TASK,		/* ARG_PTR_TO_BTF_ID: struct task_struct */
	HARG_BTF_SEQ_FILE,	/* ARG_PTR_TO_BTF_ID: struct seq_file */
	HARG_MEM_RDONLY_OR_NULL,	/* ARG_PTR_TO_MEM | PTR_MAYBE_NULL | MEM_RDONLY */
	/* kfuncs */
	HARG_DYNPTR_RDONLY,	/* ARG_PTR_TO_DYNPTR | MEM_RDONLY: an initialised dynptr (dynptr.c) */
	HARG_DYNPTR_LOCAL_UNINIT, /* ARG_PTR_TO_DYNPTR | DYNPTR_TYPE_LOCAL | MEM_UNINIT: constructed
				   * (bpf_dynptr_from_mem) */
	HARG_DYNPTR_RINGBUF_UNINIT, /* ... | DYNPTR_TYPE_RINGBUF | MEM_UNINIT: constructed with a
				     * reference (bpf_ringbuf_reserve_dynptr) */
	HARG_DYNPTR_RINGBUF_RELEASE, /* ... | DYNPTR_TYPE_RINGBUF | OBJ_RELEASE: released
				      * (bpf_ringbuf_submit_dynptr / _discard_dynptr) */
};

enum helper_ret {
	HRET_INTEGER,		/* RET_INTEGER */
	HRET_VOID,		/* RET_VOID */
	HRET_MAP_VALUE_OR_NULL,	/* RET_PTR_TO_MAP_VALUE_OR_NULL */
	HRET_RINGBUF_OR_NULL,	/* RET_PTR_TO_MEM | MEM_RINGBUF | PTR_MAYBE_NULL, acquires */
	/* sockets (set by sock_helpers.c) */
	HRET_SOCKET_OR_NULL,	/* RET_PTR_TO_SOCKET_OR_NULL */
	HRET_SOCK_COMMON_OR_NULL, /* RET_PTR_TO_SOCK_COMMON_OR_NULL */
	HRET_TCP_SOCK_OR_NULL,	/* RET_PTR_TO_TCP_SOCK_OR_NULL */
	HRET_BTF_SOCK_OR_NULL,	/* RET_PTR_TO_BTF_ID_OR_NULL, a socket struct (bpf_skc_to_*) */
	/* btfptr */
	HRET_BTF_TASK_TRUSTED,	/* RET_PTR_TO_BTF_ID_TRUSTED: struct task_struct */
	HRET_INTEGER_MSIZE,	/* RET_INTEGER in [-MAX_ERRNO, size argument] (do_refine_retval_range) */
	/* kfuncs */
	HRET_DYNPTR_MEM_OR_NULL, /* RET_PTR_TO_DYNPTR_MEM_OR_NULL: a dynptr slice (dynptr.c) */
};

/* Program type groups (bits). */
enum helper_progs {
	HP_SOCKET = 1 << 0,	/* socket_filter */
	HP_TC = 1 << 1,		/* sched_cls, sched_act */
	HP_CGSKB = 1 << 2,	/* cgroup_skb */
	HP_XDP = 1 << 3,
	HP_TRACE = 1 << 4,	/* kprobe, tracepoint, perf_event, raw_tracepoint(_writable) */
	HP_OTHER = 1 << 5,	/* every other program type */
	HP_BTFTRACE = 1 << 6,	/* tracing, lsm (btfptr): bpf_tracing_func_proto and their own */
	HP_ALL = 0x7f,
	HP_SKB = HP_SOCKET | HP_TC | HP_CGSKB,
};

struct helper_proto {
	u32 id;
	bool gpl_only;
	u8 ret;			/* enum helper_ret */
	u8 args[5];		/* enum helper_arg */
	u32 allowed;		/* groups known to offer it */
	u32 denied;		/* groups known not to ("program of this type cannot use helper") */
};

/* The prototype of helper @id, or NULL when not modelled. */
const struct helper_proto *helper_proto(u32 id);
/* The group bit of @prog_type. */
u32 helper_prog_group(u32 prog_type);

#endif
