/* Small things every module uses: fixed-width integer names, ARRAY_SIZE, min/max, format
 * attributes and the analyzer-bug channel (internal errors, never mixed with diagnostics). */
#ifndef BPFVERIFY_UTIL_H
#define BPFVERIFY_UTIL_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef int64_t s64;

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define min_t(t, a, b) ((t)(a) < (t)(b) ? (t)(a) : (t)(b))
#define max_t(t, a, b) ((t)(a) > (t)(b) ? (t)(a) : (t)(b))
#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)
#define __printf(a, b) __attribute__((format(printf, a, b)))
#define __unused __attribute__((unused))

/* Reports an internal error of bpfverify itself (not of the analysed program) on stderr.
 * Evaluates to the condition so that callers can write: if (analyzer_bug_if(...)) return -EFAULT; */
#define analyzer_bug_if(cond, fmt, ...)                                                          \
	({                                                                                       \
		bool __c = !!(cond);                                                             \
		if (unlikely(__c))                                                               \
			fprintf(stderr, "internal error: %s:%d: " fmt "\n", __FILE__, __LINE__,   \
				##__VA_ARGS__);                                                  \
		__c;                                                                             \
	})

/* malloc family that treat size overflow as failure (return NULL). */
void *xcalloc(size_t n, size_t size);
void *xreallocarray(void *p, size_t n, size_t size);
/* The whole file at @path, NUL-terminated, its size in @len (may be NULL); NULL when unreadable.
 * Caller frees with free(). For test data and tools, not for objects (see loader/elf.c). */
char *file_slurp(const char *path, size_t *len);

#endif
