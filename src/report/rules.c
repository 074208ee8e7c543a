/* The rule table (see rules.h). One row per check id, grouped by the id's family. When a check
 * gains a new id, add its row here: the rules unit suite greps src/ for ids and fails on a
 * missing one. The category follows what the fault is about, not which file found it: a helper
 * argument of the wrong register type is call type safety, a read past a map value is memory
 * safety whether an instruction or a helper does it. */
#include <string.h>

#include "report/rules.h"

#define MEM CAT_MEMORY_SAFETY
#define REG CAT_REGISTER_TYPE_SAFETY
#define CALL CAT_CALL_TYPE_SAFETY
#define LIFE CAT_RESOURCE_LIFETIME_SAFETY
#define CTX CAT_EXECUTION_CONTEXT_SAFETY
#define STRUCT CAT_PROGRAM_STRUCTURE
#define POLICY CAT_POLICY
#define LIMIT CAT_VERIFIER_LIMIT
#define BUG CAT_INTERNAL_ERROR

static const struct rule rules[] = {
	/* our own outcomes */
	{ "analysis.bug", BUG, "the analysis reached a state it should not (a bpfverify bug)" },
	{ "analysis.unknown", LIMIT,
	  "the analysis cannot decide: a construct it does not model yet" },

	/* atomics */
	{ "atomic.leak", POLICY, "an atomic operation would store a pointer into memory" },
	{ "atomic.ptr_type", REG, "atomic operation on memory that does not allow it" },

	/* BTF-typed kernel pointers */
	{ "btf.access", MEM, "access through a BTF pointer outside its struct's fields" },
	{ "btf.gpl", POLICY, "kernel struct read through BTF from a non-GPL program" },
	{ "btf.neg_off", MEM, "access through a BTF pointer at a negative offset" },
	{ "btf.var_off", MEM, "access through a BTF pointer at a variable offset" },
	{ "btf.write", MEM, "write through a read-only BTF pointer" },

	/* bpf-to-bpf calls and subprograms */
	{ "calls.btf_ret", STRUCT, "the instruction needs a function that returns int in BTF" },
	{ "calls.cb_count", BUG,
	  "bpf_loop's count is a pointer: the kernel's precision tracking refuses it (-EFAULT)" },
	{ "calls.cb_global", STRUCT, "a callback must be a static function" },
	{ "calls.cb_main", STRUCT, "a callback cannot be the main program" },
	{ "calls.cb_ret", REG, "a callback returns a value outside its allowed range" },
	{ "calls.depth", LIMIT, "call chain deeper than 8 frames" },
	{ "calls.func_info", STRUCT, "BTF func_info does not match the subprograms" },
	{ "calls.global_arg", CALL,
	  "argument of a global function does not match its BTF prototype" },
	{ "calls.ld_abs", STRUCT, "LD_ABS/LD_IND in a subprogram needs BTF func_info" },
	{ "calls.ret_stack", REG, "a subprogram returns a pointer into its own stack frame" },
	{ "calls.stack", LIMIT, "stack of a call chain larger than 512 bytes" },
	{ "calls.tail_call", STRUCT, "tail call in a subprogram needs BTF func_info" },
	{ "calls.target", STRUCT, "call to an instruction that starts no subprogram" },
	{ "calls.too_many", LIMIT, "more subprograms than the kernel allows" },

	/* program structure (check_cfg) */
	{ "cfg.back_edge", STRUCT, "a jump backwards makes a loop (rejected with --dag)" },
	{ "cfg.call_target", STRUCT, "call to an instruction outside the program" },
	{ "cfg.fall_through", STRUCT, "a subprogram runs off its end into the next one" },
	{ "cfg.func_info", STRUCT, "BTF func_info does not match the subprograms" },
	{ "cfg.infinite_loop", STRUCT, "a loop without any way out" },
	{ "cfg.jump_out_of_range", STRUCT, "jump outside the program or its subprogram" },
	{ "cfg.jump_range", STRUCT, "jump outside the program or its subprogram" },
	{ "cfg.last_insn", STRUCT, "the last instruction is neither an exit nor a jump" },
	{ "cfg.ldimm64_middle", STRUCT, "jump into the second half of a 64-bit immediate load" },
	{ "cfg.line_info", STRUCT, "BTF line_info does not match the instructions" },
	{ "cfg.too_large", LIMIT, "program empty or larger than the kernel allows" },
	{ "cfg.too_many_subprogs", LIMIT, "more subprograms than the kernel allows" },
	{ "cfg.unreachable", STRUCT, "instruction no path reaches" },

	/* the context */
	{ "ctx.access", MEM, "context field that this program type may not access this way" },
	{ "ctx.modified", REG, "context pointer used after changing its offset" },
	{ "ctx.var_off", MEM, "context access at a variable offset" },

	/* program exit */
	{ "exit.retval", CTX, "return value outside what the program type allows" },

	/* helper calls */
	{ "helper.arg_off", CALL, "helper argument pointer moved below its object's start" },
	{ "helper.arg_type", CALL, "helper argument of the wrong type" },
	{ "helper.btf_type", CALL, "helper argument is a BTF pointer to another struct" },
	{ "helper.const_str", CALL,
	  "string argument not a NUL-terminated constant in a read-only map" },
	{ "helper.flags", CALL, "helper flags argument must be zero" },
	{ "helper.gpl", POLICY, "GPL-only helper called from a program whose license is not GPL" },
	{ "helper.map_rdonly", MEM, "helper would write into a map the program may only read" },
	{ "helper.map_type", CALL, "helper called with a map of a type it does not take" },
	{ "helper.not_allowed", POLICY, "helper refused for this attach point by the helper itself" },
	{ "helper.not_const", CALL, "helper argument must be a known constant" },
	{ "helper.pkt", CTX, "helper may not access packet data in this program type" },
	{ "helper.prog_type", POLICY, "helper not available to this program type" },
	{ "helper.sleep", POLICY, "helper that might sleep called from a non-sleepable program" },
	{ "helper.size_negative", CALL, "size argument of a helper may be negative" },
	{ "helper.size_unbounded", CALL, "size argument of a helper has no upper bound" },
	{ "helper.size_zero", CALL, "size argument of a helper may be zero where it may not" },
	{ "helper.unknown", CALL, "call to a helper the kernel does not know" },

	/* special fields of map values (locks, timers, kptrs) */
	{ "field.direct", MEM,
	  "a lock, timer or other special field of a map value accessed directly" },
	{ "kptr.helper", MEM, "a kptr field passed to a helper as plain memory" },
	{ "kptr.misaligned", MEM, "access that covers part of a kptr field" },
	{ "kptr.mode", MEM, "a kptr field accessed by other than a plain load or store" },
	{ "kptr.no_btf", CALL, "bpf_kptr_xchg on a map without BTF" },
	{ "kptr.none", CALL, "bpf_kptr_xchg on a map value without kptr fields" },
	{ "kptr.off", CALL, "bpf_kptr_xchg destination is not a kptr field" },
	{ "kptr.size", MEM, "a kptr field accessed with a size other than 8 bytes" },
	{ "kptr.st_imm", MEM, "a non-zero immediate stored into a kptr field" },
	{ "kptr.store_ref", LIFE, "a plain store into a referenced kptr field" },
	{ "kptr.store_uptr", MEM, "a plain store into a uptr field" },
	{ "kptr.unref", CALL, "bpf_kptr_xchg on a kptr field that holds no reference" },
	{ "kptr.var_off", CALL, "kptr argument at a variable offset" },

	/* instructions */
	{ "insn.empty", STRUCT, "program without instructions" },
	{ "insn.invalid", STRUCT, "instruction the kernel does not accept" },

	/* legacy packet loads */
	{ "ldabs.prog_type", CTX, "LD_ABS/LD_IND in a program type that has no socket buffer" },
	{ "ldabs.r6", REG, "LD_ABS/LD_IND with r6 not holding the context" },

	/* limits */
	{ "limit.insns", LIMIT, "more than 1M instructions processed" },
	{ "limit.jmp_seq", LIMIT, "more than 8192 branches pending at once" },
	{ "loop.infinite", STRUCT, "loop iteration that changes nothing: it would never end" },

	/* kernel function calls (kfuncs.c, iterators in analysis/iter.c, dynptrs in dynptr.c) */
	{ "dynptr.from_mem", CALL, "bpf_dynptr_from_mem over memory other than a map value" },
	{ "dynptr.type", CALL, "a dynptr of another type than the helper takes" },
	{ "dynptr.unacquired", LIFE, "a ringbuf dynptr released that holds no reference" },
	{ "dynptr.uninit", LIFE, "a dynptr argument that no constructor initialised" },
	{ "iter.arg", LIFE, "iterator argument not on the stack or in the wrong state" },
	{ "kfunc.arg_type", CALL, "kfunc argument of the wrong type" },
	{ "kfunc.gpl", POLICY, "kernel function called from a program whose license is not GPL" },
	{ "kfunc.not_eliminated", STRUCT,
	  "a kfunc call whose kernel function was not found is reachable" },

	/* bpf_spin_lock and bpf_timer */
	{ "lock.call", CTX, "function call while a bpf_spin_lock is held" },
	{ "lock.double", LIFE, "a second bpf_spin_lock taken while one is held" },
	{ "lock.held", LIFE, "exit, tail call or legacy packet load with a bpf_spin_lock held" },
	{ "lock.no_btf", CALL, "bpf_spin_lock on a map without BTF" },
	{ "lock.no_field", CALL, "bpf_spin_lock on a map value without a lock field" },
	{ "lock.off", CALL, "bpf_spin_lock argument does not point to the lock field" },
	{ "lock.prog_type", POLICY, "a program type that may not use this special field" },
	{ "lock.unlock_none", LIFE, "bpf_spin_unlock without a held lock" },
	{ "lock.unlock_other", LIFE, "bpf_spin_unlock of a lock other than the held one" },
	{ "lock.var_off", CALL, "lock or timer argument at a variable offset" },
	{ "map.create", POLICY, "a map the kernel refuses to create" },
	{ "timer.map", CALL, "bpf_timer_init's map is not the timer's map" },
	{ "timer.prog_type", POLICY, "a program type that may not use bpf_timer" },

	/* memory access */
	{ "mem.bad_ptr", REG, "memory access through a register that holds no valid pointer" },
	{ "mem.flow_keys", MEM, "access outside the flow keys" },
	{ "mem.map_direct_value", MEM,
	  "a direct map value load (ld_imm64) at an offset outside the map's value" },
	{ "mem.map_key_write", MEM, "write to memory that holds a map key" },
	{ "mem.map_ptr", MEM,
	  "access through a map pointer outside the kernel's struct bpf_map rules" },
	{ "mem.map_rdonly", MEM, "write to a map the program may only read" },
	{ "mem.map_wronly", MEM, "read from a map the program may only write" },
	{ "mem.misaligned", MEM, "misaligned memory access" },
	{ "mem.negative", MEM, "access below the start of the object: the offset may be negative" },
	{ "mem.oob", MEM, "access outside the object the pointer points to" },
	{ "mem.pkt_oob", MEM, "packet access outside the range checked against data_end" },
	{ "mem.pkt_write", CTX, "packet write in a program type that may not write packets" },
	{ "mem.ptr_leak", POLICY, "store of a pointer where it would leak a kernel address" },
	{ "mem.ptr_mix", REG, "the same instruction accesses memory of different pointer kinds" },
	{ "mem.rdonly", MEM, "write through a pointer to read-only memory" },
	{ "mem.sk_write", MEM, "write to a socket field that is read-only" },
	{ "mem.sock_access", MEM, "socket field access outside what the type allows" },
	{ "mem.tp_buffer", MEM, "tracepoint buffer access at a negative or variable offset" },
	{ "mem.unbounded", MEM, "access at an offset with no upper bound" },

	/* references */
	{ "refs.leak", LIFE, "acquired reference not released on this path" },
	{ "refs.not_referenced", LIFE, "release of a pointer that holds no reference" },
	{ "refs.two_args", CALL, "two arguments of one call hold acquired references" },
	{ "refs.release", LIFE, "release of a pointer that holds no reference" },
	{ "refs.release_off", LIFE, "release of a pointer moved away from the acquired object" },

	/* registers */
	{ "regs.fp_write", REG, "write to the read-only frame pointer r10" },
	{ "regs.null_arith", REG, "arithmetic on a pointer that may be NULL" },
	{ "regs.ptr_math", REG, "pointer arithmetic the kernel does not allow" },
	{ "regs.uninit", REG, "read of a register that holds no value on this path" },

	/* the stack */
	{ "stack.fill_size", MEM, "partial reload of a spilled register" },
	{ "stack.oob", MEM, "stack access outside the 512-byte frame" },
	{ "stack.spill_caller", POLICY, "pointer stored into the caller's stack frame" },
	{ "stack.spill_size", MEM, "partial spill of a pointer register" },
	{ "stack.unbounded", MEM, "stack access at an offset with no bound" },
	{ "stack.uninit", MEM, "read of stack bytes never written on this path" },
	{ "stack.var_off", CALL, "stack pointer with a variable offset passed to a helper" },
	{ "stack.zero_size", MEM, "zero-sized stack access" },
};

static const struct {
	const char *name, *key;
} categories[CAT_CNT] = {
	[CAT_MEMORY_SAFETY] = { "Memory Safety", "memory_safety" },
	[CAT_REGISTER_TYPE_SAFETY] = { "Register Type Safety", "register_type_safety" },
	[CAT_CALL_TYPE_SAFETY] = { "Call Type Safety", "call_type_safety" },
	[CAT_RESOURCE_LIFETIME_SAFETY] = { "Resource Lifetime Safety", "resource_lifetime_safety" },
	[CAT_EXECUTION_CONTEXT_SAFETY] = { "Execution Context Safety", "execution_context_safety" },
	[CAT_PROGRAM_STRUCTURE] = { "Program Structure", "program_structure" },
	[CAT_POLICY] = { "Policy", "policy" },
	[CAT_VERIFIER_LIMIT] = { "Verifier Limit", "verifier_limit" },
	[CAT_INTERNAL_ERROR] = { "Verifier Internal Error", "internal_error" },
};

int rule_index(const char *id)
{
	u32 i;

	if (!id)
		return -1;
	for (i = 0; i < ARRAY_SIZE(rules); i++)
		if (!strcmp(rules[i].id, id))
			return (int)i;
	return -1;
}

const struct rule *rule_find(const char *id)
{
	int i = rule_index(id);

	return i < 0 ? NULL : &rules[i];
}

u32 rule_cnt(void)
{
	return ARRAY_SIZE(rules);
}

const struct rule *rule_at(u32 i)
{
	return i < ARRAY_SIZE(rules) ? &rules[i] : NULL;
}

const char *rule_category_name(enum rule_category cat)
{
	return (unsigned int)cat < CAT_CNT ? categories[cat].name : "?";
}

const char *rule_category_key(enum rule_category cat)
{
	return (unsigned int)cat < CAT_CNT ? categories[cat].key : "?";
}
