/* Common prelude for the corpus's tracing programs (kprobe, tracepoint, raw_tp, tp_btf, fentry, lsm, ...):
 * vmlinux.h from the running kernel plus libbpf's tracing and CO-RE macros.
 *
 * bpf_tracing.h needs the target architecture to know pt_regs' layout; with -target bpf the compiler
 * does not say. vmlinux.h comes from this machine's kernel, so default to the host's architecture
 * unless the build passed -D__TARGET_ARCH_xxx. */
#ifndef CORPUS_TRACING_H
#define CORPUS_TRACING_H

#if !defined(__TARGET_ARCH_x86) && !defined(__TARGET_ARCH_arm64) && !defined(__TARGET_ARCH_s390) && \
	!defined(__TARGET_ARCH_riscv) && !defined(__TARGET_ARCH_powerpc)
#define __TARGET_ARCH_x86
#endif

#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include "bpfverify_test.h"

#endif
