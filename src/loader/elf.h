/* ELF reading for BPF objects: the file is read whole into memory, libelf parses its headers, and
 * every byte range taken from the file goes through elf_bytes(), which returns NULL instead of
 * reading outside the image. Only 64-bit little-endian EM_BPF objects are accepted. */
#ifndef BPFVERIFY_LOADER_ELF_H
#define BPFVERIFY_LOADER_ELF_H

#include <gelf.h>

#include "util.h"

struct elf_sec {
	const char *name;	/* borrowed from the image; "" when the name is unreadable */
	GElf_Shdr shdr;
	const u8 *data;		/* NULL for SHT_NOBITS and empty sections */
	size_t size;		/* sh_size (also for SHT_NOBITS) */
};

struct elf_file {
	const char *path;
	u8 *image;		/* owned: the whole file */
	size_t image_size;
	Elf *elf;		/* owned libelf handle over image */
	struct elf_sec *secs;	/* secs[0] is the null section */
	size_t sec_cnt;
	size_t symtab_idx;	/* 0 when there is no symbol table */
	const Elf64_Sym *syms;
	size_t sym_cnt;
	size_t strtab_idx;	/* string table of the symbols */
};

/* Reads and validates @path. 0 on success; on failure -errno and a one-line reason in @err
 * (without the file name: the caller prefixes it). Caller releases with elf_file_release(). */
int elf_file_open(struct elf_file *ef, const char *path, char *err, size_t errsz);
/* Same from a memory image (for fuzzing): @image is copied. */
int elf_file_open_mem(struct elf_file *ef, const void *image, size_t size, const char *name,
		      char *err, size_t errsz);
void elf_file_release(struct elf_file *ef);

/* Bytes [off, off+len) of section @sec, or NULL when out of range or the section has no data. */
const void *elf_sec_bytes(const struct elf_file *ef, size_t sec, u64 off, u64 len);
/* Symbol name (from the symbol string table), "" when out of range; an unnamed section
 * symbol (STT_SECTION) reads as its section's name. */
const char *elf_sym_name(const struct elf_file *ef, const Elf64_Sym *sym);
/* Section index by name, 0 when absent. */
size_t elf_sec_by_name(const struct elf_file *ef, const char *name);

#endif
