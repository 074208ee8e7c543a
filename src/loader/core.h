/* CO-RE ("compile once, run everywhere") relocation of a linked program against the target BTF,
 * with libbpf's semantics: the .BTF.ext record names a local type and an access string; the
 * target type is found by "essential" name (the part before a ___flavor suffix), matched field by
 * field, and the instruction's immediate, offset or load size is rewritten. A relocation that no
 * candidate satisfies poisons its instruction (call CORE_POISON_IMM), which the kernel rejects
 * only if the instruction is reachable: "invalid func unknown#195896080".
 *
 * Ownership: a struct core_cache holds the candidate lists of one object (its local BTF against
 * its target BTF); the caller zero-initialises it and releases it with core_cache_release(). */
#ifndef BPFVERIFY_LOADER_CORE_H
#define BPFVERIFY_LOADER_CORE_H

#include "loader/internal.h"
#include "loader/object.h"

/* imm of the helper call that replaces an unresolvable instruction (0xbad2310, "bad relo"). */
#define CORE_POISON_IMM 195896080

struct core_cands;

/* Candidate target types per local root type, narrowed by each relocation that matches only
 * some of them (libbpf's cand_cache: later relocations of the same type only see those). */
struct core_cache {
	struct core_cands *lists;
	u32 cnt;
	u32 cap;
};

/* Applies the CO-RE record @rec to instruction @li of the linked program @p (the record's
 * instruction, already mapped to the linked index by the caller). @relo_idx is the record's index
 * in its .BTF.ext section (libbpf's "relo #N", used in messages); @cache may be NULL (every
 * relocation then searches the whole target BTF and no candidate is ever pruned).
 * 0 on success (including poisoning an unresolvable relocation, as libbpf does); -errno with a
 * one-line message in @err ("file: prog 'x': relo #3: ...") for malformed records, ambiguous
 * candidates, an instruction the relocation cannot apply to, or a missing target BTF (only
 * TYPE_ID_LOCAL works without one). */
int core_relocate(struct object *obj, struct prog *p, u32 li, const struct ext_core *rec,
		  u32 relo_idx, struct core_cache *cache, char *err, size_t errsz);
void core_cache_release(struct core_cache *cache);

/* True when @insn is the call a failed relocation left behind. */
static inline bool core_is_poison(const struct bpf_insn *insn)
{
	return insn->code == (BPF_JMP | BPF_CALL) && insn->src_reg == 0 &&
	       insn->imm == CORE_POISON_IMM;
}

#endif
