/* Names of the kernel's BPF helper functions, by id, as the verifier log prints them
 * ("bpf_map_lookup_elem" for 1). The table is generated at compile time from the installed
 * uapi's __BPF_FUNC_MAPPER, completed with the helpers Linux 6.18 has beyond it. */
#ifndef BPFVERIFY_ISA_HELPERS_H
#define BPFVERIFY_ISA_HELPERS_H

#include "util.h"

/* The "bpf_"-prefixed name of helper @id, or NULL when the id is unknown. The string is static. */
const char *helper_name(u32 id);

/* One more than the largest known helper id (212 for Linux 6.18: the list is frozen). */
u32 helper_count(void);

#endif
