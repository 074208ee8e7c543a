/* The modelled helper prototypes (kernel/bpf/helpers.c, kernel/trace/bpf_trace.c,
 * net/core/filter.c of 6.18) and which program types offer them (bpf_base_func_proto for all
 * types, the tracing and networking func_proto switches for the others). */
#include <linux/bpf.h>

#include "checks/helper_protos.h"

#define A(...) { __VA_ARGS__ }

static const struct helper_proto protos[] = {
	{ BPF_FUNC_map_lookup_elem, false, HRET_MAP_VALUE_OR_NULL, A(HARG_MAP_PTR, HARG_MAP_KEY), HP_ALL, 0 },
	{ BPF_FUNC_map_update_elem, false, HRET_INTEGER,
	  A(HARG_MAP_PTR, HARG_MAP_KEY, HARG_MAP_VALUE, HARG_ANYTHING), HP_ALL, 0 },
	{ BPF_FUNC_map_delete_elem, false, HRET_INTEGER, A(HARG_MAP_PTR, HARG_MAP_KEY), HP_ALL, 0 },
	{ BPF_FUNC_probe_read, true, HRET_INTEGER, A(HARG_MEM_UNINIT, HARG_SIZE_OR_ZERO, HARG_ANYTHING),
	  HP_TRACE, 0 },
	{ BPF_FUNC_ktime_get_ns, false, HRET_INTEGER, A(0), HP_ALL, 0 },
	{ BPF_FUNC_trace_printk, true, HRET_INTEGER,
	  A(HARG_MEM_RDONLY, HARG_SIZE, HARG_NONE, HARG_NONE, HARG_NONE), HP_ALL, 0 },
	{ BPF_FUNC_get_prandom_u32, false, HRET_INTEGER, A(0), HP_ALL, 0 },
	{ BPF_FUNC_get_smp_processor_id, false, HRET_INTEGER, A(0), HP_ALL, 0 },
	{ BPF_FUNC_tail_call, false, HRET_VOID, A(HARG_CTX, HARG_MAP_PTR, HARG_ANYTHING), HP_ALL, 0 },
	{ BPF_FUNC_get_current_pid_tgid, false, HRET_INTEGER, A(0), HP_TRACE, HP_SOCKET | HP_XDP },
	{ BPF_FUNC_get_current_uid_gid, false, HRET_INTEGER, A(0), HP_TRACE | HP_BTFTRACE,
	  HP_SOCKET | HP_XDP },
	{ BPF_FUNC_get_current_comm, false, HRET_INTEGER, A(HARG_MEM_UNINIT, HARG_SIZE), HP_TRACE,
	  HP_SOCKET | HP_XDP },
	{ BPF_FUNC_perf_event_output, false, HRET_INTEGER,
	  A(HARG_CTX, HARG_MAP_PTR, HARG_ANYTHING, HARG_MEM_RDONLY, HARG_SIZE_OR_ZERO),
	  HP_SKB | HP_XDP, 0 },
	{ BPF_FUNC_skb_load_bytes, false, HRET_INTEGER,
	  A(HARG_CTX, HARG_ANYTHING, HARG_MEM_UNINIT, HARG_SIZE), HP_SKB, HP_XDP | HP_TRACE },
	{ BPF_FUNC_probe_read_kernel, true, HRET_INTEGER,
	  A(HARG_MEM_UNINIT, HARG_SIZE_OR_ZERO, HARG_ANYTHING), HP_ALL, 0 },
	{ BPF_FUNC_probe_read_kernel_str, true, HRET_INTEGER,
	  A(HARG_MEM_UNINIT, HARG_SIZE_OR_ZERO, HARG_ANYTHING), HP_ALL, 0 },
	{ BPF_FUNC_probe_read_user, true, HRET_INTEGER,
	  A(HARG_MEM_UNINIT, HARG_SIZE_OR_ZERO, HARG_ANYTHING), HP_TRACE, 0 },
	{ BPF_FUNC_probe_read_user_str, true, HRET_INTEGER,
	  A(HARG_MEM_UNINIT, HARG_SIZE_OR_ZERO, HARG_ANYTHING), HP_TRACE, 0 },
	{ BPF_FUNC_jiffies64, false, HRET_INTEGER, A(0), HP_ALL, 0 },
	{ BPF_FUNC_ktime_get_boot_ns, false, HRET_INTEGER, A(0), HP_ALL, 0 },
	{ BPF_FUNC_ringbuf_output, false, HRET_INTEGER,
	  A(HARG_MAP_PTR, HARG_MEM_RDONLY, HARG_SIZE_OR_ZERO, HARG_ANYTHING), HP_ALL, 0 },
	{ BPF_FUNC_ringbuf_reserve, false, HRET_RINGBUF_OR_NULL,
	  A(HARG_MAP_PTR, HARG_ALLOC_SIZE, HARG_ANYTHING), HP_ALL, 0 },
	{ BPF_FUNC_ringbuf_submit, false, HRET_VOID, A(HARG_RINGBUF_RELEASE, HARG_ANYTHING), HP_ALL, 0 },
	{ BPF_FUNC_ringbuf_discard, false, HRET_VOID, A(HARG_RINGBUF_RELEASE, HARG_ANYTHING), HP_ALL, 0 },
	{ BPF_FUNC_ringbuf_query, false, HRET_INTEGER, A(HARG_MAP_PTR, HARG_ANYTHING), HP_ALL, 0 },
	/* callbacks (kernel/bpf/bpf_iter.c), offered by bpf_base_func_proto */
	{ BPF_FUNC_for_each_map_elem, false, HRET_INTEGER,
	  A(HARG_MAP_PTR, HARG_FUNC, HARG_STACK_OR_NULL, HARG_ANYTHING), HP_ALL, 0 },
	{ BPF_FUNC_loop, false, HRET_INTEGER, A(HARG_ANYTHING, HARG_FUNC, HARG_STACK_OR_NULL, HARG_ANYTHING),
	  HP_ALL, 0 },
	/* sockets (net/core/filter.c, net/core/bpf_sk_storage.c): the networking func_proto
	 * switches, checked against the live kernel; more program types in sock_helpers.c */
	{ BPF_FUNC_sk_lookup_tcp, false, HRET_SOCKET_OR_NULL,
	  A(HARG_CTX, HARG_MEM_RDONLY, HARG_SIZE, HARG_ANYTHING, HARG_ANYTHING),
	  HP_TC | HP_CGSKB | HP_XDP, HP_SOCKET | HP_TRACE },
	{ BPF_FUNC_sk_lookup_udp, false, HRET_SOCKET_OR_NULL,
	  A(HARG_CTX, HARG_MEM_RDONLY, HARG_SIZE, HARG_ANYTHING, HARG_ANYTHING),
	  HP_TC | HP_CGSKB | HP_XDP, HP_SOCKET | HP_TRACE },
	{ BPF_FUNC_skc_lookup_tcp, false, HRET_SOCK_COMMON_OR_NULL,
	  A(HARG_CTX, HARG_MEM_RDONLY, HARG_SIZE, HARG_ANYTHING, HARG_ANYTHING),
	  HP_TC | HP_CGSKB | HP_XDP, HP_SOCKET | HP_TRACE },
	{ BPF_FUNC_sk_release, false, HRET_INTEGER, A(HARG_SOCK_RELEASE), HP_TC | HP_CGSKB | HP_XDP,
	  HP_SOCKET | HP_TRACE },
	{ BPF_FUNC_sk_fullsock, false, HRET_SOCKET_OR_NULL, A(HARG_SOCK_COMMON), HP_TC | HP_CGSKB,
	  HP_SOCKET | HP_XDP | HP_TRACE },
	{ BPF_FUNC_tcp_sock, false, HRET_TCP_SOCK_OR_NULL, A(HARG_SOCK_COMMON), HP_TC | HP_CGSKB,
	  HP_SOCKET | HP_XDP | HP_TRACE },
	{ BPF_FUNC_get_listener_sock, false, HRET_SOCKET_OR_NULL, A(HARG_SOCK_COMMON),
	  HP_TC | HP_CGSKB, HP_SOCKET | HP_XDP | HP_TRACE },
	{ BPF_FUNC_skc_to_tcp6_sock, false, HRET_BTF_SOCK_OR_NULL, A(HARG_BTF_SOCK_COMMON),
	  HP_SKB | HP_XDP, HP_TRACE },
	{ BPF_FUNC_skc_to_tcp_sock, false, HRET_BTF_SOCK_OR_NULL, A(HARG_BTF_SOCK_COMMON),
	  HP_SKB | HP_XDP, HP_TRACE },
	{ BPF_FUNC_skc_to_tcp_timewait_sock, false, HRET_BTF_SOCK_OR_NULL, A(HARG_BTF_SOCK_COMMON),
	  HP_SKB | HP_XDP, HP_TRACE },
	{ BPF_FUNC_skc_to_tcp_request_sock, false, HRET_BTF_SOCK_OR_NULL, A(HARG_BTF_SOCK_COMMON),
	  HP_SKB | HP_XDP, HP_TRACE },
	{ BPF_FUNC_skc_to_udp6_sock, false, HRET_BTF_SOCK_OR_NULL, A(HARG_BTF_SOCK_COMMON),
	  HP_SKB | HP_XDP, HP_TRACE },
	{ BPF_FUNC_skc_to_unix_sock, false, HRET_BTF_SOCK_OR_NULL, A(HARG_BTF_SOCK_COMMON),
	  HP_SKB | HP_XDP, HP_TRACE },
	{ BPF_FUNC_skc_to_mptcp_sock, false, HRET_BTF_SOCK_OR_NULL, A(HARG_BTF_SOCK_COMMON),
	  HP_SKB | HP_XDP, HP_TRACE },
	{ BPF_FUNC_sk_assign, false, HRET_INTEGER, A(HARG_CTX, HARG_BTF_SOCK_COMMON, HARG_ANYTHING),
	  HP_TC, HP_SOCKET | HP_XDP | HP_TRACE },
	{ BPF_FUNC_sk_cgroup_id, false, HRET_INTEGER, A(HARG_BTF_SOCK_COMMON), HP_CGSKB,
	  HP_SOCKET | HP_TC | HP_XDP | HP_TRACE },
	{ BPF_FUNC_sk_ancestor_cgroup_id, false, HRET_INTEGER, A(HARG_BTF_SOCK_COMMON, HARG_ANYTHING),
	  HP_CGSKB, HP_SOCKET | HP_TC | HP_XDP | HP_TRACE },
	{ BPF_FUNC_tcp_check_syncookie, true, HRET_INTEGER,
	  A(HARG_BTF_SOCK_COMMON, HARG_MEM_RDONLY, HARG_SIZE, HARG_MEM_RDONLY, HARG_SIZE),
	  HP_TC | HP_XDP, HP_SOCKET | HP_TRACE },
	{ BPF_FUNC_tcp_gen_syncookie, true, HRET_INTEGER,
	  A(HARG_BTF_SOCK_COMMON, HARG_MEM_RDONLY, HARG_SIZE, HARG_MEM_RDONLY, HARG_SIZE),
	  HP_TC | HP_XDP, HP_SOCKET | HP_TRACE },
	{ BPF_FUNC_sk_storage_get, false, HRET_MAP_VALUE_OR_NULL,
	  A(HARG_MAP_PTR, HARG_BTF_SOCK_COMMON, HARG_MAP_VALUE_OR_NULL, HARG_ANYTHING),
	  HP_TC | HP_CGSKB, HP_XDP | HP_TRACE },
	{ BPF_FUNC_sk_storage_delete, false, HRET_INTEGER, A(HARG_MAP_PTR, HARG_BTF_SOCK_COMMON),
	  HP_TC | HP_CGSKB, HP_XDP | HP_TRACE },
	{ BPF_FUNC_sk_select_reuseport, false, HRET_INTEGER,
	  A(HARG_CTX, HARG_MAP_PTR, HARG_MAP_KEY, HARG_ANYTHING), 0, HP_SKB | HP_XDP | HP_TRACE },
	{ BPF_FUNC_sk_redirect_map, false, HRET_INTEGER,
	  A(HARG_CTX, HARG_MAP_PTR, HARG_ANYTHING, HARG_ANYTHING), 0, HP_SKB | HP_XDP | HP_TRACE },
	{ BPF_FUNC_sk_redirect_hash, false, HRET_INTEGER,
	  A(HARG_CTX, HARG_MAP_PTR, HARG_MAP_KEY, HARG_ANYTHING), 0, HP_SKB | HP_XDP | HP_TRACE },
	{ BPF_FUNC_msg_redirect_map, false, HRET_INTEGER,
	  A(HARG_CTX, HARG_MAP_PTR, HARG_ANYTHING, HARG_ANYTHING), 0, HP_SKB | HP_XDP | HP_TRACE },
	{ BPF_FUNC_msg_redirect_hash, false, HRET_INTEGER,
	  A(HARG_CTX, HARG_MAP_PTR, HARG_MAP_KEY, HARG_ANYTHING), 0, HP_SKB | HP_XDP | HP_TRACE },
	{ BPF_FUNC_sock_map_update, false, HRET_INTEGER,
	  A(HARG_CTX, HARG_MAP_PTR, HARG_MAP_KEY, HARG_ANYTHING), 0, HP_SKB | HP_XDP | HP_TRACE },
	{ BPF_FUNC_sock_hash_update, false, HRET_INTEGER,
	  A(HARG_CTX, HARG_MAP_PTR, HARG_MAP_KEY, HARG_ANYTHING), 0, HP_SKB | HP_XDP | HP_TRACE },
	/* maplocks: bpf_base_func_proto() for privileged loads (bpf_timer_set_callback needs
	 * callbacks: not modelled) */
	{ BPF_FUNC_spin_lock, false, HRET_VOID, A(HARG_SPIN_LOCK), HP_ALL, 0 },
	{ BPF_FUNC_spin_unlock, false, HRET_VOID, A(HARG_SPIN_LOCK), HP_ALL, 0 },
	{ BPF_FUNC_timer_init, true, HRET_INTEGER, A(HARG_TIMER, HARG_MAP_PTR, HARG_ANYTHING), HP_ALL, 0 },
	{ BPF_FUNC_timer_start, true, HRET_INTEGER, A(HARG_TIMER, HARG_ANYTHING, HARG_ANYTHING), HP_ALL, 0 },
	{ BPF_FUNC_timer_cancel, true, HRET_INTEGER, A(HARG_TIMER), HP_ALL, 0 },
	{ BPF_FUNC_kptr_xchg, false, HRET_INTEGER, A(HARG_KPTR_XCHG_DEST, HARG_BTF_ID_RELEASE), HP_ALL, 0 },
	/* btfptr: tracing helpers on BTF pointers; the seq_* ones only for iterators (helpers.c) */
	{ BPF_FUNC_seq_printf, true, HRET_INTEGER,
	  A(HARG_BTF_SEQ_FILE, HARG_MEM_RDONLY, HARG_SIZE, HARG_MEM_RDONLY_OR_NULL, HARG_SIZE_OR_ZERO),
	  HP_BTFTRACE, 0 },
	{ BPF_FUNC_seq_write, true, HRET_INTEGER,
	  A(HARG_BTF_SEQ_FILE, HARG_MEM_RDONLY, HARG_SIZE_OR_ZERO), HP_BTFTRACE, 0 },
	{ BPF_FUNC_get_task_stack, false, HRET_INTEGER_MSIZE,
	  A(HARG_BTF_TASK, HARG_MEM_UNINIT, HARG_SIZE_OR_ZERO, HARG_ANYTHING), HP_BTFTRACE,
	  0 },
	{ BPF_FUNC_get_stack, true, HRET_INTEGER_MSIZE,
	  A(HARG_CTX, HARG_MEM_UNINIT, HARG_SIZE_OR_ZERO, HARG_ANYTHING), HP_TRACE | HP_BTFTRACE, 0 },
	{ BPF_FUNC_get_current_task, true, HRET_INTEGER, A(0), HP_TRACE | HP_BTFTRACE, 0 },
	{ BPF_FUNC_get_current_task_btf, true, HRET_BTF_TASK_TRUSTED, A(0), HP_TRACE | HP_BTFTRACE,
	  0 },
	/* kfuncs: dynptr helpers (kernel/bpf/helpers.c), offered by bpf_base_func_proto to
	 * privileged programs */
	{ BPF_FUNC_dynptr_from_mem, false, HRET_INTEGER,
	  A(HARG_MEM_UNINIT, HARG_SIZE_OR_ZERO, HARG_ANYTHING, HARG_DYNPTR_LOCAL_UNINIT),
	  HP_SKB | HP_XDP | HP_TRACE, 0 },
	{ BPF_FUNC_ringbuf_reserve_dynptr, false, HRET_INTEGER,
	  A(HARG_MAP_PTR, HARG_ANYTHING, HARG_ANYTHING, HARG_DYNPTR_RINGBUF_UNINIT),
	  HP_SKB | HP_XDP | HP_TRACE, 0 },
	{ BPF_FUNC_ringbuf_submit_dynptr, false, HRET_VOID, A(HARG_DYNPTR_RINGBUF_RELEASE, HARG_ANYTHING),
	  HP_SKB | HP_XDP | HP_TRACE, 0 },
	{ BPF_FUNC_ringbuf_discard_dynptr, false, HRET_VOID, A(HARG_DYNPTR_RINGBUF_RELEASE, HARG_ANYTHING),
	  HP_SKB | HP_XDP | HP_TRACE, 0 },
	{ BPF_FUNC_dynptr_data, false, HRET_DYNPTR_MEM_OR_NULL,
	  A(HARG_DYNPTR_RDONLY, HARG_ANYTHING, HARG_ALLOC_SIZE), HP_SKB | HP_XDP | HP_TRACE, 0 },
	{ BPF_FUNC_dynptr_read, false, HRET_INTEGER,
	  A(HARG_MEM_UNINIT, HARG_SIZE_OR_ZERO, HARG_DYNPTR_RDONLY, HARG_ANYTHING, HARG_ANYTHING),
	  HP_SKB | HP_XDP | HP_TRACE, 0 },
	{ BPF_FUNC_dynptr_write, false, HRET_INTEGER,
	  A(HARG_DYNPTR_RDONLY, HARG_ANYTHING, HARG_MEM_RDONLY, HARG_SIZE_OR_ZERO, HARG_ANYTHING),
	  HP_SKB | HP_XDP | HP_TRACE, 0 },
};

const struct helper_proto *helper_proto(u32 id)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(protos); i++)
		if (protos[i].id == id)
			return &protos[i];
	return NULL;
}

u32 helper_prog_group(u32 prog_type)
{
	switch (prog_type) {
	case BPF_PROG_TYPE_SOCKET_FILTER:
		return HP_SOCKET;
	case BPF_PROG_TYPE_SCHED_CLS:
	case BPF_PROG_TYPE_SCHED_ACT:
		return HP_TC;
	case BPF_PROG_TYPE_CGROUP_SKB:
		return HP_CGSKB;
	case BPF_PROG_TYPE_XDP:
		return HP_XDP;
	case BPF_PROG_TYPE_KPROBE:
	case BPF_PROG_TYPE_TRACEPOINT:
	case BPF_PROG_TYPE_PERF_EVENT:
	case BPF_PROG_TYPE_RAW_TRACEPOINT:
	case BPF_PROG_TYPE_RAW_TRACEPOINT_WRITABLE:
		return HP_TRACE;
	case BPF_PROG_TYPE_TRACING:	/* btfptr */
	case BPF_PROG_TYPE_LSM:
		return HP_BTFTRACE;
	default:
		return HP_OTHER;
	}
}
