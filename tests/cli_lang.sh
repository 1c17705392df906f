#!/bin/sh
# --lang takes effect wherever it stands among the global options, and
# Danish is the default.
set -eu
bin=$1
out=$(env -u LANGUAGE "$bin" --db /nonexistent/kp.db --lang en check 2>&1 || true)
echo "$out" | grep -q "does not exist" || { echo "English after --db: $out"; exit 1; }
out=$(env -u LANGUAGE "$bin" --lang en --db /nonexistent/kp.db check 2>&1 || true)
echo "$out" | grep -q "does not exist" || { echo "English before --db: $out"; exit 1; }
out=$(env -u LANGUAGE "$bin" --db /nonexistent/kp.db check 2>&1 || true)
echo "$out" | grep -q "findes ikke" || { echo "Danish by default: $out"; exit 1; }
echo ok
