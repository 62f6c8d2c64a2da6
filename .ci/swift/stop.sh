#!/usr/bin/env bash
# Stops the daemons .ci/swift/start.sh started (by their recorded process ids) and leaves their data.
set -uo pipefail
base="${SWIFT_BASE:-/var/tmp/fluvius-swift}"
for pidfile in "$base"/run/*.pid; do
    [ -f "$pidfile" ] || continue
    pid=$(cat "$pidfile")
    # A Swift server forks its worker: stop the children with the parent.
    children=$(pgrep -P "$pid" 2> /dev/null || true)
    kill "$pid" $children 2> /dev/null || true
    rm -f "$pidfile"
done
