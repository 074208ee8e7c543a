/* The maps that 64-bit immediate loads name, as the 6.18 kernel resolves them before it
 * verifies anything (resolve_pseudo_ldimm64(), 0 instructions processed on a rejection).
 *
 * For each ld_imm64 with a map source, in program order (the driver's loop, engine.c):
 *  - the map must exist: the program model binds the load to a map (a relocation, a selftest
 *    fixup); a load left unbound names an fd that is no map ("fd %d is not pointing to valid
 *    bpf_map"). An fd_array index (BPF_PSEUDO_MAP_IDX*) depends on the fd_array the loader
 *    passes, not modelled;
 *  - the program may use it (check_map_prog_compatibility(): the special fields in locks.c,
 *    then here: no struct_ops map, only the map types a sleepable program may use (the list
 *    of 6.18, checked live with a sleepable syscall program), at most one cgroup storage map
 *    of each kind (bpf_cgroup_storage_assign());
 *  - a map value's address (BPF_PSEUDO_MAP_VALUE) needs an offset below 1 << 29 (the encoding
 *    check of src/isa, made here after the map as the kernel does) and a map type with direct
 *    value access (map_direct_value_addr): of the types checked live on 6.18 only the array,
 *    and only its single element (max_entries 1, offset inside the value).
 *
 * Rule ids: map.bad_fd, map.prog_compat, map.direct_value (and insn.invalid for the offset). */
#include <linux/bpf.h>

#include "checks/checks.h"
#include "isa/insn.h"
#include "loader/object.h"
#include "loader/progtype.h"

static bool is_map_ld(u8 src)
{
	return src == BPF_PSEUDO_MAP_FD || src == BPF_PSEUDO_MAP_VALUE ||
	       src == BPF_PSEUDO_MAP_IDX || src == BPF_PSEUDO_MAP_IDX_VALUE;
}

static bool is_value_ld(u8 src)
{
	return src == BPF_PSEUDO_MAP_VALUE || src == BPF_PSEUDO_MAP_IDX_VALUE;
}

int check_ldimm64_encoding(struct env *env, u32 idx, char *msg, size_t msgsz)
{
	const struct bpf_insn *in = &env->insns[idx];
	struct bpf_insn pair[2];

	if (!insn_is_ldimm64(in) || idx + 1 >= env->insn_cnt || !is_value_ld(in->src_reg))
		return insn_check_phase(env->insns, env->insn_cnt, idx, INSN_PHASE_LOAD, msg,
					msgsz);
	/* the value offset is checked once the map is known (check_ldimm64_map) */
	pair[0] = in[0];
	pair[1] = in[1];
	pair[1].imm = 0;
	return insn_check_phase(pair, 2, 0, INSN_PHASE_LOAD, msg, msgsz);
}

/* The map types a sleepable program may use: 1 yes, 0 no, -1 not modelled (the arena and
 * later types, which 6.18 allows with rules of their own). */
static int sleepable_ok(u32 type)
{
	switch (type) {
	case BPF_MAP_TYPE_HASH:
	case BPF_MAP_TYPE_LRU_HASH:
	case BPF_MAP_TYPE_ARRAY:
	case BPF_MAP_TYPE_PERCPU_HASH:
	case BPF_MAP_TYPE_PERCPU_ARRAY:
	case BPF_MAP_TYPE_LRU_PERCPU_HASH:
	case BPF_MAP_TYPE_ARRAY_OF_MAPS:
	case BPF_MAP_TYPE_HASH_OF_MAPS:
	case BPF_MAP_TYPE_RINGBUF:
	case BPF_MAP_TYPE_USER_RINGBUF:
	case BPF_MAP_TYPE_INODE_STORAGE:
	case BPF_MAP_TYPE_SK_STORAGE:
	case BPF_MAP_TYPE_TASK_STORAGE:
	case 32:	/* BPF_MAP_TYPE_CGRP_STORAGE */
	case BPF_MAP_TYPE_QUEUE:
	case BPF_MAP_TYPE_STACK:
		return 1;
	default:
		return type >= 33 ? -1 : 0;
	}
}

/* The part of check_map_prog_compatibility() after the special fields, for map @mi. */
static int check_map_use(struct env *env, s32 mi)
{
	const struct map_def *m = &env->maps[mi];
	s32 *storage;
	int ok;

	if (m->type == BPF_MAP_TYPE_STRUCT_OPS)
		return env_reject(env, "map.prog_compat", "bpf_struct_ops map cannot be used in prog");
	if (env->prog && (progtype_load_flags(&env->prog->pt) & BPF_F_SLEEPABLE)) {
		ok = sleepable_ok(m->type);
		if (ok < 0)
			return env_unknown(env, "not modelled yet: map type %u in a sleepable program",
					   m->type);
		if (!ok)
			return env_reject(env, "map.prog_compat",
					  "Sleepable programs can only use array, hash, ringbuf and local storage maps");
	}
	if (m->type != BPF_MAP_TYPE_CGROUP_STORAGE && m->type != BPF_MAP_TYPE_PERCPU_CGROUP_STORAGE)
		return 0;
	storage = &env->cgroup_storage[m->type == BPF_MAP_TYPE_PERCPU_CGROUP_STORAGE];
	if (*storage >= 0 && *storage != mi)
		return env_reject(env, "map.prog_compat",
				  "only one cgroup storage of each type is allowed");
	*storage = mi;
	return 0;
}

/* map_direct_value_addr() of the map @m for offset @off. */
static int check_direct_value(struct env *env, const struct map_def *m, u32 off)
{
	switch (m->type) {
	case BPF_MAP_TYPE_ARRAY:
		/* array_map_direct_value_addr(): the one element only */
		if (m->max_entries != 1 || off >= m->value_size)
			return env_reject(env, "map.direct_value",
					  "invalid access to map value pointer, value_size=%u off=%u",
					  m->value_size, off);
		return 0;
	case BPF_MAP_TYPE_UNSPEC:
	case BPF_MAP_TYPE_ARRAY_OF_MAPS:
	case BPF_MAP_TYPE_HASH_OF_MAPS:
	case BPF_MAP_TYPE_SK_STORAGE:
	case BPF_MAP_TYPE_INODE_STORAGE:
	case BPF_MAP_TYPE_TASK_STORAGE:
	case 32:	/* BPF_MAP_TYPE_CGRP_STORAGE */
		return env_unknown(env, "not modelled yet: map value address of map type %u",
				   m->type);
	default:
		/* the types not checked live: above, and the arena (direct value access with
		 * its own rules) and later types */
		if (m->type >= 33)
			return env_unknown(env, "not modelled yet: map value address of map type %u",
					   m->type);
		return env_reject(env, "map.direct_value",
				  "no direct value access support for this map type");
	}
}

int check_ldimm64_map(struct env *env, u32 idx)
{
	const struct bpf_insn *in = &env->insns[idx];
	const struct map_def *m;
	s32 mi = env->ld_map[idx];
	char msg[160];
	int err;

	if (!is_map_ld(in->src_reg))
		return 0;
	if (mi < 0 || (u32)mi >= env->map_cnt) {
		if (in->src_reg == BPF_PSEUDO_MAP_IDX || in->src_reg == BPF_PSEUDO_MAP_IDX_VALUE)
			return env_unknown(env, "not modelled yet: ld_imm64 of fd_array index %d, "
					   "which names no map", in->imm);
		return env_reject(env, "map.bad_fd", "fd %d is not pointing to valid bpf_map",
				  in->imm);
	}
	m = &env->maps[mi];
	err = check_map_prog_compat(env, m) ?: check_map_use(env, mi);
	if (err || !is_value_ld(in->src_reg))
		return err;
	if (insn_check_phase(env->insns, env->insn_cnt, idx, INSN_PHASE_LOAD, msg, sizeof(msg)))
		return env_reject(env, "insn.invalid", "%s", msg);
	return check_direct_value(env, m, (u32)env->insns[idx + 1].imm);
}
