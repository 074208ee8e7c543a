/* Typed register values: what the Linux 6.18 verifier's struct bpf_reg_state says about one
 * register, minus the bookkeeping that belongs to the engine (liveness, precision, parents).
 *
 * A register is NOT_INIT, a SCALAR_VALUE (a struct scalar), or a pointer: a base type
 * (enum reg_type, the kernel's names) with modifier flags (REG_MAYBE_NULL, REG_RDONLY,
 * REG_RINGBUF), a fixed offset @off and a variable offset @var (a scalar, constant 0 when the
 * offset is fully fixed). @id ties copies together: a null check or a packet bounds check
 * refines every register (and spilled copy) with the same id; @ref_obj_id names an acquired
 * reference (a ringbuf record, a socket) that must be released on every path.
 *
 * Plain data: no heap pointers, copy with memcpy/assignment, compare with reg_leq(). Build
 * values with the constructors so that padding and unused fields are zero (states are compared
 * bytewise for loop detection). */
#ifndef BPFVERIFY_DOMAINS_REG_H
#define BPFVERIFY_DOMAINS_REG_H

#include "domains/scalar.h"

struct map_def;

/* Base types, named as the kernel's enum bpf_reg_type. */
enum reg_type {
	NOT_INIT = 0,
	SCALAR_VALUE,
	PTR_TO_CTX,
	CONST_PTR_TO_MAP,
	PTR_TO_MAP_VALUE,
	PTR_TO_MAP_KEY,
	PTR_TO_STACK,
	PTR_TO_PACKET_META,
	PTR_TO_PACKET,
	PTR_TO_PACKET_END,
	PTR_TO_FLOW_KEYS,
	PTR_TO_SOCKET,
	PTR_TO_SOCK_COMMON,
	PTR_TO_TCP_SOCK,
	PTR_TO_TP_BUFFER,
	PTR_TO_XDP_SOCK,
	PTR_TO_BTF_ID,
	PTR_TO_MEM,
	PTR_TO_BUF,
	PTR_TO_FUNC,
	REG_TYPE_NR,
};

/* struct reg.pkt_end: what a comparison with pkt_end taught (the kernel's mark_pkt_end()) */
enum reg_pkt_end {
	REG_PKT_END_UNKNOWN = 0,
	REG_AT_PKT_END,		/* pkt >= pkt_end */
	REG_BEYOND_PKT_END,	/* pkt > pkt_end */
};

/* Modifier flags or'ed into struct reg.type (the kernel's type flags). */
enum reg_flag {
	REG_BASE_MASK = 0xff,
	REG_MAYBE_NULL = 1 << 8,	/* PTR_MAYBE_NULL: "_or_null" */
	REG_RDONLY = 1 << 9,		/* MEM_RDONLY: "rdonly_" */
	REG_RINGBUF = 1 << 10,		/* MEM_RINGBUF: "ringbuf_" */
	REG_RCU = 1 << 11,		/* MEM_RCU: "rcu_" (BTF pointers read in an RCU section) */
	REG_UNTRUSTED = 1 << 12,	/* PTR_UNTRUSTED: "untrusted_" */
	REG_TRUSTED = 1 << 13,		/* PTR_TRUSTED: "trusted_" */
};

struct reg {
	u32 type;		/* enum reg_type | enum reg_flag */
	s32 off;		/* pointers: fixed offset */
	struct scalar var;	/* SCALAR_VALUE: the value; pointers: the variable offset */
	u32 id;			/* copies of one value / pointer (0: none) */
	u32 ref_obj_id;		/* acquired reference this pointer belongs to (0: none) */
	s32 map_idx;		/* CONST_PTR_TO_MAP, PTR_TO_MAP_VALUE/KEY: index in the map table */
	u32 range;		/* packet pointers: bytes readable from the packet start's id
				 * base; PTR_TO_MEM: mem_size; PTR_TO_FUNC: the
				 * subprogram index (the kernel's subprogno) */
	u8 frameno;		/* PTR_TO_STACK: frame the pointer points into */
	u8 pkt_end;		/* PTR_TO_PACKET: known to be at (REG_AT_PKT_END) or beyond
				 * (REG_BEYOND_PKT_END) the packet end, the kernel's negative
				 * range values; range is then 0 */
	u8 btf_sock;		/* PTR_TO_BTF_ID from a bpf_skc_to_* helper: the socket struct it
				 * points to (enum reg_btf_sock), else 0 */
	u8 pad[1];		/* explicit: states are compared bytewise */
	u32 btf_id;		/* PTR_TO_BTF_ID: the pointed-to struct's id in the target
				 * (kernel) BTF */
};

/* struct reg.btf_sock: the kernel socket structs the bpf_skc_to_* helpers return (their
 * btf_sock_ids); every one starts with a struct sock_common. */
enum reg_btf_sock {
	BTF_SOCK_NONE = 0,
	BTF_SOCK_TCP,		/* struct tcp_sock */
	BTF_SOCK_TCP6,		/* struct tcp6_sock */
	BTF_SOCK_UDP6,		/* struct udp6_sock */
	BTF_SOCK_TCP_TW,	/* struct tcp_timewait_sock */
	BTF_SOCK_TCP_REQ,	/* struct tcp_request_sock */
	BTF_SOCK_UNIX,		/* struct unix_sock */
	BTF_SOCK_MPTCP,		/* struct mptcp_sock */
	BTF_SOCK_NR,
};

/* ---- Constructors (every field not named is zero) ---- */

struct reg reg_not_init(void);
/* An unknown 64-bit scalar (the kernel's mark_reg_unknown). */
struct reg reg_unknown(void);
struct reg reg_scalar(struct scalar s);
struct reg reg_const(u64 v);
/* Pointer of @type (with flags) at fixed offset @off, variable offset 0. */
struct reg reg_ptr(u32 type, s32 off);

/* ---- Queries ---- */

static inline u32 reg_base(const struct reg *r) { return r->type & REG_BASE_MASK; }
static inline bool reg_is_scalar(const struct reg *r) { return r->type == SCALAR_VALUE; }
static inline bool reg_is_ptr(const struct reg *r)
{
	return r->type != NOT_INIT && r->type != SCALAR_VALUE;
}
static inline bool reg_may_be_null(const struct reg *r) { return r->type & REG_MAYBE_NULL; }
/* PTR_TO_PACKET or PTR_TO_PACKET_META (the kernel's reg_is_pkt_pointer). */
bool reg_is_pkt(const struct reg *r);
/* Also PTR_TO_PACKET_END (reg_is_pkt_pointer_any). */
bool reg_is_pkt_any(const struct reg *r);
/* A scalar known to be 0 (the kernel's register_is_null). */
bool reg_is_null(const struct reg *r);
/* Known non-NULL pointer kinds (the kernel's reg_not_null(): also trusted BTF pointers). */
bool reg_not_null(const struct reg *r);
/* Whether the variable offset is the constant 0 ... a fixed-offset pointer or constant. */
bool reg_var_is_const(const struct reg *r);

/* ---- Lattice ---- */

/* Renaming of ids between an old (explored) and a current state, filled as reg_leq() goes: the
 * kernel's bpf_idmap / check_ids(). Reset with idmap_reset() before comparing two states. */
#define IDMAP_MAX 64
struct idmap {
	u32 cnt;
	u32 old[IDMAP_MAX], cur[IDMAP_MAX];
};
void idmap_reset(struct idmap *m);
/* Whether old id @o and current id @c can be identified (0 matches 0 only). */
bool idmap_check(struct idmap *m, u32 o, u32 c);

/* @cur ⊑ @old: every concrete value @cur may hold is safe wherever @old was found safe (the
 * kernel's regsafe() in RANGE_WITHIN mode, without liveness or precision: every scalar is
 * compared). An old NOT_INIT register covers anything. */
bool reg_leq(const struct reg *cur, const struct reg *old, struct idmap *m);

/* ---- Formatting ---- */

/* The struct name of @k ("tcp_sock"), "" for BTF_SOCK_NONE or out of range. */
const char *reg_btf_sock_name(u32 k);
/* The kernel's reg_type_str(): "map_value_or_null", "ringbuf_mem", "fp", "pkt_end", ... */
const char *reg_type_str(u32 type, char *buf, size_t size);

/* As the 6.18 log prints a register after "R1=": "ctx()", "fp-8", "42", "scalar(id=2,smin=...)",
 * "map_value_or_null(id=1,map=counts,ks=4,vs=8)", "pkt(off=14,r=14)". @maps (may be NULL) gives
 * names and sizes for map pointers; @frameno is the frame the register lives in (a stack pointer
 * into another frame prints as "fp[0]-8"... not modelled yet). snprintf semantics. */
int reg_fmt(char *buf, size_t size, const struct reg *r, const struct map_def *maps, u32 map_cnt);

#endif
