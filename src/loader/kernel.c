/* Live loading through libbpf's thin bpf(2) wrappers (bpf.h only: no libbpf object logic, so the
 * instructions the kernel sees are exactly prog->insns with map fds patched in).
 *
 * Set-up mirrors what libbpf does for the same object: maps are created with their BTF key/value
 * types (retried without BTF if the kernel refuses them, as libbpf does), global data is written
 * and .rodata/.kconfig frozen, the object's BTF is loaded after the fix-ups the kernel's BTF
 * checker needs (.kconfig and .ksyms DATASECs rewritten the way libbpf rewrites them), and
 * func_info / line_info are handed over per instruction of the linked program. */
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sysinfo.h>
#include <unistd.h>

#include "loader/externs.h"
#include "loader/kernel.h"
#include "report/klog.h"

#ifndef BPF_F_RDONLY_PROG
#define BPF_F_RDONLY_PROG (1U << 7)
#endif

#define LOG_START_SIZE (1U << 20)
#define LOG_GROWTH 16
/* the kernel refuses log buffers above UINT_MAX >> 2 */
#define LOG_MAX_SIZE (1U << 28)

static int silent_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	return 0;
}

int kernel_probe(char *why, size_t whysz)
{
	static const struct bpf_insn ret0[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = 0 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	int fd;

	libbpf_set_print(silent_print);
	fd = bpf_prog_load(BPF_PROG_TYPE_SOCKET_FILTER, "bpfv_probe", "GPL", ret0, 2, NULL);
	if (fd >= 0) {
		close(fd);
		return 0;
	}
	fd = -errno;
	if (fd == -EPERM || fd == -EACCES)
		snprintf(why, whysz, "bpf(2) not permitted (%s; run as root or with CAP_BPF)",
			 strerror(-fd));
	else if (fd == -ENOSYS)
		snprintf(why, whysz, "bpf(2) not available on this kernel");
	else
		snprintf(why, whysz, "bpf(2) probe load failed: %s", strerror(-fd));
	return fd;
}

static void kernel_name(char *dst, size_t size, const char *name)
{
	size_t i, j = 0;

	/* the kernel accepts [A-Za-z0-9_.] and at most BPF_OBJ_NAME_LEN - 1 characters */
	for (i = 0; name[i] && j + 1 < size && j < BPF_OBJ_NAME_LEN - 1; i++)
		dst[j++] = isalnum((unsigned char)name[i]) || name[i] == '_' || name[i] == '.' ?
			   name[i] : '_';
	dst[j] = 0;
}

/* Copy of the object's BTF in the form the kernel accepts (see top comment), or NULL. */
static struct btf *btf_for_kernel(const struct object *obj)
{
	const void *raw;
	struct btf *b;
	u32 size, id, n;
	s32 int_id = 0, dummy = 0;

	raw = btf__raw_data(obj->btf, &size);
	b = raw ? btf__new(raw, size) : NULL;
	if (!b)
		return NULL;
	n = btf__type_cnt(b);
	for (id = 1; id < n && !int_id; id++) {
		const struct btf_type *t = btf__type_by_id(b, id);

		if (btf_is_int(t) && t->size == 4)
			int_id = id;
	}
	if (btf__find_by_name_kind(b, ".ksyms", BTF_KIND_DATASEC) > 0) {
		if (!int_id)
			int_id = btf__add_int(b, "int", 4, BTF_INT_SIGNED);
		dummy = int_id > 0 ? btf__add_var(b, "dummy_ksym", BTF_VAR_GLOBAL_ALLOCATED, int_id) : -1;
		if (dummy < 0) {
			btf__free(b);
			return NULL;
		}
	}
	n = btf__type_cnt(b);
	for (id = 1; id < n; id++) {
		struct btf_type *t = (struct btf_type *)btf__type_by_id(b, id);
		struct btf_var_secinfo *vs;
		const char *name;
		u32 i, off = 0;

		if (!btf_is_datasec(t))
			continue;
		name = btf__name_by_offset(b, t->name_off);
		vs = btf_var_secinfos(t);
		if (name && !strcmp(name, ".kconfig")) {
			for (i = 0; i < btf_vlen(t); i++) {
				struct btf_type *v = (struct btf_type *)btf__type_by_id(b, vs[i].type);
				const char *vn = btf__name_by_offset(b, v->name_off);
				u32 k;

				btf_var(v)->linkage = BTF_VAR_GLOBAL_ALLOCATED;
				for (k = 0; k < obj->extern_cnt; k++)
					if (!strcmp(obj->externs[k].name, vn))
						vs[i].offset = obj->externs[k].kcfg_off;
			}
			if (obj->kconfig_map >= 0)
				t->size = obj->maps[obj->kconfig_map].value_size;
		} else if (name && !strcmp(name, ".ksyms")) {
			for (i = 0; i < btf_vlen(t); i++) {
				struct btf_type *v = (struct btf_type *)btf__type_by_id(b, vs[i].type);

				if (btf_is_func(v)) {
					struct btf_type *fp = (struct btf_type *)btf__type_by_id(b, v->type);
					const struct btf_type *dv = btf__type_by_id(b, dummy);
					struct btf_param *prm = btf_params(fp);
					u32 j;

					/* extern linkage is not valid for the kernel, and a global
					 * FUNC needs named parameters: borrow the dummy's name */
					v->info = (BTF_KIND_FUNC << 24) | BTF_FUNC_GLOBAL;
					for (j = 0; btf_is_func_proto(fp) && j < btf_vlen(fp); j++)
						if (prm[j].type && !prm[j].name_off)
							prm[j].name_off = dv->name_off;
					vs[i].type = dummy;
				} else if (btf_is_var(v)) {
					btf_var(v)->linkage = BTF_VAR_GLOBAL_ALLOCATED;
					v->type = int_id;
				}
				vs[i].offset = off;
				vs[i].size = 4;
				off += 4;
			}
			t->size = off;
		}
	}
	return b;
}

/* BPF_BTF_LOAD; on failure the last line of the kernel's BTF log goes to @why. */
static int btf_load(const void *raw, u32 size, char *why, size_t whysz)
{
	LIBBPF_OPTS(bpf_btf_load_opts, o);
	char *log = malloc(1 << 16);
	int fd, err;

	if (log) {
		log[0] = 0;
		o.log_buf = log;
		o.log_size = 1 << 16;
		o.log_level = 1;
	}
	fd = bpf_btf_load(raw, size, log ? &o : NULL);
	err = errno;
	if (fd < 0 && log) {
		char *end = log + strlen(log), *line;

		while (end > log && end[-1] == '\n')
			*--end = 0;
		line = strrchr(log, '\n');
		snprintf(why, whysz, "%s", line ? line + 1 : log);
	}
	free(log);
	errno = err;
	return fd;
}

struct load_ctx {
	struct object *obj;
	const struct prog *p;
	struct kload_result *res;
	int btf_fd;
	int *map_fds;		/* per object map, -1 when not created */
};

static int create_map(struct load_ctx *c, int idx);

static int create_map_def(struct load_ctx *c, const struct map_def *m, int inner_fd)
{
	LIBBPF_OPTS(bpf_map_create_opts, o);
	u32 max = m->max_entries;
	char name[BPF_OBJ_NAME_LEN];
	int fd;

	if (m->type == BPF_MAP_TYPE_PERF_EVENT_ARRAY && !max)
		max = get_nprocs_conf();	/* as libbpf: one slot per possible CPU */
	kernel_name(name, sizeof(name), m->name);
	o.map_flags = m->map_flags;
	o.numa_node = m->numa_node;
	o.map_extra = m->map_extra;
	o.inner_map_fd = inner_fd > 0 ? inner_fd : 0;
	if (c->btf_fd >= 0 && (m->btf_key_type_id || m->btf_value_type_id)) {
		o.btf_fd = c->btf_fd;
		o.btf_key_type_id = m->btf_key_type_id;
		o.btf_value_type_id = m->btf_value_type_id;
	}
	fd = bpf_map_create(m->type, name, m->key_size, m->value_size, max, &o);
	if (fd < 0 && o.btf_fd) {
		/* libbpf retries without BTF types the kernel does not take */
		o.btf_fd = o.btf_key_type_id = o.btf_value_type_id = 0;
		fd = bpf_map_create(m->type, name, m->key_size, m->value_size, max, &o);
	}
	return fd < 0 ? -errno : fd;
}

static int create_map(struct load_ctx *c, int idx)
{
	const struct map_def *m = &c->obj->maps[idx];
	int inner_fd = -1, fd, ret;
	u32 key = 0;

	if (c->map_fds[idx] >= 0)
		return 0;
	if (m->inner_idx >= 0) {
		inner_fd = create_map_def(c, &c->obj->maps[m->inner_idx], -1);
		if (inner_fd < 0) {
			snprintf(c->res->msg, sizeof(c->res->msg),
				 "cannot create inner map of '%s': %s", m->name, strerror(-inner_fd));
			return inner_fd;
		}
	}
	fd = create_map_def(c, m, inner_fd);
	if (inner_fd >= 0)
		close(inner_fd);
	if (fd < 0) {
		snprintf(c->res->msg, sizeof(c->res->msg), "cannot create map '%s': %s", m->name,
			 strerror(-fd));
		return fd;
	}
	c->map_fds[idx] = fd;
	if (m->data && m->kind != MAP_KIND_BSS) {
		if (bpf_map_update_elem(fd, &key, m->data, 0)) {
			ret = -errno;
			snprintf(c->res->msg, sizeof(c->res->msg), "cannot write '%s': %s", m->name,
				 strerror(errno));
			return ret;
		}
	}
	if ((m->kind == MAP_KIND_RODATA || m->kind == MAP_KIND_KCONFIG) && bpf_map_freeze(fd)) {
		ret = -errno;
		snprintf(c->res->msg, sizeof(c->res->msg), "cannot freeze '%s': %s", m->name,
			 strerror(errno));
		return ret;
	}
	return 0;
}

static void parse_stats(struct kload_result *res)
{
	const char *s = res->log ? strstr(res->log, "processed ") : NULL;
	const char *e;

	if (!s)
		return;
	e = strchr(s, '\n');
	snprintf(res->stats, sizeof(res->stats), "%.*s", e ? (int)(e - s) : (int)strlen(s), s);
	res->insn_processed = strtoul(s + 10, NULL, 10);
}

static int do_load(struct load_ctx *c, const struct bpf_insn *insns, const struct kload_opts *opts)
{
	const struct prog *p = c->p;
	struct kload_result *res = c->res;
	LIBBPF_OPTS(bpf_prog_load_opts, o);
	struct bpf_func_info *fi = NULL;
	struct bpf_line_info *li = NULL;
	char name[BPF_OBJ_NAME_LEN];
	u32 size = LOG_START_SIZE, i;
	int fd, ret = 0;

	if (c->btf_fd >= 0 && p->func_cnt) {
		fi = calloc(p->func_cnt, sizeof(*fi));
		li = calloc(p->line_cnt ? p->line_cnt : 1, sizeof(*li));
		if (!fi || !li) {
			ret = -ENOMEM;
			goto out;
		}
		for (i = 0; i < p->func_cnt; i++)
			fi[i] = (struct bpf_func_info){ p->funcs[i].insn_idx, p->funcs[i].type_id };
		for (i = 0; i < p->line_cnt; i++)
			li[i] = (struct bpf_line_info){ p->lines[i].insn_idx, p->lines[i].file_name_off,
							 p->lines[i].line_off,
							 p->lines[i].line << 10 | p->lines[i].col };
		o.prog_btf_fd = c->btf_fd;
		o.func_info = fi;
		o.func_info_cnt = p->func_cnt;
		o.func_info_rec_size = sizeof(*fi);
		if (p->line_cnt) {
			o.line_info = li;
			o.line_info_cnt = p->line_cnt;
			o.line_info_rec_size = sizeof(*li);
		}
	}
	o.expected_attach_type = p->pt.expected_attach_type;
	o.prog_flags = progtype_load_flags(&p->pt);
	o.kern_version = c->obj->kern_version;
	o.attach_btf_id = p->attach_btf_id;
	o.log_level = opts && opts->log_level ? opts->log_level : 1;
	kernel_name(name, sizeof(name), p->name);
	for (;;) {
		char *nb = realloc(res->log, size);

		if (!nb) {
			ret = -ENOMEM;
			goto out;
		}
		res->log = nb;
		res->log[0] = 0;
		o.log_buf = res->log;
		o.log_size = size;
		fd = bpf_prog_load(p->pt.prog_type, name, c->obj->license, insns, p->insn_cnt, &o);
		if (fd >= 0) {
			close(fd);
			res->verdict = KLOAD_ACCEPTED;
			break;
		}
		res->err = errno;
		if (res->err == ENOSPC && size < LOG_MAX_SIZE) {
			size = size > LOG_MAX_SIZE / LOG_GROWTH ? LOG_MAX_SIZE : size * LOG_GROWTH;
			continue;
		}
		if (res->err == ENOSPC && o.log_level != 1) {
			/* a full log_level 2 trace does not fit: the verdict comes from a level 1
			 * load, whose log keeps only the path that fails */
			snprintf(res->notes, sizeof(res->notes),
				 "the log_level %u log exceeds %u MiB; verdict and log from log_level 1",
				 o.log_level, LOG_MAX_SIZE >> 20);
			o.log_level = 1;
			size = LOG_START_SIZE;
			continue;
		}
		if (res->err == EPERM && !res->log[0]) {
			res->verdict = KLOAD_ERROR;
			snprintf(res->msg, sizeof(res->msg),
				 "the kernel refused to load a %s program (EPERM before verification; "
				 "lockdown or missing capability)", progtype_name(p->pt.prog_type));
			ret = -EPERM;
			break;
		}
		res->verdict = KLOAD_REJECTED;
		klog_first_error(res->log, res->msg, sizeof(res->msg));
		if (!res->msg[0])
			snprintf(res->msg, sizeof(res->msg), "BPF_PROG_LOAD failed: %s",
				 strerror(res->err));
		break;
	}
	parse_stats(res);
out:
	free(fi);
	free(li);
	return ret;
}

int kernel_load_prog(struct object *obj, const struct prog *p, const struct kload_opts *opts,
		     struct kload_result *res)
{
	struct load_ctx c = { .obj = obj, .p = p, .res = res, .btf_fd = -1 };
	struct bpf_insn *insns = NULL;
	struct btf *kb = NULL;
	char btf_log[160] = "";
	u32 i;
	int ret = 0;

	memset(res, 0, sizeof(*res));
	res->verdict = KLOAD_ERROR;
	libbpf_set_print(silent_print);
	if (!p->type_known) {
		snprintf(res->msg, sizeof(res->msg),
			 "program type unknown for section '%s' (give -t TYPE)", p->sec_name);
		return -EINVAL;
	}
	if (p->attach_err) {
		snprintf(res->msg, sizeof(res->msg), "%s", p->attach_err);
		return -ENOENT;
	}
	c.map_fds = malloc(sizeof(int) * (obj->map_cnt ? obj->map_cnt : 1));
	insns = malloc(sizeof(*insns) * (p->insn_cnt ? p->insn_cnt : 1));
	if (!c.map_fds || !insns) {
		ret = -ENOMEM;
		goto out;
	}
	for (i = 0; i < obj->map_cnt; i++)
		c.map_fds[i] = -1;
	memcpy(insns, p->insns, sizeof(*insns) * p->insn_cnt);

	if (obj->btf) {
		kb = btf_for_kernel(obj);
		if (kb) {
			const void *raw;
			u32 size;

			raw = btf__raw_data(kb, &size);
			c.btf_fd = raw ? btf_load(raw, size, btf_log, sizeof(btf_log)) : -1;
		}
		if (c.btf_fd < 0)
			snprintf(res->notes, sizeof(res->notes),
				 "the kernel refused the object's BTF (%s%s%s); loaded without BTF, "
				 "func_info and line_info", strerror(errno), btf_log[0] ? ": " : "",
				 btf_log);
	}
	for (i = 0; i < p->reloc_cnt; i++) {
		const struct prog_reloc *r = &p->relocs[i];

		if (r->kind != RELOC_MAP_FD && r->kind != RELOC_MAP_VALUE)
			continue;
		if (r->map_idx < 0 || (u32)r->map_idx >= obj->map_cnt) {
			snprintf(res->msg, sizeof(res->msg), "instruction %u: bad map reference",
				 r->insn_idx);
			ret = -EINVAL;
			goto out;
		}
		ret = create_map(&c, r->map_idx);
		if (ret)
			goto out;
		insns[r->insn_idx].imm = c.map_fds[r->map_idx];
	}
	ret = do_load(&c, insns, opts);
	if (ret == -ENOMEM)
		snprintf(res->msg, sizeof(res->msg), "out of memory");
out:
	if (ret && !res->msg[0])
		snprintf(res->msg, sizeof(res->msg), "%s", strerror(-ret));
	for (i = 0; c.map_fds && i < obj->map_cnt; i++)
		if (c.map_fds[i] >= 0)
			close(c.map_fds[i]);
	if (c.btf_fd >= 0)
		close(c.btf_fd);
	btf__free(kb);
	free(c.map_fds);
	free(insns);
	return ret;
}

void kload_result_release(struct kload_result *res)
{
	free(res->log);
	res->log = NULL;
}
