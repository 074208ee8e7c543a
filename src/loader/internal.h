/* Declarations shared by the loader's files only (object.c, maps.c, btf_ext.c, reloc.c). */
#ifndef BPFVERIFY_LOADER_INTERNAL_H
#define BPFVERIFY_LOADER_INTERNAL_H

#include <stdarg.h>

#include "loader/object.h"

/* Formats "path: message" into @err and returns @code. */
int loader_err(const struct object *obj, char *err, size_t errsz, int code, const char *fmt, ...)
	__printf(5, 6);
/* Appends a non-fatal note to obj->warnings; returns 0 or -ENOMEM. */
int loader_warn(struct object *obj, const char *fmt, ...) __printf(2, 3);

/* btf.c: refuses BTF whose names or type references are out of range (libbpf does not check),
 * so that every later lookup may trust them. */
int btf_validate(const struct object *obj, const struct btf *btf, char *err, size_t errsz);

/* maps.c: BTF-defined, legacy and global-data maps; fixes the object's DATASEC sizes/offsets. */
int maps_collect(struct object *obj, char *err, size_t errsz);
void maps_free(struct object *obj);
/* Index of the map defined at @off in section @sec (a .maps/maps symbol value or a global-data
 * section itself, off ignored there), or -1. */
int maps_find(const struct object *obj, size_t sec, u64 off);
bool sec_is_data(const char *name, enum map_kind *kind);

/* btf_ext.c: .BTF.ext func_info and line_info records of one ELF section, instruction-indexed. */
struct ext_line {
	u32 sec_insn;
	u32 file_name_off;
	u32 line_off;
	u32 line_col;
};
struct ext_func {
	u32 sec_insn;
	u32 type_id;
};
struct ext_core {
	u32 sec_insn;
	u32 type_id;
	u32 access_str_off;
	u32 kind;
};
struct ext_sec {
	const char *sec_name;
	struct ext_line *lines;
	u32 line_cnt;
	struct ext_func *funcs;
	u32 func_cnt;
	struct ext_core *cores;
	u32 core_cnt;
	u32 line_cap, func_cap, core_cap;
};
struct ext_info {
	struct ext_sec *secs;
	u32 sec_cnt;
};
int btf_ext_parse(const struct object *obj, struct ext_info *out, char *err, size_t errsz);
void btf_ext_release(struct ext_info *info);
const struct ext_sec *btf_ext_find(const struct ext_info *info, const char *sec_name);

#endif
