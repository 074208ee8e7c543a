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
# kernel verifier logs saved from the live 6.18 kernel (`bpfverify kernel -v` / `-vv`, and one as
# libbpf prints it) for `bpfverify log`, which needs no kernel
logs_dir=$(cd "$(dirname "$0")" && pwd)/logs
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

# golden DESC FILE WANT_RC: compares $tmp/out (exit status $rc, stderr $tmp/err) with FILE;
# UPDATE_GOLDEN=1 writes FILE first when the exit status is WANT_RC
golden() {
	if [ -n "${UPDATE_GOLDEN:-}" ] && [ "$rc" -eq "$3" ]; then
		mkdir -p "$golden_dir"
		cp "$tmp/out" "$2"
	fi
	if [ "$rc" -ne "$3" ] || [ -s "$tmp/err" ]; then
		not_ok "$1" "$(evidence)"
	elif [ ! -f "$2" ]; then
		not_ok "$1" "missing $2 (UPDATE_GOLDEN=1 creates it)"
	elif diff -u "$2" "$tmp/out" >"$tmp/diff"; then
		ok "$1"
	else
		not_ok "$1" "$(head -40 "$tmp/diff")"
	fi
}

# ---- golden disassembly ----
for g in xdp/parse_ok:xdp_redirect_port calls/callbacks_ok:each_weight misc/global_data_ok:global_data; do
	obj=${g%%:*}
	prog=${g#*:}
	file=$golden_dir/${obj//\//__}__$prog.disasm
	(cd "$corpus" && "$bin" disasm -p "$prog" "$obj.bpf.o") >"$tmp/out" 2>"$tmp/err"
	rc=$?
	golden "golden: disasm -p $prog $obj.bpf.o" "$file" 0
done

# ---- check: verdicts, exit codes, every output format (goldens in tests/cli/golden) ----
# Golden outputs are normalised before the comparison: source paths up to tests/corpus/ (they
# name the checkout the corpus was compiled in), the duration and the engine's statistics
# (processed insns, states: they change whenever pruning does; their shape is checked below).
normalize() {
	python3 -c '
import re, sys
t = sys.stdin.read()
t = re.sub(r"[^\" ]*/tests/corpus/", "<corpus>/", t)
t = re.sub(r"(\"(?:duration_us|processed_insns|max_states_per_insn|total_states|peak_states)\": )[0-9]+", r"\1N", t)
t = re.sub(r"(processed|max_states_per_insn|total_states|peak_states) [0-9]+", r"\1 N", t)
if sys.argv[1] == "veristat":	# numeric cells: right-aligned, keep the width
	t = re.sub(r"( +)([0-9]+)(?=  |\n)", lambda m: " " * (len(m.group(0)) - 1) + "N", t)
if sys.argv[1] == "veristat-csv":
	t = re.sub(r",[0-9]+(?=,|\n)", ",N", t)
sys.stdout.write(t)' "$1"
}

check_fail=xdp/pkt_path_two_branches:xdp_pkt_path_two_branches
check_pass=calls/tail_call_ok:tail_target_drop
for g in "$check_fail:1" "$check_pass:0"; do
	want=${g##*:}
	g=${g%:*}
	obj=${g%%:*}
	prog=${g#*:}
	for fmt in text json sarif veristat veristat-csv; do
		file=$golden_dir/check__${obj//\//__}__$prog.$fmt
		(cd "$corpus" && "$bin" check -f "$fmt" -p "$prog" "$obj.bpf.o") >"$tmp/raw" 2>"$tmp/err"
		rc=$?
		normalize "$fmt" <"$tmp/raw" >"$tmp/out"
		golden "golden: check -f $fmt -p $prog $obj.bpf.o (exit $want)" "$file" "$want"
		case $fmt in
		json | sarif)
			if python3 -m json.tool "$tmp/raw" >/dev/null 2>"$tmp/err"; then
				ok "check -f $fmt -p $prog: python3 -m json.tool parses it"
			else
				not_ok "check -f $fmt -p $prog: python3 -m json.tool parses it" "$(cat "$tmp/err")"
			fi
			cp "$tmp/raw" "$tmp/$fmt.$want"
			;;
		esac
	done
done

# the JSON document: the violation with rule, category, location, both messages, state, path
# (the two-branch program fails on one path only: three decisions lead to insn 18)
if python3 - "$tmp/json.1" "$tmp/json.0" >"$tmp/err" 2>&1 <<'PY'
import json, sys
fail, ok = (json.load(open(f)) for f in sys.argv[1:3])
assert fail["tool"]["name"] == "bpfverify" and fail["tool"]["version"], fail["tool"]
assert fail["exit_status"] == 1 and ok["exit_status"] == 0
assert fail["summary"] == {"programs": 1, "pass": 0, "reject": 1, "unknown": 0}, fail["summary"]
p = fail["files"][0]["programs"][0]
assert (p["name"], p["section"], p["type"], p["verdict"]) == \
    ("xdp_pkt_path_two_branches", "xdp", "xdp", "reject"), p
v = p["violation"]
assert v["rule"] == "mem.pkt_oob" and v["category"] == "memory_safety", v
assert v["insn"] == 18 and v["line"] == 25 and v["file"].endswith("pkt_path_two_branches.bpf.c"), v
assert v["kernel_message"].startswith("invalid access to packet, off=12 size=1"), v
assert v["message"] and "R1=pkt(off=12,r=2)" in v["state"], v
steps = v["path"]["steps"]
assert v["path"]["entry"] == 0 and v["path"]["omitted"] == 0
assert [(s["insn"], s["taken"]) for s in steps] == [(5, False), (7, True), (16, False)], steps
assert steps[1]["condition"] == "r3 != 0x1" and steps[1]["line"] == 20, steps[1]
st = p["stats"]
assert st["processed_insns"] > 0 and st["insn_limit"] == 1000000, st
for k in ("max_states_per_insn", "total_states", "peak_states", "duration_us"):
    assert isinstance(st[k], int), k
q = ok["files"][0]["programs"][0]
assert q["verdict"] == "pass" and q["violation"] is None and q["reason"] is None, q
PY
then
	ok "check -f json: rule, category, location, messages, state and path of the violation"
else
	not_ok "check -f json: rule, category, location, messages, state and path of the violation" "$(cat "$tmp/err")"
fi

# SARIF 2.1.0: the structure code-scanning tools require
if python3 - "$tmp/sarif.1" "$tmp/sarif.0" >"$tmp/err" 2>&1 <<'PY'
import json, sys
fail, ok = (json.load(open(f)) for f in sys.argv[1:3])
for d in (fail, ok):
    assert d["version"] == "2.1.0" and "sarif" in d["$schema"], d.get("version")
    run = d["runs"][0]
    drv = run["tool"]["driver"]
    assert drv["name"] == "bpfverify" and len(drv["rules"]) == len(run["results"]), drv
    ids = [r["id"] for r in drv["rules"]]
    assert len(ids) == len(set(ids)) and all(r["shortDescription"]["text"] for r in drv["rules"])
    for r in run["results"]:
        assert r["ruleId"] in ids and ids[r["ruleIndex"]] == r["ruleId"], r
        assert r["message"]["text"] and r["locations"], r
        loc = r["locations"][0]["physicalLocation"]
        assert loc["artifactLocation"]["uri"], loc
assert ok["runs"][0]["results"] == []
r = fail["runs"][0]["results"]
assert len(r) == 1 and r[0]["level"] == "error" and r[0]["ruleId"] == "mem.pkt_oob", r
reg = r[0]["locations"][0]["physicalLocation"]["region"]
assert reg["startLine"] == 25, reg
flow = r[0]["codeFlows"][0]["threadFlows"][0]["locations"]
assert [l["location"]["physicalLocation"]["region"]["startLine"] for l in flow] == [18, 20, 25, 25]
PY
then
	ok "check -f sarif: SARIF 2.1.0 structure, rules, a result with location and code flow"
else
	not_ok "check -f sarif: SARIF 2.1.0 structure, rules, a result with location and code flow" "$(cat "$tmp/err")"
fi

# run from the directory holding the source: locations relative to %SRCROOT% (the current
# directory, in originalUriBaseIds), as code-scanning dashboards map them to a repository
src=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["files"][0]["programs"][0]["violation"]["file"])' "$tmp/json.1")
obj_abs=$(cd "$corpus" && pwd)/${check_fail%%:*}.bpf.o
(cd "$(dirname "$src")" && "$bin" check -f sarif "$obj_abs") >"$tmp/out" 2>"$tmp/err"
rc=$?
if [ "$rc" -eq 1 ] && python3 - "$tmp/out" "$src" >"$tmp/err" 2>&1 <<'PY'
import json, os, sys
run = json.load(open(sys.argv[1]))["runs"][0]
loc = run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
assert loc == {"uri": os.path.basename(sys.argv[2]), "uriBaseId": "%SRCROOT%"}, loc
base = run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
assert base == "file://" + os.path.dirname(sys.argv[2]) + "/", base
PY
then
	ok "check -f sarif: sources under the current directory are relative to %SRCROOT%"
else
	not_ok "check -f sarif: sources under the current directory are relative to %SRCROOT%" "$(evidence)"
fi

expect "check: unknown format: exit 2" 2 err "check: unknown format 'yaml'" -- check -f yaml "$x"
expect "check -f json on a missing file: exit 2, nothing on stdout" 2 err "cannot open" -- \
	check -f json "$tmp/nosuch.o"
expect "check on a rejected program: exit 1" 1 out "FAIL: insn 18: invalid access to packet" -- \
	check "$corpus/${check_fail%%:*}.bpf.o" "$corpus/${check_pass%%:*}.bpf.o" -p tail_target_drop \
	-p xdp_pkt_path_two_branches
run check -f sarif -o "$tmp/out.sarif" "$corpus/${check_fail%%:*}.bpf.o"
if [ "$rc" -eq 1 ] && [ ! -s "$tmp/out" ] && python3 -m json.tool "$tmp/out.sarif" >/dev/null; then
	ok "check -o FILE: the report goes to FILE, exit status unchanged"
else
	not_ok "check -o FILE: the report goes to FILE, exit status unchanged" "$(evidence)"
fi
run check -f json -vv "$corpus/${check_fail%%:*}.bpf.o"
if [ "$rc" -eq 1 ] && python3 -m json.tool "$tmp/out" >/dev/null &&
   grep -qE '^17: \(0f\) r1 \+= r3 +; R1=pkt\(off=12,r=2\) R3=12$' "$tmp/err" &&
   grep -qx '18: (71) r1 = \*(u8 \*)(r1 +0)' "$tmp/err" && grep -qx 'from 12 to 22: safe' "$tmp/err"; then
	ok "check -f json -vv: the kernel's level-2 trace on stderr (touched registers, safe), the document intact"
else
	not_ok "check -f json -vv: the kernel's level-2 trace on stderr (touched registers, safe), the document intact" "$(evidence)"
fi
# further violations: the kernel's first, then the others on the paths it had left
several=$corpus/xdp/several_faults.bpf.o
run check "$several"
if [ "$rc" -eq 1 ] &&
   grep -qF "FAIL: insn 13: invalid access to packet, off=14 size=1, R2(id=0,off=14,r=14) (and 2 more violations)" "$tmp/out" &&
   [ "$(grep -c '^    also: insn ' "$tmp/out")" -eq 2 ] &&
   grep -qxF "    also: insn 18: invalid access to packet, off=0 size=1, R1(id=1,off=0,r=0)" "$tmp/out" &&
   grep -qxF "    also: insn 25: R0 invalid mem access 'map_value_or_null'" "$tmp/out" &&
   grep -qF "several_faults.bpf.c:33:" "$tmp/out"; then
	ok "check: further violations after the first, each with its source line"
else
	not_ok "check: further violations after the first, each with its source line" "$(evidence)"
fi
run check --max-violations 1 "$several"
if [ "$rc" -eq 1 ] && grep -qF "FAIL: insn 13: invalid access to packet" "$tmp/out" &&
   ! grep -qE 'also:|more violation' "$tmp/out"; then
	ok "check --max-violations 1: the first only, as the kernel"
else
	not_ok "check --max-violations 1: the first only, as the kernel" "$(evidence)"
fi
expect "check --max-violations 0: exit 2" 2 err "--max-violations wants a number from 1 to 17, not '0'" -- \
	check --max-violations 0 "$several"
expect "check --max-violations 18: exit 2" 2 err "--max-violations wants a number from 1 to 17, not '18'" -- \
	check --max-violations 18 "$several"
expect "check --max-violations x: exit 2" 2 err "--max-violations wants a number from 1 to 17, not 'x'" -- \
	check --max-violations x "$several"
run check -f json "$several"
cp "$tmp/out" "$tmp/several.json"
run check -f sarif "$several"
if python3 - "$tmp/several.json" "$tmp/out" >"$tmp/err" 2>&1 <<'PY'
import json, sys
j, s = (json.load(open(f)) for f in sys.argv[1:3])
p = j["files"][0]["programs"][0]
assert p["violation"]["insn"] == 13, p["violation"]
more = p["more_violations"]
assert [(m["insn"], m["rule"], m["line"]) for m in more] == [(18, "mem.pkt_oob", 36), (25, "mem.bad_ptr", 33)], more
assert more[1]["kernel_message"] == "R0 invalid mem access 'map_value_or_null'", more[1]
assert more[1]["state"].startswith("R0=map_value_or_null("), more[1]
res = s["runs"][0]["results"]
assert [(r["properties"]["insn"], r["properties"]["firstViolation"]) for r in res] == \
    [(13, True), (18, False), (25, False)], res
assert "codeFlows" in res[0] and "codeFlows" not in res[1], res
PY
then
	ok "check -f json / sarif: further violations as more_violations / one result each"
else
	not_ok "check -f json / sarif: further violations as more_violations / one result each" "$(cat "$tmp/err")"
fi
if [ -n "$unknown" ]; then
	expect "check on a program of unknown type: exit 3 (undecided)" 3 out \
		"UNKNOWN: program type of the section not known (use -t)" -- \
		check -p xdp_pop_header "$unknown"
fi

# ---- log: a saved kernel log against our analysis (no kernel needed) ----
several=$corpus/xdp/several_faults.bpf.o
expect "log on the kernel's level-1 log of a rejection: exit 0, agrees" 0 out \
	"  bpfverify rejects at insn 13: invalid access to packet, off=14 size=1, R2(id=0,off=14,r=14): agrees" -- \
	log "$several" "$logs_dir/several_faults.log"
if grep -qxF "$several: xdp_several_faults: the log: kernel rejected at insn 13: invalid access to packet, off=14 size=1, R2(id=0,off=14,r=14)" "$tmp/out" &&
   grep -qxF "  processed insns: kernel 14, bpfverify 14" "$tmp/out"; then
	ok "log: the log's verdict, failing instruction and processed count beside ours"
else
	not_ok "log: the log's verdict, failing instruction and processed count beside ours" "$(evidence)"
fi
expect "log on libbpf's output around the log: the program it names, exit 0" 0 out \
	"xdp_several_faults: the log: kernel rejected at insn 13" -- \
	log "$several" "$logs_dir/several_faults.libbpf.log"
expect "log on a level-2 log: the program found by its instructions, exit 0" 0 out \
	"release_through_tcp_sock: the log: kernel accepted" -- \
	log "$corpus/refs/sk_refs_ok.bpf.o" "$logs_dir/sk_refs_ok.release_through_tcp_sock.log"
expect "log where bpfverify differs (join mode loses precision here): exit 1, DIFFERS" 1 out \
	"  bpfverify rejects at insn 19: R7 !read_ok: DIFFERS" -- \
	log --mode join "$corpus/refs/sk_refs_ok.bpf.o" "$logs_dir/sk_refs_ok.release_through_tcp_sock.log"
expect "log without instructions on a 3-program object: exit 2, name one" 2 err \
	"the log fits 3 programs of $x: name one with -p" -- log "$x" "$logs_dir/parse_ok.xdp_pop_header.log"
expect "log -p on it: exit 0, agrees" 0 out "  bpfverify accepts: agrees" -- \
	log -p xdp_pop_header "$x" "$logs_dir/parse_ok.xdp_pop_header.log"
expect "log of another object: exit 2" 2 err "the log's instructions are those of no program in $x" -- \
	log "$x" "$logs_dir/several_faults.log"
expect "log of another build of the object: exit 2, the first instruction that differs" 2 err \
	"is not a log of xdp_several_faults in $several: its insn 13 is '(71) r0 = *(u8 *)(r2 +1)', the object's '(71) r0 = *(u8 *)(r2 +0)'" -- \
	log -p xdp_several_faults "$several" "$logs_dir/several_faults.other_build.log"
expect "log with a missing log file: exit 2" 2 err "$tmp/nosuch.log: cannot read: No such file or directory" -- \
	log "$several" "$tmp/nosuch.log"
expect "log on a binary file: exit 2" 2 err "not a verifier log (binary data)" -- log "$several" "$bin"
expect "log without its LOG: exit 2" 2 err "log: wants FILE.o LOG" -- log "$several"

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
	   grep -qF "$x: xdp_parse_ipv4: kernel accepted" "$tmp/out" &&
	   [ "$(grep -cx '  bpfverify accepts: agrees' "$tmp/out")" -eq 3 ]; then
		ok "kernel on an accepted object: exit 0, 'kernel accepted' and ours beside it per program"
	else
		not_ok "kernel on an accepted object: exit 0, 'kernel accepted' and ours beside it per program" "$(evidence)"
	fi
fi
if kernel_case "kernel on a rejected object"; then
	run kernel "$corpus/xdp/pkt_oob.bpf.o"
	if [ "$rc" -eq 1 ] &&
	   grep -qF "xdp_pkt_oob: kernel rejected: invalid access to packet, off=14 size=1" "$tmp/out" &&
	   grep -qxF "  bpfverify rejects at insn 5: invalid access to packet, off=14 size=1, R2(id=0,off=14,r=14): agrees" "$tmp/out"; then
		ok "kernel on a rejected object: exit 1, 'kernel rejected: <message>', ours at the same insn"
	else
		not_ok "kernel on a rejected object: exit 1, 'kernel rejected: <message>', ours at the same insn" "$(evidence)"
	fi
fi
if kernel_case "kernel where bpfverify differs"; then
	# join mode loses precision here (KNOWN_DIFFERENCES.md): the comparison must say so
	run kernel --mode join -p release_through_tcp_sock "$corpus/refs/sk_refs_ok.bpf.o"
	if [ "$rc" -eq 0 ] && grep -qF "release_through_tcp_sock: kernel accepted" "$tmp/out" &&
	   grep -qE '^  bpfverify (rejects at insn [0-9]+|cannot decide): .*: DIFFERS$' "$tmp/out"; then
		ok "kernel where bpfverify differs: the kernel's exit code, ours marked DIFFERS"
	else
		not_ok "kernel where bpfverify differs: the kernel's exit code, ours marked DIFFERS" "$(evidence)"
	fi
fi
if kernel_case "kernel -p NAME"; then
	run kernel -p xdp_pop_header "$x"
	if [ "$rc" -eq 0 ] && [ "$(wc -l <"$tmp/out")" -eq 2 ] &&
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
