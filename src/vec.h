/* One growable-array helper for every dynamic array:
 *	struct foo *items = NULL; u32 cnt = 0, cap = 0;
 *	if (vec_grow(&items, &cap, cnt + 1)) return -ENOMEM;
 *	items[cnt++] = x;
 * vec_grow() keeps @*pp valid on failure; the new tail beyond the old capacity is zeroed. */
#ifndef BPFVERIFY_VEC_H
#define BPFVERIFY_VEC_H

#include <string.h>

#include "util.h"

static inline int __vec_grow(void **pp, u32 *cap, u32 need, size_t elem)
{
	u32 ncap;
	void *p;

	if (need <= *cap)
		return 0;
	ncap = *cap ? *cap : 8;
	while (ncap < need) {
		if (ncap > UINT32_MAX / 2)
			return -ENOMEM;
		ncap *= 2;
	}
	p = xreallocarray(*pp, ncap, elem);
	if (!p)
		return -ENOMEM;
	memset((char *)p + (size_t)*cap * elem, 0, (size_t)(ncap - *cap) * elem);
	*pp = p;
	*cap = ncap;
	return 0;
}

#define vec_grow(pp, capp, need) __vec_grow((void **)(pp), (capp), (need), sizeof(**(pp)))

#endif
