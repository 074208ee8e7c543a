#!/bin/bash
# Compares the per-instruction trace of `bpfverify check -vv` with the live kernel's log_level 2
# log (`bpfverify kernel -vv`), line by line, for every program of the given objects.
#
#   tools/tracediff.sh [-v] [BPFVERIFY] FILE.bpf.o...
#
# Prints one line per program: "same" or "differs" with the first differing line of each side,
# then how many programs match. Compared: instruction lines with the state after them, "N: state"
# lines, "from X to Y:" lines, "N: safe", source lines and the call lines ("caller:", "callee:",
# "returning from callee:", "to caller at N:" and their states). Not compared, since the trace
# does not model them: the kernel's "Live regs" and "func#" preamble, mark_precise backtracking,
# stack liveness lines ("(0) frame 0 insn ..."), blank lines, the verifier's messages and its
# statistics. A kernel state line "N: ..." that follows an instruction line after lines dropped
# here is the instruction's own state (the kernel could not append it to the line): it is
# joined to it. The alignment before ";" is compared as one space. As in tools/difftest.c, a
# ld_imm64 that loads a kernel address is compared up to "(18) rN = ".
# A rejection is compared up to the kernel's last line (check runs with --max-violations 1).
# Programs the kernel cannot load here (fentry/fexit/fmod_ret/lsm: EPERM) are skipped.
verbose=0
if [ "$1" = -v ]; then verbose=1; shift; fi
bin=build/bpfverify
if [ -x "$1" ] && [ "${1%.o}" = "$1" ]; then bin=$1; shift; fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# keeps the trace lines of a log on stdin, joins a split instruction state, one space before ";"
filter() {
	awk '
	/^from [0-9]+ to [0-9]+:/ || /^; / || /^caller:$/ || /^callee:$/ ||
	/^returning from callee:$/ || /^to caller at [0-9]+:$/ || /^ (R|fp|frame|refs)/ {
		print; last = ""; dropped = 0; next
	}
	/^[0-9]+: / {
		if ($0 ~ /^[0-9]+: \(/) {
			sub(/  +; /, " ; "); sub(/  +;$/, " ;")
			if ($0 !~ / ; /) { held = $0; dropped = 0; print; last = "insn"; next }
		} else if ($0 !~ /^[0-9]+: safe$/ && last == "insn" && dropped) {
			s = $0; sub(/^[0-9]+:/, "", s)
			print "JOIN" s; last = ""; next
		}
		print; last = ""; dropped = 0; next
	}
	{ dropped = 1 }
	' | awk '
	/^JOIN/ { sub(/^JOIN/, ""); prev = prev " ;" $0; next }
	{ if (NR > 1 && have) print prev; prev = $0; have = 1 }
	END { if (have) print prev }
	'
}

# the first line where $1 and $2 differ (ld_imm64 of an address: up to "= "), or nothing
first_diff() {
	awk -v ours="$1" '
	BEGIN { n = 0; while ((getline l < ours) > 0) o[++n] = l }
	{
		k = $0; u = (NR <= n) ? o[NR] : "<end of our trace>"
		if (k != u && k ~ /^[0-9]+: \(18\) r[0-9]+ = 0xffff[0-9a-f]+/) {
			sub(/ = 0x[0-9a-f]+/, " = ADDR", k); sub(/ = 0x[0-9a-f]+/, " = ADDR", u)
		}
		if (k != u) { printf "line %d\n  kernel: %s\n  ours:   %s\n", NR, $0, (NR <= n) ? o[NR] : u; done = 1; exit 1 }
	}
	END { if (NR < n && !done) printf "line %d\n  kernel: <end of log>\n  ours:   %s\n", NR + 1, o[NR + 1] }
	' "$tmp/kernel"
}

total=0
same=0
for f in "$@"; do
	"$bin" kernel "$f" >"$tmp/list" 2>&1
	progs=$(sed -nE "s#^$f: ([^:]*): kernel (accepted|rejected).*#\1#p" "$tmp/list")
	for p in $progs; do
		"$bin" kernel -vv -p "$p" "$f" 2>&1 | sed 1,2d | filter >"$tmp/kernel"
		"$bin" check -f json -vv --max-violations 1 -p "$p" "$f" 2>&1 >/dev/null | filter >"$tmp/ours"
		total=$((total + 1))
		d=$(first_diff "$tmp/ours")
		if [ -z "$d" ]; then
			same=$((same + 1))
			[ $verbose = 1 ] && echo "$f $p: same"
		else
			echo "$f $p: differs at $d"
		fi
	done
done
echo "tracediff: $same of $total programs have the kernel's trace"
