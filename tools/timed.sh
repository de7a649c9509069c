#!/usr/bin/env bash
# Run a command and record its wall time in seconds in _build/timings/NAME (make bench prints them).
#   tools/timed.sh NAME command [args...]
set -uo pipefail
name=$1; shift
start=$(date +%s.%N)
"$@"; status=$?
if [ "$status" -eq 0 ]; then
  mkdir -p _build/timings
  awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f\n", b - a }' > "_build/timings/$name"
fi
exit "$status"
