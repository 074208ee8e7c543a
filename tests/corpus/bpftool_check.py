#!/usr/bin/env python3
"""Check corpus objects against the live kernel through bpftool/libbpf, independently of
bpfverify's own loader (tools/difftest.c is the project's runner; this is the cross-check used
to write the annotations). Needs root, bpffs at /sys/fs/bpf, bpftool and llvm-objdump.

    python3 tests/corpus/bpftool_check.py build/corpus/*/*.bpf.o      (V=1 for the logs)

Per object: `bpftool prog loadall OBJ /sys/fs/bpf/bpfv_check_NAME` (libbpf loads every program
of the object), then the pins are removed. The verdict is the whole object's, which is why a
rejected program sits alone in its file. Checks: every program function carries __success or
__failure; a __failure has at least one __msg, and each __msg fragment occurs in the log (in
order); the kernel's verdict equals the annotation. EPERM (lockdown refusing fentry/lsm before
verification) is reported as SKIP."""
import os, re, shutil, subprocess, sys

BPFTOOL = os.environ.get("BPFTOOL", "bpftool")
OBJDUMP = os.environ.get("LLVM_OBJDUMP", "llvm-objdump-19")


def tags(obj):
    out = subprocess.run([BPFTOOL, "btf", "dump", "file", obj], capture_output=True, text=True).stdout
    funcs, res = {}, {}
    for line in out.splitlines():
        m = re.match(r"\[(\d+)\] FUNC '([^']+)' type_id=\d+ linkage=\w+", line)
        if m:
            funcs[m.group(1)] = m.group(2)
    for line in out.splitlines():
        m = re.match(r"\[\d+\] DECL_TAG '(.*)' type_id=(\d+) component_idx=-1$", line)
        if m and m.group(1).startswith("comment:"):
            res.setdefault(funcs.get(m.group(2), "?"), []).append(m.group(1)[len("comment:"):])
    return res


def programs(obj):
    """(section, function) of every global function outside .text."""
    out = subprocess.run([OBJDUMP, "-t", obj], capture_output=True, text=True).stdout
    progs = []
    for line in out.splitlines():
        f = line.split()
        if len(f) >= 6 and f[1] == "g" and "F" in f[2:4] and not f[-3].startswith(".text"):
            progs.append((f[-3], f[-1]))
    return progs


def in_order(log, msgs):
    pos = 0
    for m in msgs:
        hit = log.find(m, pos)
        if hit < 0:
            return m
        pos = hit + len(m)
    return None


def main(objs):
    counts = {"ok": 0, "bad": 0, "skip": 0}
    for obj in objs:
        t, progs = tags(obj), programs(obj)
        pin = "/sys/fs/bpf/bpfv_check_" + os.path.basename(obj).replace(".bpf.o", "")
        shutil.rmtree(pin, ignore_errors=True)
        r = subprocess.run([BPFTOOL, "prog", "loadall", obj, pin], capture_output=True, text=True)
        shutil.rmtree(pin, ignore_errors=True)
        log = r.stdout + r.stderr
        if r.returncode == 0:
            verdict = "accept"
        elif "Operation not permitted" in log:
            verdict = "EPERM"
        else:
            verdict = "reject"
        problems, expected = [], set()
        for sec, fn in progs:
            tl = t.get(fn, [])
            msgs = [x[len("test_expect_msg="):] for x in tl if x.startswith("test_expect_msg=")]
            if "test_expect_success" in tl:
                expected.add("accept")
            elif "test_expect_failure" in tl:
                expected.add("reject")
                if not msgs:
                    problems.append(f"{fn}: __failure without __msg")
                elif verdict == "reject":
                    missing = in_order(log, msgs)
                    if missing:
                        problems.append(f"{fn}: __msg not in the log (in order): {missing!r}")
            else:
                problems.append(f"{fn} ({sec}): neither __success nor __failure")
        if "reject" in expected and len(progs) > 1:
            problems.append("a rejected program shares its object with others")
        if verdict != "EPERM" and expected != {verdict}:
            problems.append(f"annotated {sorted(expected)}, kernel says {verdict}")
        state = "BAD " if problems else ("SKIP" if verdict == "EPERM" else "OK  ")
        counts["bad" if problems else ("skip" if verdict == "EPERM" else "ok")] += 1
        print(f"{state} {obj}: {len(progs)} program(s), kernel: {verdict}")
        for p in problems:
            print("       " + p)
        if os.environ.get("V") or problems:
            for line in log.splitlines()[-25:]:
                print("       | " + line)
    print(f"bpftool_check: {counts['ok']} ok, {counts['bad']} bad, {counts['skip']} skipped (EPERM)")
    return 1 if counts["bad"] else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
