#!/usr/bin/env bash
# Runs every stage benchmark (bench/<stage>.sh) with the release binaries in $1.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-.build/release}
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
for script in bench/normalize.sh $(ls bench/*.sh | grep -v -e bench/run.sh -e bench/normalize.sh -e bench/lib.sh || true); do
  echo
  bash "$script" "$bin"
done
