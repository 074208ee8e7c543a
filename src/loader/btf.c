/* Validation of an object's BTF before anything reads it. libbpf's btf__new() checks the header
 * and that each type record fits in the type section, but not that names and referenced type ids
 * are in range; every later lookup here (maps, externs, line info, decl tags, CO-RE) trusts both.
 * So a hostile or corrupted .BTF is refused once, with the offending type id, here. */
#include <bpf/btf.h>

#include "loader/internal.h"

static bool name_ok(const struct btf *btf, u32 off)
{
	return btf__name_by_offset(btf, off) != NULL;
}

static bool id_ok(u32 id, u32 cnt)
{
	return id < cnt;
}

int btf_validate(const struct object *obj, const struct btf *btf, char *err, size_t errsz)
{
	u32 id, i, cnt = btf__type_cnt(btf);

	for (id = 1; id < cnt; id++) {
		const struct btf_type *t = btf__type_by_id(btf, id);
		const char *why = NULL;

		if (!t) {
			why = "missing";
			goto bad;
		}
		if (!name_ok(btf, t->name_off)) {
			why = "name offset out of range";
			goto bad;
		}
		switch (btf_kind(t)) {
		case BTF_KIND_PTR:
		case BTF_KIND_TYPEDEF:
		case BTF_KIND_VOLATILE:
		case BTF_KIND_CONST:
		case BTF_KIND_RESTRICT:
		case BTF_KIND_FUNC:
		case BTF_KIND_VAR:
		case BTF_KIND_DECL_TAG:
		case BTF_KIND_TYPE_TAG:
			if (!id_ok(t->type, cnt))
				why = "refers to a type id out of range";
			break;
		case BTF_KIND_ARRAY:
			if (!id_ok(btf_array(t)->type, cnt) || !id_ok(btf_array(t)->index_type, cnt))
				why = "array element or index type out of range";
			break;
		case BTF_KIND_STRUCT:
		case BTF_KIND_UNION: {
			const struct btf_member *m = btf_members(t);

			for (i = 0; i < btf_vlen(t) && !why; i++)
				if (!id_ok(m[i].type, cnt) || !name_ok(btf, m[i].name_off))
					why = "member type or name out of range";
			break;
		}
		case BTF_KIND_ENUM: {
			const struct btf_enum *e = btf_enum(t);

			for (i = 0; i < btf_vlen(t) && !why; i++)
				if (!name_ok(btf, e[i].name_off))
					why = "enumerator name out of range";
			break;
		}
		case BTF_KIND_ENUM64: {
			const struct btf_enum64 *e = btf_enum64(t);

			for (i = 0; i < btf_vlen(t) && !why; i++)
				if (!name_ok(btf, e[i].name_off))
					why = "enumerator name out of range";
			break;
		}
		case BTF_KIND_FUNC_PROTO: {
			const struct btf_param *p = btf_params(t);

			if (!id_ok(t->type, cnt))
				why = "return type out of range";
			for (i = 0; i < btf_vlen(t) && !why; i++)
				if (!id_ok(p[i].type, cnt) || !name_ok(btf, p[i].name_off))
					why = "parameter type or name out of range";
			break;
		}
		case BTF_KIND_DATASEC: {
			const struct btf_var_secinfo *v = btf_var_secinfos(t);

			for (i = 0; i < btf_vlen(t) && !why; i++)
				if (!id_ok(v[i].type, cnt) || !v[i].type)
					why = "variable type out of range";
			break;
		}
		default:
			break;
		}
		if (!why)
			continue;
bad:
		return loader_err(obj, err, errsz, -EINVAL, "invalid .BTF: type [%u] %s", id, why);
	}
	return 0;
}
