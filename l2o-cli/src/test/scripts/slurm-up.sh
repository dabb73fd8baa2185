#!/usr/bin/env bash
# Starts a one-node SLURM cluster on this machine for the sweep tests (SlurmSweepEndToEndTest).
#   slurm-up.sh DIR     configuration, state, logs and pid files go to DIR; prints SLURM_CONF=DIR/slurm.conf
#   slurm-down.sh DIR   stops the daemons started here
# Installs Debian's slurm-wlm and munge first when sbatch is missing (needs root and the apt archive). Starts munged
# unless one is running. Exits non-zero with the reason when the cluster cannot be started.
set -euo pipefail
dir="${1:?usage: slurm-up.sh DIR}"
mkdir -p "$dir"
dir="$(cd "$dir" && pwd)"

if ! command -v sbatch >/dev/null || ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null; then
  if [ "$(id -u)" != 0 ]; then
    echo "slurm-up: sbatch/slurmctld/munged are missing and installing them needs root (apt-get install slurm-wlm munge)" >&2
    exit 1
  fi
  echo "slurm-up: installing slurm-wlm and munge" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >"$dir/apt.log" 2>&1 || { cat "$dir/apt.log" >&2; echo "slurm-up: apt-get update failed" >&2; exit 1; }
  apt-get install -y -q slurm-wlm munge >>"$dir/apt.log" 2>&1 \
    || { tail -n 30 "$dir/apt.log" >&2; echo "slurm-up: apt-get install slurm-wlm munge failed" >&2; exit 1; }
fi

# Whether a process of this name runs (no procps needed: minimal images lack pgrep).
running() {
  local comm
  for comm in /proc/[0-9]*/comm; do
    [ "$(cat "$comm" 2>/dev/null)" = "$1" ] && return 0
  done
  return 1
}

# munge: a key of 1 KiB, owned by munge, and its folders
if ! running munged; then
  mkdir -p /etc/munge /var/log/munge /var/lib/munge /run/munge
  if [ ! -s /etc/munge/munge.key ]; then
    dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 status=none
  fi
  chown munge /etc/munge/munge.key /var/log/munge /var/lib/munge /run/munge
  chmod 400 /etc/munge/munge.key
  if [ "$(id -u)" = 0 ]; then
    runuser -u munge -- munged --force || munged --force
  else
    munged --force
  fi
fi

host="$(hostname 2>/dev/null || cat /proc/sys/kernel/hostname)"
conf="$dir/slurm.conf"
mkdir -p "$dir/state" "$dir/spool" "$dir/log"
cat >"$conf" <<CONF
ClusterName=l2o
SlurmctldHost=localhost
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU_Memory
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
ReturnToService=2
MpiDefault=none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
NodeName=localhost NodeHostname=$host CPUs=2 RealMemory=8000 State=UNKNOWN
PartitionName=debug Nodes=localhost Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$conf"
slurmctld -f "$conf"
slurmd -f "$conf" -N localhost
for _ in $(seq 1 60); do
  if sinfo -h -o '%T' 2>/dev/null | grep -qx idle; then
    echo "SLURM_CONF=$conf"
    exit 0
  fi
  sleep 1
done
echo "slurm-up: the node did not become idle within 60 s; sinfo says: $(sinfo 2>&1 | tr '\n' ' ')" >&2
tail -n 20 "$dir/log/slurmctld.log" "$dir/log/slurmd.log" >&2 || true
exit 1
