/* libFuzzer target: opens arbitrary bytes as a BPF object from memory, disassembles every
 * program, and frees it. Any crash, leak or sanitizer report is a loader bug.
 *	make fuzz && build/fuzz/fuzz_object -max_total_time=60 build/corpus/xdp */
#include <stddef.h>
#include <stdint.h>

#include "isa/disasm.h"
#include "loader/object.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct object_opts opts = { .no_target_btf = true };
	struct object *obj;
	char err[512], buf[256];
	u32 i, k;

	if (object_open_mem(data, size, "fuzz.o", &opts, &obj, err, sizeof(err)))
		return 0;
	for (i = 0; i < obj->prog_cnt; i++) {
		const struct prog *p = &obj->progs[i];

		for (k = 0; k < p->insn_cnt; k++)
			disasm_insn(buf, sizeof(buf), p->insns, p->insn_cnt, k, NULL);
		prog_line_at(p, p->insn_cnt / 2);
	}
	object_free(obj);
	return 0;
}
