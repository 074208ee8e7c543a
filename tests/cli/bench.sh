#!/usr/bin/env bash
# tools/bench works, on a tiny input (one corpus object, the generated programs run once): the
# table and --json have their shape, --budget-ms and --baseline exit 1 with the programs named,
# bad arguments exit 2 with one line on stderr. The numbers themselves are not tested (timing is
# not a test; `make bench` measures).
#
#   bash tests/cli/bench.sh BENCH CORPUS_DIR        (make check runs it as `make bench-check`)
#
# Prints "ok N - what" / "not ok N - what" per case and "bench: N passed, N failed"; exit 1 when
# a case failed.
set -u

if [ $# -ne 2 ]; then
	echo "usage: $0 BENCH CORPUS_DIR" >&2
	exit 2
fi
bench=$1
obj=$2/xdp/parse_ok.bpf.o
if [ ! -x "$bench" ] || [ ! -f "$obj" ]; then
	echo "bench: $bench or $obj missing (make tools corpus)" >&2
	exit 2
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
fail=0
# tiny: one object, no selftests, no generated programs, one run each
tiny=(--no-selftests --no-synthetic --min-ms 0.001 "$obj")

# check DESC CONDITION...: the condition (a command) decides; on failure the last run is shown
check() {
	local desc=$1

	shift
	n=$((n + 1))
	if "$@"; then
		echo "ok $n - $desc"
	else
		fail=$((fail + 1))
		echo "not ok $n - $desc"
		{ echo "exit $rc"; head -c 800 "$tmp/out"; head -c 400 "$tmp/err"; } | sed 's/^/#   /'
	fi
}

# run ARGS...: sets $rc, $tmp/out, $tmp/err
run() {
	"$bench" "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
}

has() { grep -qE -- "$2" "$tmp/$1"; }
# usage_error: exit 2, stdout empty, exactly one line on stderr starting "bench: "
usage_error() { [ "$rc" -eq 2 ] && [ ! -s "$tmp/out" ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] &&
		has err '^bench: '; }

run "${tiny[@]}"
check "tiny input: exit 0, nothing on stderr" test "$rc" -eq 0 -a ! -s "$tmp/err"
check "table: header and the corpus and total rows" \
	eval 'has out "^source +progs +total_ms +median_ms +p99_ms +max_ms +insns/s$" &&
	      has out "^corpus +[1-9][0-9]* " && has out "^all +[1-9][0-9]* "'
check "table: the slowest programs, named" has out "parse_ok\.bpf\.o:[a-z_]+$"
check "table: no selftests or synthetic rows when disabled" \
	eval '! has out "^(selftests|synthetic) "'

run --json "${tiny[@]}"
cp "$tmp/out" "$tmp/base.json"
check "--json: exit 0, one object with summary and programs" \
	eval '[ "$rc" -eq 0 ] && has out "^\{$" && has out "\"summary\": \{" &&
	      has out "\"programs\": \[" && has out "\"cpu_us\": [0-9]+" &&
	      has out "\"peak_bytes\": [0-9]+" && has out "\"processed\": [1-9]"'
if command -v python3 >/dev/null; then
	check "--json: valid JSON" eval 'python3 -c "import json,sys; json.load(open(sys.argv[1]))" \
		"$tmp/base.json" 2>/dev/null'
fi

run --budget-ms 0.000001 "${tiny[@]}"
check "--budget-ms below every program: exit 1, lists them" \
	eval '[ "$rc" -eq 1 ] && has out "^over the budget of" && has out "^ +[0-9.]+ .*parse_ok"'

run --baseline "$tmp/base.json" --budget-ms 100000 "${tiny[@]}"
check "--baseline of its own result: compared, exit 0 unless a program got slower" \
	eval 'has out "^baseline .*: [1-9][0-9]* programs compared" && [ "$rc" -le 1 ]'

# a baseline in which the generated straight line took 1 us: it regresses
printf '{"programs": [{"name": "synthetic/straight_line_100k", "cpu_us": 1}]}\n' >"$tmp/fast.json"
run --no-corpus --no-selftests --min-ms 0.001 --baseline "$tmp/fast.json"
check "--baseline: a slower program is a regression, exit 1" \
	eval '[ "$rc" -eq 1 ] && has out "^regressions against" &&
	      has out "-> .*synthetic/straight_line_100k$" && has out "1 programs compared, 1 regressed"'
check "generated programs: the straight line, the ladder and the loop all pass" \
	eval 'has out "pass +synthetic/straight_line_100k$" && has out "pass +synthetic/branch_ladder_400$" &&
	      has out "pass +synthetic/bounded_loop_100k$"'

# the peer: the running kernel's verifier on the same programs (needs bpf(2): else exit 2, why)
run --kernel "${tiny[@]}"
if [ "$rc" -eq 2 ]; then
	check "--kernel without bpf(2): exit 2, one line saying why" eval 'usage_error && has err "^bench: --kernel: "'
else
	check "--kernel: the kernel's verification time beside ours" \
		eval '[ "$rc" -eq 0 ] && has out "^the running kernel.s verifier on the [1-9][0-9]* programs it loaded: [0-9.]+ ms"'
fi

run --frobnicate
check "unknown option: exit 2, one line" usage_error
run --budget-ms
check "--budget-ms without a value: exit 2, one line" usage_error
run --budget-ms abc "${tiny[@]}"
check "--budget-ms abc: exit 2, one line" usage_error
run --top -3 "${tiny[@]}"
check "--top -3: exit 2, one line" usage_error
run --baseline
check "--baseline without a file: exit 2, one line" usage_error
run --no-selftests --no-synthetic "$tmp/nosuch.bpf.o"
check "missing object: exit 2, one line" eval 'usage_error && has err "nosuch.bpf.o"'
run --baseline "$tmp/nosuch.json" "${tiny[@]}"
check "unreadable baseline: exit 2" eval '[ "$rc" -eq 2 ] && has err "cannot read baseline"'
echo 'not json' >"$tmp/bad.json"
run --baseline "$tmp/bad.json" "${tiny[@]}"
check "baseline that is not a bench result: exit 2" eval '[ "$rc" -eq 2 ] && has err "not a bench --json result"'
run --no-corpus --no-synthetic --selftests "$tmp/nosuch.jsonl"
check "unreadable selftests: exit 2, one line" usage_error

echo "bench: $((n - fail)) passed, $fail failed"
[ "$fail" -eq 0 ]
