/* The helper name table. __BPF_FUNC_MAPPER(FN) expands to "FN(name), FN(name), ..." in every
 * uapi version (6.2+ routes it through ___BPF_FUNC_MAPPER with explicit ids, but keeps that
 * shape), so one designated-initialiser macro covers old and new headers.
 *
 * New helpers stopped at 6.2 (kfuncs replaced them); the ones the installed uapi may predate are
 * listed by hand below so that the names match what a 6.18 kernel prints. */
#include <linux/bpf.h>

#include "isa/helpers.h"

#define HELPER_NAME(x, ...) [BPF_FUNC_##x] = "bpf_" #x
static const char *const uapi_names[] = {
	__BPF_FUNC_MAPPER(HELPER_NAME)
};
#undef HELPER_NAME

/* Linux 6.2: the last two helpers ever added (include/uapi/linux/bpf.h of 6.18) */
static const char *const late_names[] = {
	[210] = "bpf_cgrp_storage_get",
	[211] = "bpf_cgrp_storage_delete",
};

const char *helper_name(u32 id)
{
	if (id < ARRAY_SIZE(uapi_names))
		return uapi_names[id];
	if (id < ARRAY_SIZE(late_names))
		return late_names[id];
	return NULL;
}

u32 helper_count(void)
{
	return max_t(u32, ARRAY_SIZE(uapi_names), ARRAY_SIZE(late_names));
}
