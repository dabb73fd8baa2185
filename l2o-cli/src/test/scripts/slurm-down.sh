#!/usr/bin/env bash
# Stops the slurmd and slurmctld that slurm-up.sh DIR started (munged is left running: other users may need it).
set -uo pipefail
dir="${1:?usage: slurm-down.sh DIR}"
for daemon in slurmd slurmctld; do
  pidfile="$dir/$daemon.pid"
  if [ -s "$pidfile" ]; then
    pid="$(cat "$pidfile")"
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -9 "$pid" 2>/dev/null || true
  fi
done
exit 0
