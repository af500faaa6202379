#!/bin/sh
# The layout (HACKING.md): no include runs against the data flow (models <- collectors <- planner
# <- reports <- cmd), no circle between object files, and every function over 80 lines says why
# above it.  t/layout/measure.sh --check prints the TAP.
: "${HVP_SOURCE_ROOT:?}"
: "${HVP_BUILD_ROOT:?HVP_BUILD_ROOT must name the build folder (meson test sets it)}"
export LC_ALL=C

if ! command -v readelf >/dev/null 2>&1; then
  echo "1..0 # SKIP readelf(1) (binutils) is needed to read the object files"
  exit 0
fi
exec sh "$HVP_SOURCE_ROOT/t/layout/measure.sh" --check "$HVP_SOURCE_ROOT" "$HVP_BUILD_ROOT"
