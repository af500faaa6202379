#!/bin/sh
# Build step of test-vhd (t/unit/meson.build): the images test-vhd.c asks qemu-img for, made once
# at build time instead of at every run of the suite (each qemu-img start costs about 20 ms of CPU
# and 100 ms or more of wall time; the chain tests each want the same 4 MiB parent).  Each image is
# OUTDIR/FORMAT-SUBFORMAT-SIZE, as test-vhd's qemu_img_made() spells it, with the oracle
# `qemu-img info --output=json` of it beside it (.json).  An image not made here is made by the
# test itself, once per run.
#
#   make-qemu-images.sh QEMU-IMG OUTDIR STAMP
set -eu
qemu_img=$1
out=$2
stamp=$3
rm -rf "$out"
mkdir -p "$out"
for image in vpc-fixed-1M vpc-fixed-4M vpc-dynamic-64M vpc-fixed-64M vhdx-dynamic-64M \
             vhdx-fixed-64M; do
  format=${image%%-*}
  rest=${image#*-}
  subformat=${rest%-*}
  size=${rest#*-}
  "$qemu_img" create -q -f "$format" -o "subformat=$subformat" "$out/$image.tmp" "$size"
  "$qemu_img" info --output=json -f "$format" "$out/$image.tmp" >"$out/$image.json"
  mv "$out/$image.tmp" "$out/$image"
done
: >"$stamp"
