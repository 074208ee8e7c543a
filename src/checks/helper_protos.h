/* Helper prototypes and availability, as the Linux 6.18 kernel (privileged: CAP_BPF +
 * CAP_PERFMON) defines them. Read by checks/helpers.c only.
 *
 * Two separate questions, two tables:
 *  - availability (helper_avail.c): does the program type's get_func_proto() return a prototype
 *    for the helper at all ("program of this type cannot use helper ...")? Exact per program type
 *    and, where the kernel's switch looks at it, per expected attach type; "unknown" for the
 *    program types whose switch is not modelled (tracing, lsm, ext, struct_ops, ...).
 *  - prototype (helper_protos.c): argument kinds, return kind, flags. A helper may have several
 *    prototypes (the kernel hands e.g. get_socket_cookie a ctx-taking prototype for socket
 *    programs and a BTF-pointer one for tracing): entries with a non-zero @progs apply to those
 *    program types only, the first matching entry wins.
 *
 * Adding a helper: one row in protos[] (helper_protos.c) with the kinds below; new argument or
 * return kinds go at the END of their enum, and get a case in helpers.c. */
#ifndef BPFVERIFY_CHECKS_HELPER_PROTOS_H
#define BPFVERIFY_CHECKS_HELPER_PROTOS_H

#include "util.h"

/* Argument kinds: the kernel's enum bpf_arg_type with its flags, as far as modelled. */
enum helper_arg {
	HARG_NONE = 0,		/* ARG_DONTCARE */
	HARG_ANYTHING,		/* ARG_ANYTHING: any initialised register */
	HARG_MAP_PTR,		/* ARG_CONST_MAP_PTR */
	HARG_MAP_KEY,		/* ARG_PTR_TO_MAP_KEY */
	HARG_MAP_VALUE,		/* ARG_PTR_TO_MAP_VALUE */
	HARG_MEM_RDONLY,	/* ARG_PTR_TO_MEM | MEM_RDONLY: read by the helper, size follows */
	HARG_MEM_UNINIT,	/* ARG_PTR_TO_UNINIT_MEM (MEM_UNINIT | MEM_WRITE): written, size
				 * follows */
	HARG_SIZE,		/* ARG_CONST_SIZE */
	HARG_SIZE_OR_ZERO,	/* ARG_CONST_SIZE_OR_ZERO */
	HARG_ALLOC_SIZE,	/* ARG_CONST_ALLOC_SIZE_OR_ZERO */
	HARG_CTX,		/* ARG_PTR_TO_CTX */
	HARG_RINGBUF_RELEASE,	/* ARG_PTR_TO_RINGBUF_MEM | OBJ_RELEASE */
	HARG_MEM,		/* ARG_PTR_TO_MEM, no flag: read access, read-only memory refused */
	HARG_MEM_RDONLY_OR_NULL, /* ARG_PTR_TO_MEM | PTR_MAYBE_NULL | MEM_RDONLY */
	HARG_MEM_OR_NULL,	/* ARG_PTR_TO_MEM_OR_NULL */
	HARG_FIXED_UNINIT,	/* ARG_PTR_TO_FIXED_SIZE_MEM | MEM_UNINIT | MEM_WRITE | MEM_ALIGNED:
				 * arg_size bytes written (strtol's result, 6.18's ARG_PTR_TO_LONG) */
	HARG_CTX_OR_NULL,	/* ARG_PTR_TO_CTX_OR_NULL */
	HARG_CONST_STR,		/* ARG_PTR_TO_CONST_STR: NUL-terminated string in a read-only map */
	HARG_UNMODELLED,	/* a kind not modelled yet (BTF ids, dynptrs, callbacks, ...):
				 * calls with it are unknown */
	HARG_MAP_VALUE_UNINIT,	/* ARG_PTR_TO_UNINIT_MAP_VALUE: value_size bytes written (pop,
				 * peek) */
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
	HARG_BTF_ID_RELEASE,	/* ARG_PTR_TO_BTF_ID_OR_NULL | OBJ_RELEASE: bpf_kptr_xchg's
				 * source (locks.c) */
	/* btfptr */
	HARG_BTF_TASK,		/* ARG_PTR_TO_BTF_ID: struct task_struct */
	HARG_BTF_SEQ_FILE,	/* ARG_PTR_TO_BTF_ID: struct seq_file */
	/* kfuncs */
	HARG_DYNPTR_RDONLY,	/* ARG_PTR_TO_DYNPTR | MEM_RDONLY: an initialised dynptr (dynptr.c) */
	HARG_DYNPTR_LOCAL_UNINIT, /* ARG_PTR_TO_DYNPTR | DYNPTR_TYPE_LOCAL | MEM_UNINIT: constructed
				   * (bpf_dynptr_from_mem) */
	HARG_DYNPTR_RINGBUF_UNINIT, /* ... | DYNPTR_TYPE_RINGBUF | MEM_UNINIT: constructed with a
				     * reference (bpf_ringbuf_reserve_dynptr) */
	HARG_DYNPTR_RINGBUF_RELEASE, /* ... | DYNPTR_TYPE_RINGBUF | OBJ_RELEASE: released
				      * (bpf_ringbuf_submit_dynptr / _discard_dynptr) */
	/* btfptr */
	HARG_PERCPU_BTF_ID,	/* ARG_PTR_TO_PERCPU_BTF_ID (bpf_per_cpu_ptr, bpf_this_cpu_ptr) */
};

enum helper_ret {
	HRET_INTEGER,		/* RET_INTEGER */
	HRET_VOID,		/* RET_VOID */
	HRET_MAP_VALUE_OR_NULL,	/* RET_PTR_TO_MAP_VALUE_OR_NULL */
	HRET_RINGBUF_OR_NULL,	/* RET_PTR_TO_MEM | MEM_RINGBUF | PTR_MAYBE_NULL, acquires */
	HRET_MAP_VALUE,		/* RET_PTR_TO_MAP_VALUE, never NULL (get_local_storage) */
	HRET_UNMODELLED,	/* BTF pointers, sockets, ...: calls are unknown */
	/* sockets (set by sock_helpers.c) */
	HRET_SOCKET_OR_NULL,	/* RET_PTR_TO_SOCKET_OR_NULL */
	HRET_SOCK_COMMON_OR_NULL, /* RET_PTR_TO_SOCK_COMMON_OR_NULL */
	HRET_TCP_SOCK_OR_NULL,	/* RET_PTR_TO_TCP_SOCK_OR_NULL */
	HRET_BTF_SOCK_OR_NULL,	/* RET_PTR_TO_BTF_ID_OR_NULL, a socket struct (bpf_skc_to_*) */
	/* btfptr */
	HRET_BTF_TASK_TRUSTED,	/* RET_PTR_TO_BTF_ID_TRUSTED: struct task_struct */
	/* kfuncs */
	HRET_DYNPTR_MEM_OR_NULL, /* RET_PTR_TO_DYNPTR_MEM_OR_NULL: a dynptr slice (dynptr.c) */
	/* maplocks */
	HRET_KPTR_XCHG,		/* RET_PTR_TO_BTF_ID_OR_NULL of bpf_kptr_xchg: the field's type,
				 * acquired (locks.c) */
	/* btfptr */
	HRET_MEM_OR_BTF_ID,	/* RET_PTR_TO_MEM_OR_BTF_ID: what a per-CPU pointer points to, on
				 * this or another CPU (not modelled) */
};

/* Program type @t as a bit of struct helper_proto.progs. */
#define PT(t) (1ULL << BPF_PROG_TYPE_##t)

enum helper_flags {
	HF_PKT_ACCESS = 1 << 0,		/* .pkt_access: packet pointers accepted as memory */
	HF_MIGHT_SLEEP = 1 << 1,	/* .might_sleep: sleepable programs only */
	HF_CHANGES_PKT = 1 << 2,	/* bpf_helper_changes_pkt_data(): packet pointers die */
};

struct helper_proto {
	u32 id;
	bool gpl_only;
	u8 ret;			/* enum helper_ret */
	u8 args[5];		/* enum helper_arg */
	u64 progs;		/* program types this prototype applies to (0: every type) */
	u64 attach;		/* and attach types (bits; 0: every attach type) */
	u8 flags;		/* enum helper_flags */
	u16 arg_size[5];	/* HARG_FIXED_UNINIT: the kernel's arg_size */
};

/* The prototype of helper @id that a program of @prog_type loaded with @attach_type gets, or
 * NULL when not modelled. */
const struct helper_proto *helper_proto(u32 id, u32 prog_type, u32 attach_type);
/* How many distinct helper ids have a prototype (for reports and tests). */
u32 helper_proto_count(void);

/* ---- Availability (helper_avail.c) ---- */

enum helper_avail {
	HELPER_OFFERED,		/* get_func_proto() returns a prototype */
	HELPER_NOT_OFFERED,	/* "program of this type cannot use helper" */
	HELPER_REFUSED,		/* offered, but its .allowed() refuses the program ("helper call
				 * is not allowed in probe") */
	HELPER_AVAIL_UNKNOWN,	/* the program type's switch is not modelled */
};

/* Whether helper @func is offered to a program of @prog_type loaded with @attach_type. */
enum helper_avail helper_offered(u32 func, u32 prog_type, u32 attach_type);
/* Whether helper @func is offered, unrefused, to every program type the tables cover (the
 * privileged bpf_base_func_proto() helpers, which every type's switch falls back to). */
bool helper_offered_to_every_type(u32 func);

#endif
