#!/bin/sh
# Runs a libFuzzer target for a bounded time: run-fuzz.sh EXE SECONDS SEEDS [CRASHDIR]
# (FUZZ_SECONDS in the environment overrides SECONDS; make fuzz sets it).
# New corpus entries go to a temporary folder (the seed folder is read only);
# a crash input is copied to CRASHDIR (when given) so meson test replays it.
set -eu
exe=$1 secs=${FUZZ_SECONDS:-$2} seeds=$3 crashes=${4:-}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/corpus" "$work/artifacts"
rc=0
# -error_exitcode=1: libFuzzer's default (77) is meson's "skipped", so a
# crash would pass make test unnoticed
"$exe" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 -error_exitcode=1 \
	-artifact_prefix="$work/artifacts/" "$work/corpus" "$seeds" 2>"$work/log" || rc=$?
tail -n 25 "$work/log"
if [ "$rc" -ne 0 ] && [ -n "$crashes" ] && ls "$work"/artifacts/* >/dev/null 2>&1; then
	mkdir -p "$crashes"
	cp "$work"/artifacts/* "$crashes"/
	echo "crash input saved in $crashes"
fi
exit "$rc"
