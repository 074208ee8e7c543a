/* ELF image reading. The file is read whole; libelf (elf_memory) parses the ELF and section
 * headers, and we validate every section's [offset, offset+size) against the image before any
 * byte of it is used, so later stages can take section data as plain, trusted ranges.
 * Symbol tables are read as raw Elf64_Sym arrays (the object is checked to be ELF64 LE). */
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "loader/elf.h"

#ifndef EM_BPF
#define EM_BPF 247
#endif

static int fail(char *err, size_t errsz, int code, const char *fmt, ...) __printf(4, 5);

static int fail(char *err, size_t errsz, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errsz, fmt, ap);
	va_end(ap);
	return code;
}

static int read_whole(const char *path, u8 **out, size_t *size, char *err, size_t errsz)
{
	struct stat st;
	size_t got = 0;
	u8 *buf = NULL;
	int fd, ret = 0;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return fail(err, errsz, -errno, "cannot open: %s", strerror(errno));
	if (fstat(fd, &st) < 0) {
		ret = fail(err, errsz, -errno, "cannot stat: %s", strerror(errno));
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		ret = fail(err, errsz, -EINVAL, "not a regular file");
		goto out;
	}
	if ((u64)st.st_size > (1ULL << 31)) {
		ret = fail(err, errsz, -EFBIG, "file too large (%lld bytes)", (long long)st.st_size);
		goto out;
	}
	buf = malloc(st.st_size ? st.st_size : 1);
	if (!buf) {
		ret = fail(err, errsz, -ENOMEM, "out of memory");
		goto out;
	}
	while (got < (size_t)st.st_size) {
		ssize_t n = read(fd, buf + got, st.st_size - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			ret = fail(err, errsz, -errno, "read error: %s", strerror(errno));
			goto out;
		}
		if (n == 0)
			break;
		got += n;
	}
	*out = buf;
	*size = got;
	buf = NULL;
out:
	free(buf);
	close(fd);
	return ret;
}

static int parse(struct elf_file *ef, char *err, size_t errsz)
{
	size_t shstrndx, i;
	GElf_Shdr eh_shdr;
	GElf_Ehdr eh;

	if (ef->image_size < EI_NIDENT || memcmp(ef->image, ELFMAG, SELFMAG))
		return fail(err, errsz, -EINVAL, "not an ELF file");
	if (ef->image[EI_CLASS] != ELFCLASS64)
		return fail(err, errsz, -EINVAL, "not a 64-bit ELF file (BPF objects are ELF64)");
	if (ef->image[EI_DATA] != ELFDATA2LSB)
		return fail(err, errsz, -EINVAL,
			    "big-endian ELF is not supported (expected little-endian BPF)");
	if (ef->image_size < sizeof(Elf64_Ehdr))
		return fail(err, errsz, -EINVAL, "truncated ELF header");

	elf_version(EV_CURRENT);
	ef->elf = elf_memory((char *)ef->image, ef->image_size);
	if (!ef->elf || !gelf_getehdr(ef->elf, &eh))
		return fail(err, errsz, -EINVAL, "invalid ELF: %s", elf_errmsg(-1));
	if (eh.e_machine != EM_BPF)
		return fail(err, errsz, -EINVAL, "not a BPF object (e_machine %u, expected %u EM_BPF)",
			    eh.e_machine, EM_BPF);
	if (eh.e_type != ET_REL)
		return fail(err, errsz, -EINVAL, "not a relocatable object (e_type %u)", eh.e_type);
	if (eh.e_shoff > ef->image_size ||
	    (u64)eh.e_shnum * sizeof(Elf64_Shdr) > ef->image_size - eh.e_shoff)
		return fail(err, errsz, -EINVAL, "section header table outside the file (truncated?)");
	if (elf_getshdrnum(ef->elf, &ef->sec_cnt) || elf_getshdrstrndx(ef->elf, &shstrndx))
		return fail(err, errsz, -EINVAL, "invalid section headers: %s", elf_errmsg(-1));
	if (ef->sec_cnt == 0 || ef->sec_cnt > 65536)
		return fail(err, errsz, -EINVAL, "bad section count %zu", ef->sec_cnt);
	if (shstrndx >= ef->sec_cnt)
		return fail(err, errsz, -EINVAL, "section name table index %zu out of range", shstrndx);
	/* without names no section is recognised, and later messages would blame an unnamed one */
	if (!shstrndx || !gelf_getshdr(elf_getscn(ef->elf, shstrndx), &eh_shdr) ||
	    eh_shdr.sh_type != SHT_STRTAB)
		return fail(err, errsz, -EINVAL, "section name table %zu is not a string table",
			    shstrndx);

	ef->secs = calloc(ef->sec_cnt, sizeof(*ef->secs));
	if (!ef->secs)
		return fail(err, errsz, -ENOMEM, "out of memory");
	for (i = 0; i < ef->sec_cnt; i++) {
		struct elf_sec *s = &ef->secs[i];
		Elf_Scn *scn = elf_getscn(ef->elf, i);
		const char *name;

		if (!scn || !gelf_getshdr(scn, &s->shdr))
			return fail(err, errsz, -EINVAL, "cannot read section header %zu", i);
		name = i ? elf_strptr(ef->elf, shstrndx, s->shdr.sh_name) : NULL;
		s->name = name ? name : "";
		s->size = s->shdr.sh_size;
		if (s->shdr.sh_type == SHT_NOBITS || s->shdr.sh_type == SHT_NULL || !s->size)
			continue;
		if (s->shdr.sh_offset > ef->image_size || s->size > ef->image_size - s->shdr.sh_offset)
			return fail(err, errsz, -EINVAL,
				    "section %zu '%s': offset 0x%llx size 0x%llx outside the file (%zu bytes)",
				    i, s->name, (unsigned long long)s->shdr.sh_offset,
				    (unsigned long long)s->size, ef->image_size);
		s->data = ef->image + s->shdr.sh_offset;
	}
	for (i = 1; i < ef->sec_cnt; i++) {
		const struct elf_sec *s = &ef->secs[i];

		if (s->shdr.sh_type != SHT_SYMTAB)
			continue;
		if (ef->symtab_idx)
			return fail(err, errsz, -EINVAL, "more than one symbol table");
		if (s->shdr.sh_entsize != sizeof(Elf64_Sym))
			return fail(err, errsz, -EINVAL, "symbol table has bad entry size %llu",
				    (unsigned long long)s->shdr.sh_entsize);
		if (s->size % sizeof(Elf64_Sym))
			return fail(err, errsz, -EINVAL,
				    "symbol table size %zu is not a multiple of %zu", s->size,
				    sizeof(Elf64_Sym));
		if (s->shdr.sh_link == 0 || s->shdr.sh_link >= ef->sec_cnt ||
		    ef->secs[s->shdr.sh_link].shdr.sh_type != SHT_STRTAB)
			return fail(err, errsz, -EINVAL, "symbol table links to bad string table %u",
				    s->shdr.sh_link);
		if ((uintptr_t)s->data % _Alignof(Elf64_Sym))
			return fail(err, errsz, -EINVAL, "misaligned symbol table");
		ef->symtab_idx = i;
		ef->syms = (const Elf64_Sym *)s->data;
		ef->sym_cnt = s->size / sizeof(Elf64_Sym);
		ef->strtab_idx = s->shdr.sh_link;
	}
	if (!ef->symtab_idx)
		return fail(err, errsz, -EINVAL, "no symbol table (stripped object?)");
	return 0;
}

int elf_file_open_mem(struct elf_file *ef, const void *image, size_t size, const char *name,
		      char *err, size_t errsz)
{
	memset(ef, 0, sizeof(*ef));
	ef->path = name;
	ef->image = malloc(size ? size : 1);
	if (!ef->image)
		return fail(err, errsz, -ENOMEM, "out of memory");
	memcpy(ef->image, image, size);
	ef->image_size = size;
	return parse(ef, err, errsz);
}

int elf_file_open(struct elf_file *ef, const char *path, char *err, size_t errsz)
{
	int ret;

	memset(ef, 0, sizeof(*ef));
	ef->path = path;
	ret = read_whole(path, &ef->image, &ef->image_size, err, errsz);
	return ret ?: parse(ef, err, errsz);
}

void elf_file_release(struct elf_file *ef)
{
	if (!ef)
		return;
	if (ef->elf)
		elf_end(ef->elf);
	free(ef->secs);
	free(ef->image);
	memset(ef, 0, sizeof(*ef));
}

const void *elf_sec_bytes(const struct elf_file *ef, size_t sec, u64 off, u64 len)
{
	const struct elf_sec *s;

	if (sec == 0 || sec >= ef->sec_cnt)
		return NULL;
	s = &ef->secs[sec];
	if (!s->data || off > s->size || len > s->size - off)
		return NULL;
	return s->data + off;
}

const char *elf_sym_name(const struct elf_file *ef, const Elf64_Sym *sym)
{
	const struct elf_sec *st = &ef->secs[ef->strtab_idx];
	const char *p;

	/* section symbols have no name of their own: messages name the section (as readelf) */
	if (ELF64_ST_TYPE(sym->st_info) == STT_SECTION && !sym->st_name &&
	    sym->st_shndx < ef->sec_cnt)
		return ef->secs[sym->st_shndx].name;
	if (!st->data || sym->st_name >= st->size)
		return "";
	p = (const char *)st->data + sym->st_name;
	/* the name must end inside the table */
	if (!memchr(p, 0, st->size - sym->st_name))
		return "";
	return p;
}

size_t elf_sec_by_name(const struct elf_file *ef, const char *name)
{
	size_t i;

	for (i = 1; i < ef->sec_cnt; i++)
		if (!strcmp(ef->secs[i].name, name))
			return i;
	return 0;
}
