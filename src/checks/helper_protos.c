/* The modelled helper prototypes of Linux 6.18: the struct bpf_func_proto definitions of
 * kernel/bpf/helpers.c, kernel/bpf/cgroup.c, kernel/bpf/stackmap.c, kernel/bpf/ringbuf.c,
 * kernel/trace/bpf_trace.c and net/core/filter.c (argument kinds with their MEM_* flags, return
 * kind, gpl_only, pkt_access, might_sleep), plus the kernel's bpf_helper_changes_pkt_data()
 * list as HF_CHANGES_PKT. Which program types may call a helper is helper_avail.c's business.
 *
 * Where the kernel hands different program types different prototypes of one helper, each
 * variant is a row with the program types it serves in .progs, before a catch-all row (usually
 * HARG_UNMODELLED: the BTF-pointer variants tracing programs get). */
#include <linux/bpf.h>

#include "checks/helper_protos.h"
#include "loader/progtype.h"

#define F(name) .id = BPF_FUNC_##name
#define A(...) .args = { __VA_ARGS__ }
#define GPL .gpl_only = true

/* Program types handed a ctx-taking socket prototype (skb, sock, sock_addr, sock_ops). */
#define PT_SOCK_CTX (PT(SOCKET_FILTER) | PT(SCHED_CLS) | PT(SCHED_ACT) | PT(CGROUP_SKB) | \
		     PT(CGROUP_SOCK) | PT(SOCK_OPS) | PT(SK_SKB) | PT(CGROUP_SOCK_ADDR))
/* Program types whose get_netns_cookie takes ARG_PTR_TO_CTX_OR_NULL. */
#define PT_NETNS_CTX (PT(CGROUP_SOCK) | PT(CGROUP_SOCK_ADDR) | PT(SOCK_OPS) | PT(SK_MSG) | \
		      PT(CGROUP_SOCKOPT))

static const struct helper_proto protos[] = {
	/* ---- maps (kernel/bpf/helpers.c) ---- */
	{ F(map_lookup_elem), .ret = HRET_MAP_VALUE_OR_NULL, A(HARG_MAP_PTR, HARG_MAP_KEY),
	  .flags = HF_PKT_ACCESS },
	{ F(map_update_elem), A(HARG_MAP_PTR, HARG_MAP_KEY, HARG_MAP_VALUE, HARG_ANYTHING),
	  .flags = HF_PKT_ACCESS },
	{ F(map_delete_elem), A(HARG_MAP_PTR, HARG_MAP_KEY), .flags = HF_PKT_ACCESS },
	{ F(map_push_elem), A(HARG_MAP_PTR, HARG_MAP_VALUE, HARG_ANYTHING), .flags = HF_PKT_ACCESS },
	{ F(map_pop_elem), A(HARG_MAP_PTR, HARG_MAP_VALUE_UNINIT) },
	{ F(map_peek_elem), A(HARG_MAP_PTR, HARG_MAP_VALUE_UNINIT) },
	{ F(map_lookup_percpu_elem), .ret = HRET_MAP_VALUE_OR_NULL,
	  A(HARG_MAP_PTR, HARG_MAP_KEY, HARG_ANYTHING), .flags = HF_PKT_ACCESS },
	/* not HF_CHANGES_PKT: 6.18 lets the main program keep its packet pointers after a tail
	 * call that returned (checked live) */
	{ F(tail_call), .ret = HRET_VOID, A(HARG_CTX, HARG_MAP_PTR, HARG_ANYTHING) },

	/* ---- time, cpu, random, ids ---- */
	{ F(ktime_get_ns) },
	{ F(ktime_get_boot_ns) },
	{ F(ktime_get_coarse_ns) },
	{ F(ktime_get_tai_ns) },
	{ F(jiffies64) },
	{ F(get_prandom_u32) },
	{ F(get_smp_processor_id) },
	{ F(get_numa_node_id) },
	{ F(get_current_pid_tgid) },
	{ F(get_current_uid_gid) },
	{ F(get_current_comm), A(HARG_MEM_UNINIT, HARG_SIZE) },
	{ F(get_current_task), GPL },
	{ F(get_current_cgroup_id) },
	{ F(get_current_ancestor_cgroup_id), A(HARG_ANYTHING) },
	{ F(get_ns_current_pid_tgid), A(HARG_ANYTHING, HARG_ANYTHING, HARG_MEM_UNINIT, HARG_SIZE) },
	{ F(current_task_under_cgroup), A(HARG_MAP_PTR, HARG_ANYTHING) },
	{ F(send_signal), A(HARG_ANYTHING) },
	{ F(send_signal_thread), A(HARG_ANYTHING) },
	{ F(get_current_task_btf), GPL, .ret = HRET_BTF_TASK_TRUSTED },
	{ F(get_task_stack), A(HARG_BTF_TASK, HARG_MEM_UNINIT, HARG_SIZE_OR_ZERO, HARG_ANYTHING) },
	{ F(task_pt_regs), GPL, .ret = HRET_UNMODELLED, A(HARG_UNMODELLED) },

	/* ---- strings, printing ---- */
	{ F(trace_printk), GPL, A(HARG_MEM_RDONLY, HARG_SIZE) },
	{ F(trace_vprintk), GPL,
	  A(HARG_MEM_RDONLY, HARG_SIZE, HARG_MEM_RDONLY_OR_NULL, HARG_SIZE_OR_ZERO) },
	{ F(snprintf), GPL,
	  A(HARG_MEM_OR_NULL, HARG_SIZE_OR_ZERO, HARG_CONST_STR, HARG_MEM_RDONLY_OR_NULL,
	    HARG_SIZE_OR_ZERO) },
	{ F(strtol), A(HARG_MEM_RDONLY, HARG_SIZE, HARG_ANYTHING, HARG_FIXED_UNINIT),
	  .arg_size = { [3] = 8 } },
	{ F(strtoul), A(HARG_MEM_RDONLY, HARG_SIZE, HARG_ANYTHING, HARG_FIXED_UNINIT),
	  .arg_size = { [3] = 8 } },
	{ F(strncmp), A(HARG_MEM_RDONLY, HARG_SIZE, HARG_CONST_STR) },

	/* ---- memory reads ---- */
	{ F(probe_read), GPL, A(HARG_MEM_UNINIT, HARG_SIZE_OR_ZERO, HARG_ANYTHING) },
	{ F(probe_read_str), GPL, A(HARG_MEM_UNINIT, HARG_SIZE_OR_ZERO, HARG_ANYTHING) },
	{ F(probe_read_kernel), GPL, A(HARG_MEM_UNINIT, HARG_SIZE_OR_ZERO, HARG_ANYTHING) },
	{ F(probe_read_kernel_str), GPL, A(HARG_MEM_UNINIT, HARG_SIZE_OR_ZERO, HARG_ANYTHING) },
	{ F(probe_read_user), GPL, A(HARG_MEM_UNINIT, HARG_SIZE_OR_ZERO, HARG_ANYTHING) },
	{ F(probe_read_user_str), GPL, A(HARG_MEM_UNINIT, HARG_SIZE_OR_ZERO, HARG_ANYTHING) },
	{ F(copy_from_user), A(HARG_MEM_UNINIT, HARG_SIZE_OR_ZERO, HARG_ANYTHING),
	  .flags = HF_MIGHT_SLEEP },
	{ F(copy_from_user_task), GPL,
	  A(HARG_MEM_UNINIT, HARG_SIZE_OR_ZERO, HARG_ANYTHING, HARG_UNMODELLED, HARG_ANYTHING),
	  .flags = HF_MIGHT_SLEEP },

	/* ---- ring buffer (kernel/bpf/ringbuf.c) ---- */
	{ F(ringbuf_output), A(HARG_MAP_PTR, HARG_MEM_RDONLY, HARG_SIZE_OR_ZERO, HARG_ANYTHING) },
	{ F(ringbuf_reserve), .ret = HRET_RINGBUF_OR_NULL,
	  A(HARG_MAP_PTR, HARG_ALLOC_SIZE, HARG_ANYTHING) },
	{ F(ringbuf_submit), .ret = HRET_VOID, A(HARG_RINGBUF_RELEASE, HARG_ANYTHING) },
	{ F(ringbuf_discard), .ret = HRET_VOID, A(HARG_RINGBUF_RELEASE, HARG_ANYTHING) },
	{ F(ringbuf_query), A(HARG_MAP_PTR, HARG_ANYTHING) },

	/* ---- tracing (kernel/trace/bpf_trace.c, kernel/bpf/stackmap.c) ---- */
	{ F(perf_event_output), GPL,
	  A(HARG_CTX, HARG_MAP_PTR, HARG_ANYTHING, HARG_MEM_RDONLY, HARG_SIZE_OR_ZERO) },
	{ F(perf_event_read), GPL, A(HARG_MAP_PTR, HARG_ANYTHING) },
	{ F(perf_event_read_value), GPL,
	  A(HARG_MAP_PTR, HARG_ANYTHING, HARG_MEM_UNINIT, HARG_SIZE) },
	{ F(perf_prog_read_value), GPL, A(HARG_CTX, HARG_MEM_UNINIT, HARG_SIZE) },
	{ F(get_stackid), A(HARG_CTX, HARG_MAP_PTR, HARG_ANYTHING), .progs = PT(PERF_EVENT) },
	{ F(get_stackid), GPL, A(HARG_CTX, HARG_MAP_PTR, HARG_ANYTHING) },	/* _pe is not GPL-only */
	{ F(get_stack), GPL, A(HARG_CTX, HARG_MEM_UNINIT, HARG_SIZE_OR_ZERO, HARG_ANYTHING) },
	{ F(read_branch_records), GPL,
	  A(HARG_CTX, HARG_MEM_OR_NULL, HARG_SIZE_OR_ZERO, HARG_ANYTHING) },
	/* kprobe_multi / uprobe_multi (and sessions) get prototypes that are not GPL-only */
	{ F(get_func_ip), A(HARG_CTX), .progs = PT(KPROBE),
	  .attach = 1ULL << BPF_TRACE_KPROBE_MULTI | 1ULL << BPF_TRACE_UPROBE_MULTI |
		    1ULL << BPF_TRACE_KPROBE_SESSION | 1ULL << BPF_TRACE_UPROBE_SESSION },
	{ F(get_func_ip), GPL, A(HARG_CTX) },
	{ F(get_attach_cookie), A(HARG_CTX) },
	{ F(override_return), GPL, A(HARG_CTX, HARG_ANYTHING) },
	{ F(probe_write_user), GPL, A(HARG_ANYTHING, HARG_MEM_RDONLY, HARG_SIZE) },
	{ F(get_branch_snapshot), GPL, A(HARG_MEM_UNINIT, HARG_SIZE_OR_ZERO, HARG_ANYTHING) },
	{ F(find_vma), .ret = HRET_UNMODELLED, A(HARG_UNMODELLED) },	/* "callbacks" */
	{ F(d_path), .ret = HRET_UNMODELLED, A(HARG_UNMODELLED) },
	{ F(skb_output), GPL, .ret = HRET_UNMODELLED, A(HARG_UNMODELLED) },
	{ F(xdp_output), GPL, .ret = HRET_UNMODELLED, A(HARG_UNMODELLED) },

	/* ---- socket buffers (net/core/filter.c) ---- */
	{ F(skb_store_bytes), A(HARG_CTX, HARG_ANYTHING, HARG_MEM_RDONLY, HARG_SIZE, HARG_ANYTHING),
	  .flags = HF_CHANGES_PKT },
	{ F(skb_load_bytes), A(HARG_CTX, HARG_ANYTHING, HARG_MEM_UNINIT, HARG_SIZE) },
	{ F(skb_load_bytes_relative),
	  A(HARG_CTX, HARG_ANYTHING, HARG_MEM_UNINIT, HARG_SIZE, HARG_ANYTHING) },
	{ F(l3_csum_replace), A(HARG_CTX, HARG_ANYTHING, HARG_ANYTHING, HARG_ANYTHING, HARG_ANYTHING),
	  .flags = HF_CHANGES_PKT },
	{ F(l4_csum_replace), A(HARG_CTX, HARG_ANYTHING, HARG_ANYTHING, HARG_ANYTHING, HARG_ANYTHING),
	  .flags = HF_CHANGES_PKT },
	{ F(csum_diff),
	  A(HARG_MEM_RDONLY_OR_NULL, HARG_SIZE_OR_ZERO, HARG_MEM_RDONLY_OR_NULL, HARG_SIZE_OR_ZERO,
	    HARG_ANYTHING), .flags = HF_PKT_ACCESS },
	{ F(csum_update), A(HARG_CTX, HARG_ANYTHING) },
	{ F(csum_level), A(HARG_CTX, HARG_ANYTHING) },
	{ F(clone_redirect), A(HARG_CTX, HARG_ANYTHING, HARG_ANYTHING), .flags = HF_CHANGES_PKT },
	{ F(redirect), A(HARG_ANYTHING, HARG_ANYTHING) },
	{ F(redirect_neigh), A(HARG_ANYTHING, HARG_MEM_RDONLY_OR_NULL, HARG_SIZE_OR_ZERO,
			       HARG_ANYTHING) },
	{ F(redirect_peer), A(HARG_ANYTHING, HARG_ANYTHING) },
	/* the skb's classid for tc and lwt; the current task's (no argument) for the others */
	{ F(get_cgroup_classid), A(HARG_CTX),
	  .progs = PT(SCHED_CLS) | PT(SCHED_ACT) | PT(LWT_IN) | PT(LWT_OUT) | PT(LWT_XMIT) |
		   PT(LWT_SEG6LOCAL) },
	{ F(get_cgroup_classid) },
	{ F(skb_cgroup_classid), A(HARG_CTX) },
	{ F(get_route_realm), A(HARG_CTX) },
	{ F(get_hash_recalc), A(HARG_CTX) },
	{ F(set_hash_invalid), A(HARG_CTX) },
	{ F(set_hash), A(HARG_CTX, HARG_ANYTHING) },
	{ F(skb_vlan_push), A(HARG_CTX, HARG_ANYTHING, HARG_ANYTHING), .flags = HF_CHANGES_PKT },
	{ F(skb_vlan_pop), A(HARG_CTX), .flags = HF_CHANGES_PKT },
	{ F(skb_change_proto), A(HARG_CTX, HARG_ANYTHING, HARG_ANYTHING), .flags = HF_CHANGES_PKT },
	{ F(skb_change_type), A(HARG_CTX, HARG_ANYTHING) },
	{ F(skb_change_tail), A(HARG_CTX, HARG_ANYTHING, HARG_ANYTHING), .flags = HF_CHANGES_PKT },
	{ F(skb_change_head), A(HARG_CTX, HARG_ANYTHING, HARG_ANYTHING), .flags = HF_CHANGES_PKT },
	{ F(skb_pull_data), A(HARG_CTX, HARG_ANYTHING), .flags = HF_CHANGES_PKT },
	{ F(skb_adjust_room), A(HARG_CTX, HARG_ANYTHING, HARG_ANYTHING, HARG_ANYTHING),
	  .flags = HF_CHANGES_PKT },
	{ F(skb_under_cgroup), A(HARG_CTX, HARG_MAP_PTR, HARG_ANYTHING) },
	{ F(skb_cgroup_id), A(HARG_CTX) },
	{ F(skb_ancestor_cgroup_id), A(HARG_CTX, HARG_ANYTHING) },
	{ F(skb_get_tunnel_key), A(HARG_CTX, HARG_MEM_UNINIT, HARG_SIZE, HARG_ANYTHING) },
	{ F(skb_set_tunnel_key), A(HARG_CTX, HARG_MEM_RDONLY, HARG_SIZE, HARG_ANYTHING) },
	{ F(skb_get_tunnel_opt), A(HARG_CTX, HARG_MEM_UNINIT, HARG_SIZE) },
	{ F(skb_set_tunnel_opt), A(HARG_CTX, HARG_MEM_RDONLY, HARG_SIZE) },
	{ F(skb_get_xfrm_state),
	  A(HARG_CTX, HARG_ANYTHING, HARG_MEM_UNINIT, HARG_SIZE, HARG_ANYTHING) },
	{ F(skb_ecn_set_ce), A(HARG_CTX) },
	{ F(skb_set_tstamp), A(HARG_CTX, HARG_ANYTHING, HARG_ANYTHING) },
	{ F(get_socket_uid), A(HARG_CTX) },
	{ F(get_socket_cookie), A(HARG_CTX), .progs = PT_SOCK_CTX },
	/* bpf_get_socket_ptr_cookie_proto: ARG_PTR_TO_BTF_ID_SOCK_COMMON | PTR_MAYBE_NULL, a kind
	 * not modelled (HARG_BTF_SOCK_COMMON refuses NULL) */
	{ F(get_socket_cookie), A(HARG_UNMODELLED) },
	{ F(get_netns_cookie), A(HARG_CTX_OR_NULL), .progs = PT_NETNS_CTX },
	{ F(get_netns_cookie), A(HARG_UNMODELLED) },
	{ F(fib_lookup), GPL, A(HARG_CTX, HARG_MEM, HARG_SIZE, HARG_ANYTHING) },
	{ F(check_mtu), GPL, A(HARG_CTX, HARG_ANYTHING, HARG_UNMODELLED, HARG_ANYTHING, HARG_ANYTHING) },

	/* ---- xdp ---- */
	{ F(xdp_adjust_head), A(HARG_CTX, HARG_ANYTHING), .flags = HF_CHANGES_PKT },
	{ F(xdp_adjust_meta), A(HARG_CTX, HARG_ANYTHING), .flags = HF_CHANGES_PKT },
	{ F(xdp_adjust_tail), A(HARG_CTX, HARG_ANYTHING), .flags = HF_CHANGES_PKT },
	{ F(xdp_get_buff_len), A(HARG_CTX), .progs = PT(XDP) },
	{ F(xdp_load_bytes), A(HARG_CTX, HARG_ANYTHING, HARG_MEM_UNINIT, HARG_SIZE) },
	{ F(xdp_store_bytes), A(HARG_CTX, HARG_ANYTHING, HARG_MEM_RDONLY, HARG_SIZE) },
	{ F(redirect_map), A(HARG_MAP_PTR, HARG_ANYTHING, HARG_ANYTHING) },

	/* ---- sockmap / sockhash helpers that take no reference (net/core/sock_map.c) ---- */
	{ F(sk_redirect_map), A(HARG_CTX, HARG_MAP_PTR, HARG_ANYTHING, HARG_ANYTHING) },
	{ F(sk_redirect_hash), A(HARG_CTX, HARG_MAP_PTR, HARG_MAP_KEY, HARG_ANYTHING) },
	{ F(msg_redirect_map), A(HARG_CTX, HARG_MAP_PTR, HARG_ANYTHING, HARG_ANYTHING) },
	{ F(msg_redirect_hash), A(HARG_CTX, HARG_MAP_PTR, HARG_MAP_KEY, HARG_ANYTHING) },
	{ F(sock_map_update), A(HARG_CTX, HARG_MAP_PTR, HARG_MAP_KEY, HARG_ANYTHING),
	  .flags = HF_PKT_ACCESS },
	{ F(sock_hash_update), A(HARG_CTX, HARG_MAP_PTR, HARG_MAP_KEY, HARG_ANYTHING),
	  .flags = HF_PKT_ACCESS },

	{ F(sk_select_reuseport), A(HARG_CTX, HARG_MAP_PTR, HARG_MAP_KEY, HARG_ANYTHING) },

	/* ---- sk_msg ---- */
	{ F(msg_apply_bytes), A(HARG_CTX, HARG_ANYTHING) },
	{ F(msg_cork_bytes), A(HARG_CTX, HARG_ANYTHING) },
	{ F(msg_pull_data), A(HARG_CTX, HARG_ANYTHING, HARG_ANYTHING, HARG_ANYTHING),
	  .flags = HF_CHANGES_PKT },
	{ F(msg_push_data), A(HARG_CTX, HARG_ANYTHING, HARG_ANYTHING, HARG_ANYTHING),
	  .flags = HF_CHANGES_PKT },
	{ F(msg_pop_data), A(HARG_CTX, HARG_ANYTHING, HARG_ANYTHING, HARG_ANYTHING),
	  .flags = HF_CHANGES_PKT },

	/* ---- sock_ops, sock_addr, sockopt ---- */
	{ F(sock_ops_cb_flags_set), A(HARG_CTX, HARG_ANYTHING) },
	{ F(setsockopt), A(HARG_CTX, HARG_ANYTHING, HARG_ANYTHING, HARG_MEM_RDONLY, HARG_SIZE),
	  .progs = PT(SOCK_OPS) | PT(CGROUP_SOCK_ADDR) },
	{ F(setsockopt), A(HARG_UNMODELLED) },			/* BTF sock variant */
	{ F(getsockopt), A(HARG_CTX, HARG_ANYTHING, HARG_ANYTHING, HARG_MEM_UNINIT, HARG_SIZE),
	  .progs = PT(SOCK_OPS) | PT(CGROUP_SOCK_ADDR) },
	{ F(getsockopt), A(HARG_UNMODELLED) },
	{ F(bind), A(HARG_CTX, HARG_MEM_RDONLY, HARG_SIZE) },
	{ F(load_hdr_opt), A(HARG_CTX, HARG_MEM_UNINIT, HARG_SIZE, HARG_ANYTHING) },
	{ F(store_hdr_opt), A(HARG_CTX, HARG_MEM_RDONLY, HARG_SIZE, HARG_ANYTHING),
	  .flags = HF_CHANGES_PKT },
	{ F(reserve_hdr_opt), A(HARG_CTX, HARG_ANYTHING, HARG_ANYTHING) },

	/* ---- cgroup (kernel/bpf/cgroup.c, kernel/bpf/local_storage.c) ---- */
	{ F(get_local_storage), .ret = HRET_MAP_VALUE, A(HARG_MAP_PTR, HARG_ANYTHING) },
	{ F(get_retval) },
	{ F(set_retval), A(HARG_ANYTHING) },
	{ F(sysctl_get_name), A(HARG_CTX, HARG_MEM_UNINIT, HARG_SIZE, HARG_ANYTHING) },
	{ F(sysctl_get_current_value), A(HARG_CTX, HARG_MEM_UNINIT, HARG_SIZE) },
	{ F(sysctl_get_new_value), A(HARG_CTX, HARG_MEM_UNINIT, HARG_SIZE) },
	{ F(sysctl_set_new_value), A(HARG_CTX, HARG_MEM_RDONLY, HARG_SIZE) },

	/* ---- lwt ---- */
	{ F(lwt_push_encap), A(HARG_CTX, HARG_ANYTHING, HARG_MEM_RDONLY, HARG_SIZE),
	  .flags = HF_CHANGES_PKT },
	{ F(lwt_seg6_store_bytes), A(HARG_CTX, HARG_ANYTHING, HARG_MEM_RDONLY, HARG_SIZE),
	  .flags = HF_CHANGES_PKT },
	{ F(lwt_seg6_adjust_srh), A(HARG_CTX, HARG_ANYTHING, HARG_ANYTHING),
	  .flags = HF_CHANGES_PKT },
	{ F(lwt_seg6_action), A(HARG_CTX, HARG_ANYTHING, HARG_MEM_RDONLY, HARG_SIZE),
	  .flags = HF_CHANGES_PKT },

	/* ---- syscall programs ---- */
	{ F(sys_bpf), A(HARG_ANYTHING, HARG_MEM_RDONLY, HARG_SIZE) },
	{ F(sys_close), A(HARG_ANYTHING) },
	{ F(btf_find_by_name_kind), A(HARG_MEM_RDONLY, HARG_SIZE, HARG_ANYTHING, HARG_ANYTHING) },
	{ F(kallsyms_lookup_name),
	  A(HARG_MEM_RDONLY, HARG_SIZE_OR_ZERO, HARG_ANYTHING, HARG_FIXED_UNINIT),
	  .arg_size = { [3] = 8 } },

	/* ---- callbacks (kernel/bpf/bpf_iter.c; analysis/callbacks.c) ---- */
	{ F(for_each_map_elem), A(HARG_MAP_PTR, HARG_FUNC, HARG_STACK_OR_NULL, HARG_ANYTHING) },
	{ F(loop), A(HARG_ANYTHING, HARG_FUNC, HARG_STACK_OR_NULL, HARG_ANYTHING) },

	/* ---- sockets (net/core/filter.c, net/core/bpf_sk_storage.c; sock_helpers.c) ---- */
	{ F(sk_lookup_tcp), .ret = HRET_SOCKET_OR_NULL,
	  A(HARG_CTX, HARG_MEM_RDONLY, HARG_SIZE, HARG_ANYTHING, HARG_ANYTHING),
	  .flags = HF_PKT_ACCESS },
	{ F(sk_lookup_udp), .ret = HRET_SOCKET_OR_NULL,
	  A(HARG_CTX, HARG_MEM_RDONLY, HARG_SIZE, HARG_ANYTHING, HARG_ANYTHING),
	  .flags = HF_PKT_ACCESS },
	{ F(skc_lookup_tcp), .ret = HRET_SOCK_COMMON_OR_NULL,
	  A(HARG_CTX, HARG_MEM_RDONLY, HARG_SIZE, HARG_ANYTHING, HARG_ANYTHING),
	  .flags = HF_PKT_ACCESS },
	{ F(sk_release), A(HARG_SOCK_RELEASE) },
	{ F(sk_fullsock), .ret = HRET_SOCKET_OR_NULL, A(HARG_SOCK_COMMON) },
	{ F(tcp_sock), .ret = HRET_TCP_SOCK_OR_NULL, A(HARG_SOCK_COMMON) },
	{ F(get_listener_sock), .ret = HRET_SOCKET_OR_NULL, A(HARG_SOCK_COMMON) },
	{ F(skc_to_tcp6_sock), .ret = HRET_BTF_SOCK_OR_NULL, A(HARG_BTF_SOCK_COMMON) },
	{ F(skc_to_tcp_sock), .ret = HRET_BTF_SOCK_OR_NULL, A(HARG_BTF_SOCK_COMMON) },
	{ F(skc_to_tcp_timewait_sock), .ret = HRET_BTF_SOCK_OR_NULL, A(HARG_BTF_SOCK_COMMON) },
	{ F(skc_to_tcp_request_sock), .ret = HRET_BTF_SOCK_OR_NULL, A(HARG_BTF_SOCK_COMMON) },
	{ F(skc_to_udp6_sock), .ret = HRET_BTF_SOCK_OR_NULL, A(HARG_BTF_SOCK_COMMON) },
	{ F(skc_to_unix_sock), .ret = HRET_BTF_SOCK_OR_NULL, A(HARG_BTF_SOCK_COMMON) },
	{ F(skc_to_mptcp_sock), .ret = HRET_BTF_SOCK_OR_NULL, A(HARG_BTF_SOCK_COMMON) },
	/* bpf_sk_lookup_assign_proto: the socket may be NULL */
	{ F(sk_assign), A(HARG_CTX, HARG_SOCKET_OR_NULL, HARG_ANYTHING), .progs = PT(SK_LOOKUP) },
	{ F(sk_assign), A(HARG_CTX, HARG_BTF_SOCK_COMMON, HARG_ANYTHING) },
	{ F(sk_cgroup_id), A(HARG_BTF_SOCK_COMMON) },
	{ F(sk_ancestor_cgroup_id), A(HARG_BTF_SOCK_COMMON, HARG_ANYTHING) },
	{ F(tcp_check_syncookie), GPL,
	  A(HARG_BTF_SOCK_COMMON, HARG_MEM_RDONLY, HARG_SIZE, HARG_MEM_RDONLY, HARG_SIZE),
	  .flags = HF_PKT_ACCESS },
	{ F(tcp_gen_syncookie), GPL,
	  A(HARG_BTF_SOCK_COMMON, HARG_MEM_RDONLY, HARG_SIZE, HARG_MEM_RDONLY, HARG_SIZE),
	  .flags = HF_PKT_ACCESS },
	/* bpf_sk_storage_get_cg_sock_proto: the socket is the context itself */
	{ F(sk_storage_get), .ret = HRET_MAP_VALUE_OR_NULL,
	  A(HARG_MAP_PTR, HARG_CTX, HARG_MAP_VALUE_OR_NULL, HARG_ANYTHING), .progs = PT(CGROUP_SOCK) },
	{ F(sk_storage_get), .ret = HRET_MAP_VALUE_OR_NULL,
	  A(HARG_MAP_PTR, HARG_BTF_SOCK_COMMON, HARG_MAP_VALUE_OR_NULL, HARG_ANYTHING) },
	{ F(sk_storage_delete), A(HARG_MAP_PTR, HARG_BTF_SOCK_COMMON) },

	/* ---- locks, timers, kptrs (kernel/bpf/helpers.c; locks.c). bpf_timer_set_callback
	 * needs an async callback: not modelled ---- */
	{ F(spin_lock), .ret = HRET_VOID, A(HARG_SPIN_LOCK) },
	{ F(spin_unlock), .ret = HRET_VOID, A(HARG_SPIN_LOCK) },
	{ F(timer_init), GPL, A(HARG_TIMER, HARG_MAP_PTR, HARG_ANYTHING) },
	{ F(timer_start), GPL, A(HARG_TIMER, HARG_ANYTHING, HARG_ANYTHING) },
	{ F(timer_cancel), GPL, A(HARG_TIMER) },
	{ F(kptr_xchg), .ret = HRET_KPTR_XCHG, A(HARG_KPTR_XCHG_DEST, HARG_BTF_ID_RELEASE) },

	/* ---- BTF pointers (kernel/trace/bpf_trace.c; btf_access.c): the seq_file helpers are
	 * for iterators only (helpers.c) ---- */
	{ F(seq_printf), GPL,
	  A(HARG_BTF_SEQ_FILE, HARG_MEM_RDONLY, HARG_SIZE, HARG_MEM_RDONLY_OR_NULL, HARG_SIZE_OR_ZERO) },
	{ F(seq_write), GPL, A(HARG_BTF_SEQ_FILE, HARG_MEM_RDONLY, HARG_SIZE_OR_ZERO) },
	/* kernel/bpf/helpers.c: a per-CPU BTF pointer (a per-CPU ksym or kptr) */
	{ F(per_cpu_ptr), .ret = HRET_MEM_OR_BTF_ID, A(HARG_PERCPU_BTF_ID, HARG_ANYTHING) },
	{ F(this_cpu_ptr), .ret = HRET_MEM_OR_BTF_ID, A(HARG_PERCPU_BTF_ID) },
	/* ---- dynptrs (kernel/bpf/helpers.c; the arguments: checks/dynptr.c) ---- */
	{ F(dynptr_from_mem),
	  A(HARG_MEM_UNINIT, HARG_SIZE_OR_ZERO, HARG_ANYTHING, HARG_DYNPTR_LOCAL_UNINIT) },
	{ F(ringbuf_reserve_dynptr),
	  A(HARG_MAP_PTR, HARG_ANYTHING, HARG_ANYTHING, HARG_DYNPTR_RINGBUF_UNINIT) },
	{ F(ringbuf_submit_dynptr), .ret = HRET_VOID, A(HARG_DYNPTR_RINGBUF_RELEASE, HARG_ANYTHING) },
	{ F(ringbuf_discard_dynptr), .ret = HRET_VOID, A(HARG_DYNPTR_RINGBUF_RELEASE, HARG_ANYTHING) },
	{ F(dynptr_data), .ret = HRET_DYNPTR_MEM_OR_NULL,
	  A(HARG_DYNPTR_RDONLY, HARG_ANYTHING, HARG_ALLOC_SIZE) },
	{ F(dynptr_read),
	  A(HARG_MEM_UNINIT, HARG_SIZE_OR_ZERO, HARG_DYNPTR_RDONLY, HARG_ANYTHING, HARG_ANYTHING) },
	{ F(dynptr_write),
	  A(HARG_DYNPTR_RDONLY, HARG_ANYTHING, HARG_MEM_RDONLY, HARG_SIZE_OR_ZERO, HARG_ANYTHING) },
};

const struct helper_proto *helper_proto(u32 id, u32 prog_type, u32 attach_type)
{
	u64 bit = prog_type < 64 ? 1ULL << prog_type : 0;
	u64 abit = attach_type < 64 ? 1ULL << attach_type : 0;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(protos); i++)
		if (protos[i].id == id && (!protos[i].progs || (protos[i].progs & bit)) &&
		    (!protos[i].attach || (protos[i].attach & abit)))
			return &protos[i];
	return NULL;
}

u32 helper_proto_count(void)
{
	u32 n = 0;
	size_t i, j;

	for (i = 0; i < ARRAY_SIZE(protos); i++) {
		for (j = 0; j < i && protos[j].id != protos[i].id; j++)
			;
		n += j == i;
	}
	return n;
}
