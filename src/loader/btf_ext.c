/* .BTF.ext reading: func_info, line_info and CO-RE relocation records per ELF section.
 * libbpf keeps its parser private, so this is ours. Layout (all little-endian u32 unless noted):
 *   header: u16 magic 0xeB9F, u8 version 1, u8 flags, u32 hdr_len,
 *           func_info_off, func_info_len, line_info_off, line_info_len,
 *           [core_relo_off, core_relo_len]       (offsets count from the end of the header)
 *   each info block: u32 rec_size, then { u32 sec_name_off, u32 num_info, rec[num_info] }...
 * Record instruction offsets are in bytes inside the section; we convert them to indexes.
 * Every read is bounds-checked against the block, which is itself checked against the section. */
#include <bpf/btf.h>
#include <stdlib.h>
#include <string.h>

#include "loader/internal.h"
#include "vec.h"

#define BTF_EXT_MAGIC 0xeB9F

enum ext_kind { EXT_FUNC, EXT_LINE, EXT_CORE };

static const char *const ext_kind_name[] = { "func_info", "line_info", "core_relo" };
static const u32 ext_min_rec[] = { 8, 16, 16 };

static u32 rd32(const u8 *p)
{
	u32 v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static struct ext_sec *sec_get(struct ext_info *info, u32 *cap, const char *name)
{
	u32 i;

	for (i = 0; i < info->sec_cnt; i++)
		if (!strcmp(info->secs[i].sec_name, name))
			return &info->secs[i];
	if (vec_grow(&info->secs, cap, info->sec_cnt + 1))
		return NULL;
	info->secs[info->sec_cnt].sec_name = name;
	return &info->secs[info->sec_cnt++];
}

static int parse_block(const struct object *obj, struct ext_info *info, u32 *cap,
		       enum ext_kind kind, const u8 *p, u32 len, char *err, size_t errsz)
{
	const char *what = ext_kind_name[kind];
	u32 rec_size, off = 4;

	if (!len)
		return 0;
	if (len < 4)
		return loader_err(obj, err, errsz, -EINVAL, ".BTF.ext %s block truncated", what);
	rec_size = rd32(p);
	if (rec_size < ext_min_rec[kind] || rec_size % 4 || rec_size > 1024)
		return loader_err(obj, err, errsz, -EINVAL, ".BTF.ext %s record size %u invalid", what,
				  rec_size);
	while (off < len) {
		u32 name_off, num, i;
		const char *name;
		struct ext_sec *es;

		if (len - off < 8)
			return loader_err(obj, err, errsz, -EINVAL,
					  ".BTF.ext %s section header truncated", what);
		name_off = rd32(p + off);
		num = rd32(p + off + 4);
		off += 8;
		if ((u64)num * rec_size > len - off)
			return loader_err(obj, err, errsz, -EINVAL,
					  ".BTF.ext %s: %u records overrun the block", what, num);
		name = btf__name_by_offset(obj->btf, name_off);
		if (!name)
			return loader_err(obj, err, errsz, -EINVAL,
					  ".BTF.ext %s: bad section name offset %u", what, name_off);
		es = sec_get(info, cap, name);
		if (!es)
			return -ENOMEM;
		for (i = 0; i < num; i++, off += rec_size) {
			const u8 *r = p + off;
			u32 insn_off = rd32(r);

			if (insn_off % 8)
				return loader_err(obj, err, errsz, -EINVAL,
						  ".BTF.ext %s: misaligned instruction offset %u in '%s'",
						  what, insn_off, name);
			if (kind == EXT_FUNC) {
				if (vec_grow(&es->funcs, &es->func_cap, es->func_cnt + 1))
					return -ENOMEM;
				es->funcs[es->func_cnt++] = (struct ext_func){ insn_off / 8, rd32(r + 4) };
			} else if (kind == EXT_LINE) {
				if (vec_grow(&es->lines, &es->line_cap, es->line_cnt + 1))
					return -ENOMEM;
				es->lines[es->line_cnt++] = (struct ext_line){
					insn_off / 8, rd32(r + 4), rd32(r + 8), rd32(r + 12)
				};
			} else {
				if (vec_grow(&es->cores, &es->core_cap, es->core_cnt + 1))
					return -ENOMEM;
				es->cores[es->core_cnt++] = (struct ext_core){
					insn_off / 8, rd32(r + 4), rd32(r + 8), rd32(r + 12)
				};
			}
		}
	}
	return 0;
}

int btf_ext_parse(const struct object *obj, struct ext_info *out, char *err, size_t errsz)
{
	const u8 *p = obj->btf_ext;
	u32 size = obj->btf_ext_size, hdr_len, cap = 0;
	struct { u32 off, len; } blk[3] = {};
	int i, ret;

	memset(out, 0, sizeof(*out));
	if (!p)
		return 0;
	if (!obj->btf)
		return loader_err(obj, err, errsz, -EINVAL, ".BTF.ext present without .BTF");
	if (size < 24 || (p[0] | p[1] << 8) != BTF_EXT_MAGIC)
		return loader_err(obj, err, errsz, -EINVAL, ".BTF.ext has a bad header");
	if (p[2] != 1)
		return loader_err(obj, err, errsz, -ENOTSUP, ".BTF.ext version %u not supported", p[2]);
	hdr_len = rd32(p + 4);
	if (hdr_len < 24 || hdr_len > size)
		return loader_err(obj, err, errsz, -EINVAL, ".BTF.ext header length %u invalid", hdr_len);
	blk[EXT_FUNC].off = rd32(p + 8);
	blk[EXT_FUNC].len = rd32(p + 12);
	blk[EXT_LINE].off = rd32(p + 16);
	blk[EXT_LINE].len = rd32(p + 20);
	if (hdr_len >= 32) {
		blk[EXT_CORE].off = rd32(p + 24);
		blk[EXT_CORE].len = rd32(p + 28);
	}
	for (i = 0; i < 3; i++) {
		u64 end = (u64)hdr_len + blk[i].off + blk[i].len;

		if (!blk[i].len)
			continue;
		if (end > size)
			return loader_err(obj, err, errsz, -EINVAL,
					  ".BTF.ext %s block outside the section", ext_kind_name[i]);
		ret = parse_block(obj, out, &cap, i, p + hdr_len + blk[i].off, blk[i].len, err,
				  errsz);
		if (ret) {
			btf_ext_release(out);
			return ret == -ENOMEM ? loader_err(obj, err, errsz, ret, "out of memory") : ret;
		}
	}
	return 0;
}

void btf_ext_release(struct ext_info *info)
{
	u32 i;

	for (i = 0; i < info->sec_cnt; i++) {
		free(info->secs[i].lines);
		free(info->secs[i].funcs);
		free(info->secs[i].cores);
	}
	free(info->secs);
	memset(info, 0, sizeof(*info));
}

const struct ext_sec *btf_ext_find(const struct ext_info *info, const char *sec_name)
{
	u32 i;

	for (i = 0; i < info->sec_cnt; i++)
		if (!strcmp(info->secs[i].sec_name, sec_name))
			return &info->secs[i];
	return NULL;
}
