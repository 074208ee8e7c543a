#!/usr/bin/env bash
# The command line as a user meets it: exit codes (0 accepted, 1 rejected, 2 usage or input error),
# messages, the shape of `disasm` output, golden disassembly, and `kernel` verdicts.
#
#   bash tests/cli/run.sh BPFVERIFY CORPUS_DIR        (make check runs it as `make cli-check`)
#
# Prints "ok N - what" or "not ok N - what" (with the evidence on "#" lines) per case, "SKIP: ..."
# for live-kernel cases where bpf(2) is not permitted (not root, or refused), and ends with the
# line "cli: N passed, N failed". Exit status 1 when a case failed.
#
# Golden files: tests/cli/golden/<area>__<object>__<program>.disasm hold `bpfverify disasm -p
# <program> <area>/<object>.bpf.o`, run inside CORPUS_DIR so that the paths are relative. After a
# deliberate change to the disassembler or the corpus, regenerate them with
#   UPDATE_GOLDEN=1 bash tests/cli/run.sh build/bpfverify build/corpus
# and review `git diff tests/cli/golden`: every line must still be what the kernel would print.
set -u

if [ $# -ne 2 ]; then
	echo "usage: $0 BPFVERIFY CORPUS_DIR" >&2
	exit 2
fi
case $1 in
/*) bin=$1 ;;
*) bin=$PWD/$1 ;;
esac
corpus=$2
golden_dir=$(cd "$(dirname "$0")" && pwd)/golden
if [ ! -x "$bin" ]; then
	echo "cli: $bin is not an executable" >&2
	exit 2
fi
if [ ! -f "$corpus/xdp/parse_ok.bpf.o" ]; then
	echo "cli: corpus not built in $corpus (make corpus)" >&2
	exit 2
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
pass=0
fail=0

ok() {
	n=$((n + 1))
	pass=$((pass + 1))
	echo "ok $n - $1"
}

# not_ok DESC [EVIDENCE...]
not_ok() {
	local l

	n=$((n + 1))
	fail=$((fail + 1))
	echo "not ok $n - $1"
	shift
	for l in "$@"; do
		printf '%s\n' "$l" | sed 's/^/#   /'
	done
}

# run ARGS...: runs bpfverify; sets $rc, $tmp/out, $tmp/err
run() {
	"$bin" "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
}

evidence() {
	echo "exit $rc"
	echo "stdout: $(head -c 600 "$tmp/out")"
	echo "stderr: $(head -c 600 "$tmp/err")"
}

# expect DESC RC STREAM FRAGMENT -- ARGS...
#   RC: expected exit status; STREAM: out or err (where FRAGMENT, a fixed string, must appear)
#   or "-" for no text check. Every failure path must say something on stderr and, unless
#   $partial_out is set (output of the inputs before the bad one), nothing on stdout; every
#   success must leave stderr empty.
partial_out=
expect() {
	local desc=$1 want=$2 stream=$3 frag=$4

	shift 5
	run "$@"
	if [ "$rc" -ne "$want" ]; then
		not_ok "$desc" "expected exit $want" "$(evidence)"
	elif [ "$stream" != - ] && ! grep -qF -- "$frag" "$tmp/$stream"; then
		not_ok "$desc" "std$stream lacks: $frag" "$(evidence)"
	elif [ "$want" -eq 2 ] && { { [ -s "$tmp/out" ] && [ -z "$partial_out" ]; } ||
				     [ ! -s "$tmp/err" ]; }; then
		not_ok "$desc" "a usage/input error must print to stderr only" "$(evidence)"
	elif [ "$want" -eq 0 ] && [ -s "$tmp/err" ]; then
		not_ok "$desc" "unexpected stderr" "$(evidence)"
	else
		ok "$desc"
	fi
}

x=$corpus/xdp/parse_ok.bpf.o

# ---- usage and input errors: exit 2 ----
expect "no arguments: usage on stderr, exit 2" 2 err "usage: bpfverify COMMAND" --
expect "unknown command: exit 2" 2 err "unknown command 'frob'" -- frob "$x"
expect "bad option: exit 2" 2 err "bad option" -- disasm --frob "$x"
expect "option missing its argument: exit 2" 2 err "bad option" -- disasm "$x" -p
expect "command without a file: exit 2" 2 err "disasm: no input file" -- disasm
expect "unsupported --format: exit 2" 2 err "format 'json' is not supported" -- disasm -f json "$x"
expect "missing file: exit 2, cannot open" 2 err "bpfverify: $tmp/nosuch.o: cannot open: No such file or directory" -- disasm "$tmp/nosuch.o"
expect "directory: exit 2" 2 err "$tmp: not a regular file" -- disasm "$tmp"
printf 'not an object\n' >"$tmp/text.o"
expect "non-ELF file: exit 2, not an ELF file" 2 err "$tmp/text.o: not an ELF file" -- disasm "$tmp/text.o"
: >"$tmp/empty.o"
expect "empty file: exit 2, not an ELF file" 2 err "$tmp/empty.o: not an ELF file" -- disasm "$tmp/empty.o"
head -c 2000 "$x" >"$tmp/cut.o"
expect "truncated object: exit 2" 2 err "$tmp/cut.o: section header table outside the file (truncated?)" -- disasm "$tmp/cut.o"
expect "-p nosuch: exit 2, no program named" 2 err "no program named 'nosuch' in the given file" -- disasm -p nosuch "$x"
partial_out=1
expect "second of two files missing: exit 2" 2 err "cannot open" -- disasm "$x" "$tmp/nosuch.o"
expect "-p nosuch with a real -p: still exit 2" 2 err "no program named 'nosuch'" -- disasm -p xdp_pop_header -p nosuch "$x"
partial_out=
expect "-t nosuch: exit 2, unknown program type" 2 err "unknown program type 'nosuch'" -- disasm -t nosuch "$x"
expect "kernel -t nosuch: exit 2" 2 err "unknown program type 'nosuch'" -- kernel -t nosuch "$x"

# ---- help and version: exit 0 on stdout ----
expect "--help: usage on stdout, exit 0" 0 out "usage: bpfverify COMMAND" -- --help
expect "-h: usage on stdout, exit 0" 0 out "exit status: 0 all programs accepted" -- -h
expect "disasm --help: exit 0" 0 out "usage: bpfverify COMMAND" -- disasm --help
expect "--version: exit 0" 0 out "bpfverify " -- --version

# ---- disasm ----
run disasm "$x"
first=$(head -n 1 "$tmp/out")
if [ "$rc" -ne 0 ] || [ -s "$tmp/err" ]; then
	not_ok "disasm: exit 0, nothing on stderr" "$(evidence)"
else
	ok "disasm: exit 0, nothing on stderr"
fi
if [ "$first" = "$x: program 'xdp_parse_ipv4', section 'xdp', type xdp, 63 instructions" ]; then
	ok "disasm: first line names the file, program, section, type and size"
else
	not_ok "disasm: first line names the file, program, section, type and size" "got: $first"
fi
if grep -qE '^; .+ @ parse_ok\.bpf\.c:[0-9]+$' "$tmp/out"; then
	ok "disasm: source lines '; <text> @ parse_ok.bpf.c:<line>'"
else
	not_ok "disasm: source lines '; <text> @ parse_ok.bpf.c:<line>'" "$(head -5 "$tmp/out")"
fi
if grep -qE '^0: \(b7\) r0 = 1$' "$tmp/out" && grep -qE '^[0-9]+: \(18\) r1 = map\[proto_count\]$' "$tmp/out"; then
	ok "disasm: instruction lines 'N: (xx) text', maps by name"
else
	not_ok "disasm: instruction lines 'N: (xx) text', maps by name" "$(head -8 "$tmp/out")"
fi
bad=$(grep -vE "^(; .* @ [^ ]+\.bpf\.c:[0-9]+|[0-9]+: \([0-9a-f]{2}\) .+|.*: program '[a-z_0-9]+', section '[^']+', type [a-z_]+, [0-9]+ instructions|)$" "$tmp/out" | head -3)
if [ -z "$bad" ]; then
	ok "disasm: every line is a header, a source line, an instruction or blank"
else
	not_ok "disasm: every line is a header, a source line, an instruction or blank" "$bad"
fi
headers=$(grep -c ": program '" "$tmp/out")
if [ "$headers" -eq 3 ] && [ "$(grep -c '^$' "$tmp/out")" -eq 2 ]; then
	ok "disasm: all 3 programs of the object, separated by blank lines"
else
	not_ok "disasm: all 3 programs of the object, separated by blank lines" "headers: $headers"
fi
# instruction indexes count up from 0 in each program, by 2 after a 64-bit immediate load
bad=$(awk '/: program /{next_idx = 0; next}
	/^[0-9]+: \(/ { i = $1 + 0; if (i != next_idx) { print "insn " i " after " next_idx; exit }
		next_idx = i + ($2 == "(18)" ? 2 : 1) }' "$tmp/out")
if [ -z "$bad" ]; then
	ok "disasm: instruction indexes are contiguous (ld_imm64 takes two)"
else
	not_ok "disasm: instruction indexes are contiguous (ld_imm64 takes two)" "$bad"
fi

run disasm -p xdp_pop_header "$x"
if [ "$rc" -eq 0 ] && [ "$(grep -c ": program '" "$tmp/out")" -eq 1 ] &&
   head -n 1 "$tmp/out" | grep -qF "program 'xdp_pop_header', section 'xdp'"; then
	ok "disasm -p NAME: only that program"
else
	not_ok "disasm -p NAME: only that program" "$(evidence)"
fi
run disasm --program classifier "$corpus/tc/classifier_ok.bpf.o"
if [ "$rc" -eq 0 ] && [ "$(grep -c ": program '" "$tmp/out")" -eq 1 ] &&
   head -n 1 "$tmp/out" | grep -qF "program 'tc_classify', section 'classifier'"; then
	ok "disasm --program SECTION: the section's program"
else
	not_ok "disasm --program SECTION: the section's program" "$(evidence)"
fi
run disasm -p xdp_pop_header -p xdp_redirect_port "$x"
if [ "$rc" -eq 0 ] && [ "$(grep -c ": program '" "$tmp/out")" -eq 2 ]; then
	ok "disasm -p A -p B: both"
else
	not_ok "disasm -p A -p B: both" "$(evidence)"
fi
run disasm -t socket -p xdp_redirect_port "$x"
if [ "$rc" -eq 0 ] && head -n 1 "$tmp/out" | grep -qF "type socket_filter, 7 instructions"; then
	ok "disasm -t TYPE: the header shows the forced type"
else
	not_ok "disasm -t TYPE: the header shows the forced type" "$(evidence)"
fi
run disasm --linum -p xdp_redirect_port "$x"
if [ "$rc" -eq 0 ] && grep -qE '^; .+ @ /.+/parse_ok\.bpf\.c:95:[0-9]+$' "$tmp/out"; then
	ok "disasm --linum: full path, line and column"
else
	not_ok "disasm --linum: full path, line and column" "$(evidence)"
fi
run disasm "$x" "$corpus/tc/classifier_ok.bpf.o"
if [ "$rc" -eq 0 ] && [ "$(grep -c ": program '" "$tmp/out")" -eq 6 ] &&
   grep -qF "$corpus/tc/classifier_ok.bpf.o: program 'tc_ttl_dec'" "$tmp/out"; then
	ok "disasm A B: the programs of both files, each named with its file"
else
	not_ok "disasm A B: the programs of both files, each named with its file" "$(evidence)"
fi
bad=
for f in "$corpus"/*/*.bpf.o; do
	run disasm "$f"
	if [ "$rc" -ne 0 ] || [ ! -s "$tmp/out" ] || [ -s "$tmp/err" ]; then
		bad="$bad $f(exit $rc: $(head -c 200 "$tmp/err"))"
	fi
done
if [ -z "$bad" ]; then
	ok "disasm: every corpus object, exit 0"
else
	not_ok "disasm: every corpus object, exit 0" "$bad"
fi

# an object whose section name is no libbpf program type (renamed with llvm-objcopy)
objcopy=
for c in llvm-objcopy-19 llvm-objcopy; do
	command -v "$c" >/dev/null && objcopy=$c && break
done
unknown=$tmp/unknown_sec.o
if [ -n "$objcopy" ] && "$objcopy" --rename-section xdp=mysec "$x" "$unknown" 2>/dev/null; then
	run disasm -p xdp_redirect_port "$unknown"
	if [ "$rc" -eq 0 ] && head -n 1 "$tmp/out" | grep -qF "section 'mysec', type unknown, 7"; then
		ok "disasm of an unknown section: shown with type unknown"
	else
		not_ok "disasm of an unknown section: shown with type unknown" "$(evidence)"
	fi
else
	unknown=
	echo "SKIP: unknown section cases: no llvm-objcopy to rename a section"
fi

# ---- golden disassembly ----
for g in xdp/parse_ok:xdp_redirect_port calls/callbacks_ok:each_weight misc/global_data_ok:global_data; do
	obj=${g%%:*}
	prog=${g#*:}
	file=$golden_dir/${obj//\//__}__$prog.disasm
	(cd "$corpus" && "$bin" disasm -p "$prog" "$obj.bpf.o") >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ -n "${UPDATE_GOLDEN:-}" ] && [ "$rc" -eq 0 ]; then
		mkdir -p "$golden_dir"
		cp "$tmp/out" "$file"
	fi
	if [ "$rc" -ne 0 ]; then
		not_ok "golden: disasm -p $prog $obj.bpf.o" "$(evidence)"
	elif [ ! -f "$file" ]; then
		not_ok "golden: disasm -p $prog $obj.bpf.o" "missing $file (UPDATE_GOLDEN=1 creates it)"
	elif diff -u "$file" "$tmp/out" >"$tmp/diff"; then
		ok "golden: disasm -p $prog $obj.bpf.o"
	else
		not_ok "golden: disasm -p $prog $obj.bpf.o" "$(head -40 "$tmp/diff")"
	fi
done

# ---- kernel: the live verifier's verdict ----
skip_why=
if [ "$(id -u)" -ne 0 ]; then
	skip_why="not root (uid $(id -u)): bpf(2) program loads are not permitted"
else
	run kernel -p xdp_redirect_port "$x"
	if [ "$rc" -eq 2 ] && grep -qF "bpf(2)" "$tmp/err"; then
		skip_why=$(head -n 1 "$tmp/err")
	fi
fi
kernel_case() {
	if [ -n "$skip_why" ]; then
		echo "SKIP: $1: $skip_why"
		return 1
	fi
	return 0
}

if kernel_case "kernel on an accepted object"; then
	run kernel "$x"
	if [ "$rc" -eq 0 ] && [ "$(grep -c ': kernel accepted (processed ' "$tmp/out")" -eq 3 ] &&
	   grep -qF "$x: xdp_parse_ipv4: kernel accepted" "$tmp/out"; then
		ok "kernel on an accepted object: exit 0, 'kernel accepted' per program"
	else
		not_ok "kernel on an accepted object: exit 0, 'kernel accepted' per program" "$(evidence)"
	fi
fi
if kernel_case "kernel on a rejected object"; then
	run kernel "$corpus/xdp/pkt_oob.bpf.o"
	if [ "$rc" -eq 1 ] &&
	   grep -qF "xdp_pkt_oob: kernel rejected: invalid access to packet, off=14 size=1" "$tmp/out"; then
		ok "kernel on a rejected object: exit 1, 'kernel rejected: <message>'"
	else
		not_ok "kernel on a rejected object: exit 1, 'kernel rejected: <message>'" "$(evidence)"
	fi
fi
if kernel_case "kernel -p NAME"; then
	run kernel -p xdp_pop_header "$x"
	if [ "$rc" -eq 0 ] && [ "$(wc -l <"$tmp/out")" -eq 1 ] &&
	   grep -qF ": xdp_pop_header: kernel accepted" "$tmp/out"; then
		ok "kernel -p NAME: only that program is loaded"
	else
		not_ok "kernel -p NAME: only that program is loaded" "$(evidence)"
	fi
fi
if kernel_case "kernel -v"; then
	run kernel -v "$corpus/xdp/pkt_oob.bpf.o"
	if [ "$rc" -eq 1 ] && grep -qE '^[0-9]+: \([0-9a-f]{2}\) ' "$tmp/out"; then
		ok "kernel -v: the verifier log follows the verdict"
	else
		not_ok "kernel -v: the verifier log follows the verdict" "$(evidence)"
	fi
fi
if kernel_case "kernel accepted + rejected"; then
	run kernel "$x" "$corpus/xdp/pkt_oob.bpf.o"
	if [ "$rc" -eq 1 ] && [ "$(grep -c ': kernel accepted' "$tmp/out")" -eq 3 ] &&
	   grep -qF ': kernel rejected: ' "$tmp/out"; then
		ok "kernel with an accepted and a rejected object: exit 1, every verdict printed"
	else
		not_ok "kernel with an accepted and a rejected object: exit 1, every verdict printed" "$(evidence)"
	fi
fi
if [ -n "$unknown" ] && kernel_case "kernel on unknown section types"; then
	expect "kernel on programs of unknown type: skipped with a warning, exit 2 (none accepted)" 2 \
		err "section name 'mysec' does not name a program type" -- kernel "$unknown"
	partial_out=1	# the verdict line, "not loaded: ...", is the command's output
	expect "kernel -p on a program of unknown type: exit 2, asks for -t" 2 out "give -t TYPE" -- \
		kernel -p xdp_pop_header "$unknown"
	partial_out=
	expect "kernel -t xdp on unknown section types: exit 0" 0 out ": xdp_pop_header: kernel accepted" -- \
		kernel -t xdp "$unknown"
fi
if [ -z "$skip_why" ]; then
	expect "kernel -p nosuch: exit 2" 2 err "no program named 'nosuch'" -- kernel -p nosuch "$x"
	expect "kernel on a missing file: exit 2" 2 err "cannot open" -- kernel "$tmp/nosuch.o"
else	# bpf(2) is probed before any file is read: still exit 2, with that reason
	expect "kernel without bpf(2): exit 2, says why" 2 err "bpf(2)" -- kernel "$tmp/nosuch.o"
fi

echo "cli: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
