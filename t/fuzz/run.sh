#!/bin/sh
# Runs one libFuzzer target of a -Dfuzzing=true build (README.md beside this file).
#
#   t/fuzz/run.sh BUILD TARGET SECONDS [LIBFUZZER-OPTION...]
#
# SECONDS 0 runs every seed once (a regression test); otherwise the target fuzzes for SECONDS
# with its dictionary, its seed folders (BUILD/t/fuzz/TARGET.seeds, written by meson) and a
# corpus of its own, BUILD/t/fuzz/corpus/TARGET, where new inputs are kept between runs.
# Crashes, timeouts, leaks and out-of-memory inputs land in BUILD/t/fuzz/artifacts/TARGET/ (or
# in $HVP_FUZZ_ARTIFACTS when set).
# Exits with the fuzzer's status: 0 when nothing was found.
set -u
if [ $# -lt 3 ]; then
  echo "usage: $0 BUILD TARGET SECONDS [LIBFUZZER-OPTION...]" >&2
  exit 64
fi
build=$(cd "$1" && pwd) || exit 66
target=$2
seconds=$3
shift 3
here=$(cd "$(dirname "$0")" && pwd)
fuzzer="$build/t/fuzz/fuzz-$target"
seeds_file="$build/t/fuzz/$target.seeds"
for file in "$fuzzer" "$seeds_file" "$here/$target.dict"; do
  if [ ! -f "$file" ]; then
    echo "$0: '$file' is missing: build with -Dfuzzing=true (t/fuzz/README.md)" >&2
    exit 66
  fi
done

corpus="$build/t/fuzz/corpus/$target"
artifacts="${HVP_FUZZ_ARTIFACTS:-$build/t/fuzz/artifacts/$target}"
mkdir -p "$corpus" "$artifacts" || exit 73

# Seed folders; 'generate:SCRIPT' seeds are made once by t/fuzz/SCRIPT into BUILD/t/fuzz/seeds/.
seeds=""
while IFS= read -r line; do
  case $line in
    '') ;;
    generate:*)
      script=${line#generate:}
      made="$build/t/fuzz/seeds/$target"
      if [ ! -f "$made/.done" ]; then
        rm -rf "$made" && mkdir -p "$made" || exit 73
        python3 "$here/$script" "$made" || { echo "$0: $script failed" >&2; exit 70; }
        touch "$made/.done"
      fi
      seeds="$seeds $made" ;;
    *)
      [ -d "$line" ] && seeds="$seeds $line" ;;
  esac
done < "$seeds_file"

export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}:abort_on_error=0"
export LSAN_OPTIONS="${LSAN_OPTIONS:-suppressions=$here/lsan.supp:print_suppressions=0}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}"
export G_DEBUG="${G_DEBUG:-fatal-criticals}"
export LC_ALL=C

if [ "$seconds" = 0 ]; then
  # Every seed once: libFuzzer runs the files of the folders given with -runs=0.
  # shellcheck disable=SC2086
  exec "$fuzzer" -runs=0 -timeout=10 -rss_limit_mb=2048 -artifact_prefix="$artifacts/" \
    "$@" $seeds
fi
# shellcheck disable=SC2086
exec "$fuzzer" -dict="$here/$target.dict" -max_total_time="$seconds" -timeout=10 \
  -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$artifacts/" \
  "$@" "$corpus" $seeds
