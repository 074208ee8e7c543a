#!/usr/bin/env bash
# Installs (as root) or names (otherwise) the Debian packages bpfverify needs to build and test.
# Called by the Makefile before the first build; idempotent and quick when all is present.
set -u
# python3: the CLI tests parse the JSON and SARIF output (tests/cli/run.sh, bench.sh)
PKGS="libelf-dev zlib1g-dev libbpf-dev check libgraphviz-dev graphviz clang-19 llvm-19 bpftool pkg-config make gcc python3"
missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" != 0 ]; then
	echo "bpfverify: missing packages:$missing" >&2
	echo "run as root: apt-get update && apt-get install -y$missing" >&2
	exit 2
fi
echo "deps: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null && apt-get install -y -qq $missing >/dev/null || {
	echo "bpfverify: apt-get install failed for:$missing" >&2
	exit 2
}
