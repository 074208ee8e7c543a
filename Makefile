# bpfverify — one Makefile for the tool, its tests and its BPF corpus.
#   make            build build/bpfverify (installs Debian packages first when run as root)
#   make run        bpfverify on the bundled samples (the corpus)
#   make check      unit suites + command line + corpus (live kernel where bpf(2) is permitted)
#   make check SANITIZE=1   the same under ASan + UBSan (objects in build/san)
#   make corpus     compile tests/corpus/**/*.bpf.c with clang -target bpf
#   V=1             show the commands
ifeq ($(V),1)
Q :=
else
Q := @
endif

SANITIZE ?= 0
ifeq ($(SANITIZE),1)
BUILD ?= build/san
SAN_FLAGS := -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
else
BUILD ?= build
SAN_FLAGS :=
endif
# The corpus does not depend on the sanitizer: one copy for both builds.
CORPUS_OUT := build/corpus

CC ?= gcc
BPF_CLANG ?= clang-19
BPFTOOL ?= bpftool
PKGS := libelf zlib libbpf libgvc libcgraph
DEPS_STAMP := build/.deps-ok

# pkg-config may only be asked once the packages are there; `make` runs tools/deps.sh first.
$(shell mkdir -p build)
DEPS_RC := $(shell [ -f $(DEPS_STAMP) ] || { ./tools/deps.sh >&2 && touch $(DEPS_STAMP); }; [ -f $(DEPS_STAMP) ] && echo ok)
ifneq ($(DEPS_RC),ok)
ifeq ($(filter clean,$(MAKECMDGOALS)),)
$(error missing build dependencies, see the message above)
endif
endif

PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CHECK_CFLAGS := $(shell pkg-config --cflags check 2>/dev/null)
CHECK_LIBS := $(shell pkg-config --libs check 2>/dev/null)

WARN := -Wall -Wextra -Wshadow -Wformat=2 -Wno-unused-parameter -Wno-missing-field-initializers -Werror
CFLAGS ?= -O2 -g
ALL_CFLAGS := -std=gnu11 $(CFLAGS) $(WARN) $(SAN_FLAGS) -Isrc $(PKG_CFLAGS) -MMD -MP
ALL_LDFLAGS := $(LDFLAGS) $(SAN_FLAGS)

SRC := $(sort $(shell find src -name '*.c'))
LIB_SRC := $(filter-out src/cli/%,$(SRC))
CLI_SRC := $(filter src/cli/%,$(SRC))
UNIT_SRC := $(sort $(wildcard tests/unit/*.c))
TOOL_SRC := $(sort $(wildcard tools/*.c))

LIB_OBJ := $(LIB_SRC:%.c=$(BUILD)/%.o)
CLI_OBJ := $(CLI_SRC:%.c=$(BUILD)/%.o)
UNIT_OBJ := $(UNIT_SRC:%.c=$(BUILD)/%.o)
TOOL_BIN := $(TOOL_SRC:tools/%.c=$(BUILD)/tools/%)

CORPUS_SRC := $(sort $(shell find tests/corpus -name '*.bpf.c'))
CORPUS_OBJ := $(CORPUS_SRC:tests/corpus/%.bpf.c=$(CORPUS_OUT)/%.bpf.o)
BPF_CFLAGS := -target bpf -g -O2 -Wall -Werror -Wno-unused-function -I$(CORPUS_OUT) -Itests/corpus/include \
	-I/usr/include/$(shell $(CC) -dumpmachine)

.PHONY: all run bench check unit corpus corpus-check cli-check domains-check soundness tools fuzz clean
.DEFAULT_GOAL := all

all: $(BUILD)/bpfverify tools

tools: $(TOOL_BIN)

$(BUILD)/libbpfverify.a: $(LIB_OBJ)
	$(Q)rm -f $@ && ar rcs $@ $^

$(BUILD)/bpfverify: $(CLI_OBJ) $(BUILD)/libbpfverify.a
	@echo "  LD      $@"
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $^ $(PKG_LIBS)

$(BUILD)/%.o: %.c
	@mkdir -p $(@D)
	@echo "  CC      $<"
	$(Q)$(CC) $(ALL_CFLAGS) $(CHECK_CFLAGS) -c -o $@ $<

$(BUILD)/tools/%: tools/%.c $(BUILD)/libbpfverify.a
	@mkdir -p $(@D)
	@echo "  CC      $<"
	$(Q)$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $< $(BUILD)/libbpfverify.a $(PKG_LIBS)

# The benchmark counts the library's heap bytes by wrapping the allocator (tools/bench.c).
$(BUILD)/tools/bench: ALL_LDFLAGS += -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=free

# Unit suites register themselves by file name: tests/unit/check_foo.c exports foo_suite().
$(BUILD)/tests/unit/suites.h: $(UNIT_SRC)
	@mkdir -p $(@D)
	$(Q)for f in $(filter-out tests/unit/check_main.c,$(filter tests/unit/check_%.c,$(UNIT_SRC))); do \
		n=$${f#tests/unit/check_}; echo "SUITE($${n%.c})"; done > $@.tmp && mv $@.tmp $@

$(BUILD)/tests/unit/check_main.o: $(BUILD)/tests/unit/suites.h
$(BUILD)/tests/unit/check_main.o: ALL_CFLAGS += -I$(BUILD)/tests/unit

$(BUILD)/check_unit: $(UNIT_OBJ) $(BUILD)/libbpfverify.a
	@echo "  LD      $@"
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $^ $(PKG_LIBS) $(CHECK_LIBS)

# vmlinux.h for CO-RE programs, from the running kernel's BTF.
$(CORPUS_OUT)/vmlinux.h:
	@mkdir -p $(@D)
	@test -r /sys/kernel/btf/vmlinux || { echo "corpus: /sys/kernel/btf/vmlinux not readable, cannot generate vmlinux.h" >&2; exit 2; }
	$(Q)$(BPFTOOL) btf dump file /sys/kernel/btf/vmlinux format c > $@.tmp && mv $@.tmp $@

$(CORPUS_OUT)/%.bpf.o: tests/corpus/%.bpf.c $(CORPUS_OUT)/vmlinux.h $(shell find tests/corpus/include -name "*.h")
	@mkdir -p $(@D)
	@echo "  BPF     $<"
	$(Q)$(BPF_CLANG) $(BPF_CFLAGS) -c -o $@ $<

corpus: $(CORPUS_OBJ)

unit: $(BUILD)/check_unit corpus
	@echo "== unit suites"
	$(Q)BPFVERIFY_CORPUS=$(CORPUS_OUT) BPFVERIFY_BIN=$(BUILD)/bpfverify $(BUILD)/check_unit

corpus-check: $(BUILD)/bpfverify $(BUILD)/tools/difftest corpus
	@echo "== corpus: annotations against the live kernel, disassembly against the kernel log"
	$(Q)$(BUILD)/tools/difftest $(CORPUS_OBJ)

# The command line: exit codes, messages, golden disassembly (tests/cli/golden), `kernel` verdicts.
cli-check: $(BUILD)/bpfverify corpus
	@echo "== cli: exit codes, messages, golden disassembly"
	$(Q)bash tests/cli/run.sh $(BUILD)/bpfverify $(CORPUS_OUT)

domains-check: $(BUILD)/tools/scalar_kdiff
	@echo "== domains: scalar transfers of random programs against the live kernel's log"
	$(Q)$(BUILD)/tools/scalar_kdiff; rc=$$?; \
	if [ $$rc -eq 2 ]; then echo "SKIP: scalar_kdiff: bpf(2) not permitted"; rc=0; fi; exit $$rc

# The kernel's verifier selftests (../shared/kernel-selftests) through our analysis: agreement table.
.PHONY: conformance-selftests
conformance-selftests: $(BUILD)/tools/selftests
	@echo "== selftests: the kernel's verifier tests, our verdicts against the 6.18 kernel's"
	$(Q)$(BUILD)/tools/selftests --ratchet tests/selftests.ratchet; rc=$$?; \
	if [ $$rc -eq 2 ]; then rc=0; fi; exit $$rc
check: conformance-selftests

# The long soundness runs of the domains (8-bit exhaustive tnum, 1.2M samples per scalar op).
soundness: $(BUILD)/check_unit
	$(Q)BPFVERIFY_LONG=1 CK_RUN_SUITE=tnum $(BUILD)/check_unit
	$(Q)BPFVERIFY_LONG=1 CK_RUN_SUITE=scalar $(BUILD)/check_unit

check: unit cli-check corpus-check domains-check

# The ISA conformance suite: every program through our assembler, then through our interpreter
# (R0 at every exit against the expected r0) and loaded and run in the live kernel against it
# (tools/conformance.c); skips where the suite is not checked out.
CONFORMANCE_DIR ?= ../shared/conformance/bpf_conformance
.PHONY: conformance-live
conformance-live: $(BUILD)/tools/conformance
	@echo "== conformance: the ISA suite through our assembler, our interpreter (as precise as the kernel; exact R0 with --exact-constants) and the live kernel"
	$(Q)if [ -d $(CONFORMANCE_DIR) ]; then $(BUILD)/tools/conformance $(CONFORMANCE_DIR); \
	else echo "SKIP: conformance suite not found at $(CONFORMANCE_DIR)"; fi
check: conformance-live

# Helpers: every probed program type x helper (and x map type for map-taking helpers) through
# the live kernel and our analysis, GPL and non-GPL (tools/helper_probe.c); needs bpf(2).
.PHONY: helpers-live
helpers-live: $(BUILD)/tools/helper_probe
	@echo "== helpers: availability, arguments, map compatibility against the live kernel"
	$(Q)$(BUILD)/tools/helper_probe -d && $(BUILD)/tools/helper_probe -dp
check: helpers-live

run: $(BUILD)/bpfverify corpus
	@echo "== bpfverify disasm (first sample)"
	$(Q)$(BUILD)/bpfverify disasm $(firstword $(CORPUS_OBJ)) | head -40
	@echo "== bpfverify check: our verdicts (exit 1 or 3 expected: the samples include rejected programs)"
	$(Q)$(BUILD)/bpfverify check $(CORPUS_OBJ); rc=$$?; [ $$rc -ne 2 ] || exit $$rc
	@echo "== bpfverify kernel: the live kernel's verdicts, ours beside each (fentry/lsm samples cannot load under lockdown)"
	$(Q)$(BUILD)/bpfverify kernel $(CORPUS_OBJ); echo "bpfverify kernel: exit $$?"

# Speed and memory of the analysis over the corpus, the kernel's selftests and generated large
# programs (tools/bench.c); timing is not a test, so `make check` does not run it. BENCH_ARGS
# adds options (--json, --baseline tools/bench.baseline.json, --budget-ms N).
bench: $(BUILD)/tools/bench corpus
	$(Q)BPFVERIFY_CORPUS=$(CORPUS_OUT) $(BUILD)/tools/bench $(BENCH_ARGS)

# The benchmark tool works (output shape, exit codes) on one object: no timing is checked.
.PHONY: bench-check
bench-check: $(BUILD)/tools/bench corpus
	@echo "== bench: the benchmark tool on a tiny input (shape and exit codes, not timing)"
	$(Q)bash tests/cli/bench.sh $(BUILD)/tools/bench $(CORPUS_OUT)
check: bench-check

# libFuzzer harnesses (clang-19 + libclang-rt-19-dev): every source file of the library is
# compiled again with coverage instrumentation.
FUZZ_CFLAGS := -std=gnu11 -g -O1 -fsanitize=fuzzer,address,undefined -Isrc $(PKG_CFLAGS)
build/fuzz/%: tests/fuzz/%.c $(LIB_SRC)
	@mkdir -p $(@D)
	@echo "  FUZZ    $@"
	$(Q)$(BPF_CLANG) $(FUZZ_CFLAGS) -o $@ $< $(LIB_SRC) $(PKG_LIBS)

fuzz: build/fuzz/fuzz_object build/fuzz/fuzz_analysis

clean:
	rm -rf build

-include $(shell find build -name '*.d' 2>/dev/null)
