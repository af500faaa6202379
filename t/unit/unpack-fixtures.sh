#!/bin/sh
# Build step of test-vhd (t/unit/meson.build): unpacks every compressed VHD/VHDX fixture under the
# folders given (t/data/vhd and, when present, ../shared/samples/vhd) into OUTDIR, sparse, named
# by the SHA-256 of the compressed file's path as test-vhd spells it; test-vhd's unpack() takes a
# file from there (HVP_VHD_UNPACKED) and decompresses only what it does not find.  The VHDX
# samples are 36 MiB of mostly zeros: decompressing them took most of test-vhd's time.
#
#   unpack-fixtures.sh OUTDIR STAMP FOLDER...
set -eu
out=$1
stamp=$2
shift 2
mkdir -p "$out"
for folder in "$@"; do
  [ -d "$folder" ] || continue
  find "$folder" -type f \( -name '*.xz' -o -name '*.bz2' -o -name '*.gz' \) | sort |
    while read -r compressed; do
      case $compressed in *.xz) tool=xz ;; *.bz2) tool=bzip2 ;; *) tool=gzip ;; esac
      key=$(printf '%s' "$compressed" | sha256sum | cut -d' ' -f1)
      "$tool" -dc "$compressed" | cp --sparse=always /dev/stdin "$out/$key.tmp"
      mv "$out/$key.tmp" "$out/$key"
    done
done
: >"$stamp"
