#!/usr/bin/env bash
# Runs every fuzz target for a while (default 10m each), one after the
# other, and prints each target's last status line. New crashers are
# written to the package's testdata/fuzz/ as Go does; commit them as
# regression seeds once fixed.
#
#   scripts/fuzz.sh [duration] [parallel]
set -euo pipefail
cd "$(dirname "$0")/.."
time=${1:-10m}
par=${2:-1}
targets=(
	"./corpus FuzzParse"
	"./corpus FuzzChunk"
	"./retrieval FuzzCitations"
	"./retrieval FuzzBuildQuery"
	"./bot FuzzSplitMessage"
)
status=0
for t in "${targets[@]}"; do
	read -r pkg name <<<"$t"
	log=$(mktemp)
	# -fuzzminimizetime bounds the minimisation of each new input: at the
	# default 60 s a single worker spends most of the campaign minimising.
	if go test -tags sqlite_fts5 "$pkg" -run '^$' -fuzz "^${name}\$" -fuzztime "$time" \
		-fuzzminimizetime 5s -parallel "$par" >"$log" 2>&1; then
		echo "$name ok: $(grep '^fuzz: elapsed' "$log" | tail -1)"
	else
		echo "$name FAILED:"
		tail -20 "$log"
		status=1
	fi
	rm -f "$log"
done
exit $status
