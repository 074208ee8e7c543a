/* Allocation helpers shared by all modules. */
#include <stdlib.h>

#include "util.h"

void *xcalloc(size_t n, size_t size)
{
	return calloc(n ? n : 1, size ? size : 1);
}

void *xreallocarray(void *p, size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		return NULL;
	n *= size;
	return realloc(p, n ? n : 1);
}
