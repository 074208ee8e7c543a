// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Accepted BPF LSM program (return 0 to allow or a negative errno to deny). The test machine's
 * kernel refuses BPF_PROG_TYPE_LSM loads with EPERM (lockdown), so this is not checked live. */
#include "corpus_tracing.h"

#define EPERM 1

const volatile __u32 denied_uid = 65534;

SEC("lsm/file_open")
__success __description("lsm: deny file_open for one uid, CO-RE read of file->f_inode->i_uid")
int BPF_PROG(lsm_file_open, struct file *file)
{
	__u32 uid = BPF_CORE_READ(file, f_inode, i_uid.val);

	if (uid == denied_uid && (bpf_get_current_uid_gid() & 0xffffffff) == denied_uid)
		return -EPERM;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
