#!/usr/bin/env bash
# The prepared GPU check (issue 12, "Devices"): builds with the gpu profile, then runs `l2o bench meta` at
# unroll 100 and one period of the paper's curriculum with --gpus=0, and writes every figure and log to OUT.
#
#   l2o-bench/scripts/gpu-check.sh [OUT]        (OUT defaults to ./gpu-check-out; run from anywhere)
#
# Needs on the GPU machine: JDK 17 and Maven 3.8+ on the PATH; the NVIDIA driver with CUDA 12 and cuDNN 9 (what
# TensorFlow 2.18 in TF Java 1.1.0 expects; the native jar bundles neither); a Maven repository that holds the
# project's dependencies and org.tensorflow:tensorflow-core-native:1.1.0:linux-x86_64-gpu (526 MB), or access to
# Maven Central; MNIST in the dataset cache ($L2O_DATA, default ~/.cache/l2o/data; `l2o data fetch mnist`), or
# BENCH_DATA=--synthetic-data for the benchmark alone. Time: the build, about 2-4 min for the benchmark's
# unroll-100 graphs, and one curriculum period (25 min on 2 CPU cores; far less on a GPU, if placement works).
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="$(mkdir -p "${1:-gpu-check-out}" && cd "${1:-gpu-check-out}" && pwd)"
cd "$root"
export MAVEN_ARGS="-Pgpu ${MAVEN_ARGS:-}"   # ./l2o rebuilds with the same profile if sources change
export TF_CPP_MIN_LOG_LEVEL=0               # TensorFlow logs the devices it creates and the CUDA libraries it loads
export L2O_JAVA_OPTS="${L2O_JAVA_OPTS:--Xmx16g}"

{
  date -u
  nvidia-smi || echo "nvidia-smi: not available"
  java -version 2>&1
  mvn -v 2>&1 | head -3
  git rev-parse HEAD 2>/dev/null || true
} > "$out/machine.txt" 2>&1

# Only one native classifier may be on the class path: drop the CPU one a default build copied there.
rm -rf l2o-cli/target/lib l2o-cli/target/l2o-cli.jar
if ! mvn -B -ntp -Pgpu -DskipTests package > "$out/build.log" 2>&1; then
  echo "gpu-check: the -Pgpu build failed, see $out/build.log" >&2
  exit 1
fi
ls l2o-cli/target/lib | grep tensorflow-core-native > "$out/native-jars.txt"

# GPU memory and load every 2 s while the runs go on.
if command -v nvidia-smi > /dev/null; then
  nvidia-smi --query-gpu=timestamp,utilization.gpu,memory.used --format=csv -l 2 > "$out/gpu-usage.csv" 2>&1 &
  sampler=$!
fi

# 1. The benchmark at unroll 100 (student alone and with 2 teachers, first and second order), on GPU 0.
/usr/bin/time -v ./l2o bench meta --gpus=0 --unroll=100 --teachers=0,2 --order=first,second ${BENCH_DATA:-} \
    --json="$out/bench-meta.json" > "$out/bench-meta.txt" 2> "$out/bench-meta.err"
echo "bench meta: exit $?" >> "$out/status.txt"

# 2. One period of the paper's min-max curriculum (stage 0's first training and validation period), on GPU 0.
rm -rf "$out/curriculum"
/usr/bin/time -v ./l2o train --strategy=curriculum --policy=rnnprop --presets=conv_train,adam,rmsprop,il_more \
    --directory="$out/curriculum" --seed=1 --gpus=0 --max-periods=1 > "$out/curriculum.txt" 2> "$out/curriculum.err"
echo "curriculum period: exit $?" >> "$out/status.txt"
cp "$out/curriculum/summary.csv" "$out/curriculum-summary.csv" 2>/dev/null

[ -n "${sampler:-}" ] && kill "$sampler" 2>/dev/null
# Where the graphs ran: the devices TensorFlow created, and any CUDA library it could not load.
grep -h -E "Created device|Could not load|cuInit|Unable to register|visible_device_list" \
    "$out/bench-meta.err" "$out/curriculum.err" | sort | uniq -c > "$out/devices.txt"
grep -h -E "Maximum resident|Elapsed \(wall" "$out/bench-meta.err" "$out/curriculum.err" >> "$out/status.txt"
cat "$out/status.txt"
echo "gpu-check: figures in $out (bench-meta.txt/.json, curriculum-summary.csv, devices.txt, gpu-usage.csv)"
