#!/bin/sh
# Builds the Debian package out of tree and checks it: copies the source tree (the files git
# tracks or would track, so no build folder) into a temporary folder, runs
# `dpkg-buildpackage -us -uc -b` there (debian/rules: meson build, the default test suite,
# meson install), runs lintian on the result (no error, no warning: the overrides are in
# debian/hvplan.lintian-overrides, each with its reason), unpacks the .deb into a scratch root with
# `dpkg -x` and runs what it installed: `hvplan --version`, `hvplan plan` on the bundled example
# (its data root through the installed Hyper-V module), a libvirt collect, an xlsx and an HTML plan
# through the installed modules,
# `man --warnings -l` on its manual page, its bash completion.  The source tree stays as it was.
#
# Usage: t/package/build-deb.sh [TAP-FILE]
# Prints the steps; with TAP-FILE, also writes the result there as one TAP test point (.ci/run
# counts it).  Exits 0 when every step passed.  HVP_KEEP_PACKAGE=DIR keeps the .deb and logs in DIR.
# Needs: dpkg-dev, debhelper, fakeroot, lintian, build-essential, and the Build-Depends.
set -u
source_root=$(cd "$(dirname "$0")/../.." && pwd)
tap_file=${1:-}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
version=$(dpkg-parsechangelog -l "$source_root/debian/changelog" -S Version) || exit 1
tree="$work/hvplan-$version"
root="$work/root"

step () { echo "== $*"; }

# finish STATUS MESSAGE: prints the result (and the TAP point), keeps the package if asked.
finish () {
  if [ -n "${HVP_KEEP_PACKAGE:-}" ]; then
    mkdir -p "$HVP_KEEP_PACKAGE" && cp "$work"/*.deb "$work"/*.log "$HVP_KEEP_PACKAGE"/ 2>/dev/null
  fi
  if [ "$1" -eq 0 ]; then result="ok 1 - $2"; else result="not ok 1 - $2"; fi
  echo "$result"
  [ -z "$tap_file" ] || echo "$result" >"$tap_file"
  exit "$1"
}

# fail LOG MESSAGE: shows the end of LOG, then fails.
fail () {
  [ -f "$1" ] && tail -n 40 "$1"
  finish 1 "Debian package: $2"
}

step "copying the source tree to $tree"
mkdir -p "$tree" &&
  (cd "$source_root" && git ls-files -z --cached --others --exclude-standard |
     tar --null -T - -cf -) | (cd "$tree" && tar -xf -) ||
  fail /dev/null "the source tree could not be copied"
[ -f "$tree/debian/rules" ] || fail /dev/null "the copy has no debian/rules"

step "dpkg-buildpackage -us -uc -b (log: build.log)"
(cd "$tree" && dpkg-buildpackage -us -uc -b) >"$work/build.log" 2>&1 ||
  fail "$work/build.log" "dpkg-buildpackage failed"
deb=$(ls "$work"/hvplan_"$version"_*.deb 2>/dev/null | head -n 1)
[ -n "$deb" ] || fail "$work/build.log" "no hvplan_${version}_*.deb was built"
changes=$(ls "$work"/hvplan_"$version"_*.changes | head -n 1)
echo "built $(basename "$deb")"

step "lintian (no error nor warning)"
lintian --fail-on error,warning --display-info --show-overrides "$changes" >"$work/lintian.log" 2>&1
lintian_status=$?
cat "$work/lintian.log"
[ "$lintian_status" -eq 0 ] || fail /dev/null "lintian reports errors or warnings"
! grep -q '^[EW]: ' "$work/lintian.log" || fail /dev/null "lintian reports errors or warnings"

step "dpkg -x into a scratch root"
dpkg -x "$deb" "$root" || fail /dev/null "dpkg -x failed"
for file in usr/bin/hvplan usr/share/man/man1/hvplan.1.gz \
            usr/share/bash-completion/completions/hvplan usr/share/hvplan/collect-hyperv.ps1 \
            usr/share/hvplan/examples/catalog.json usr/share/hvplan/examples/source-host.json \
            "usr/share/hvplan/examples/source-host/Virtual Machines" usr/share/doc/hvplan/copyright; do
  [ -e "$root/$file" ] || fail /dev/null "the package does not install /$file"
done

step "hvplan --version, hvplan plan on the installed example (a data root: the Hyper-V module)"
"$root/usr/bin/hvplan" --version >"$work/version.log" 2>&1 || fail "$work/version.log" "hvplan --version failed"
grep -qx "hvplan $version" "$work/version.log" || fail "$work/version.log" "hvplan --version does not say $version"
examples="$root/usr/share/hvplan/examples"
# The modules are installed in libdir/hvplan, which the scratch root is not: name the folder.
module_dir=$(cd "$root" && find usr/lib -name hvplan-hyperv.so -exec dirname {} \; | head -n 1)
[ -n "$module_dir" ] || fail /dev/null "the package does not install hvplan-hyperv.so under /usr/lib"
HVPLAN_MODULE_DIR="$root/$module_dir" "$root/usr/bin/hvplan" plan --source "$examples/source-host" \
  --source "$examples/source-host.json" --destination "$examples/destination.json" >"$work/plan.log" 2>&1
plan_status=$?
[ "$plan_status" -eq 0 ] || fail "$work/plan.log" "hvplan plan on the installed example exited $plan_status"
grep -q '^Verdict: WARN$' "$work/plan.log" || fail "$work/plan.log" "the installed example's verdict is not WARN"

step "the installed libvirt, xlsx and HTML modules: a libvirt URI, a workbook, an HTML plan"
module=$(cd "$root" && find usr/lib -name hvplan-libvirt.so | head -n 1)
[ -n "$module" ] || fail /dev/null "the package does not install hvplan-libvirt.so under /usr/lib"
HVPLAN_MODULE_DIR="$root/$(dirname "$module")" "$root/usr/bin/hvplan" collect --quiet test:///default \
  >"$work/libvirt.json" 2>"$work/libvirt.log" || fail "$work/libvirt.log" "hvplan collect test:///default failed"
grep -q '"name": "test"' "$work/libvirt.json" || fail "$work/libvirt.json" "the test driver's domain is missing"
[ -f "$root/$(dirname "$module")/hvplan-xlsx.so" ] || fail /dev/null "the package does not install hvplan-xlsx.so"
HVPLAN_MODULE_DIR="$root/$(dirname "$module")" "$root/usr/bin/hvplan" plan --quiet --source "$examples/source-host" \
  --source "$examples/source-host.json" --destination "$examples/destination.json" --format xlsx \
  -o "$work/plan.xlsx" 2>"$work/xlsx.log" || fail "$work/xlsx.log" "hvplan plan --format xlsx failed"
[ "$(head -c 2 "$work/plan.xlsx")" = PK ] || fail /dev/null "the installed xlsx module wrote no workbook"
[ -f "$root/$module_dir/hvplan-html.so" ] || fail /dev/null "the package does not install hvplan-html.so"
HVPLAN_MODULE_DIR="$root/$module_dir" "$root/usr/bin/hvplan" plan --quiet --source "$examples/source-host" \
  --source "$examples/source-host.json" --destination "$examples/destination.json" --format html \
  -o "$work/plan.html" 2>"$work/html.log" || fail "$work/html.log" "hvplan plan --format html failed"
grep -q '<section class="checklist">' "$work/plan.html" && grep -q '<input type="checkbox"' "$work/plan.html" ||
  fail /dev/null "the installed HTML module rendered no checklist"

step "man --warnings -l on the installed manual page"
MANWIDTH=80 man --warnings -l "$root/usr/share/man/man1/hvplan.1.gz" >"$work/man.log" 2>"$work/man-warnings.log" ||
  fail "$work/man-warnings.log" "man -l failed"
[ ! -s "$work/man-warnings.log" ] || fail "$work/man-warnings.log" "man -l warns"
grep -q '^EXIT STATUS$' "$work/man.log" || fail "$work/man.log" "the manual page has no EXIT STATUS"

step "the installed bash completion"
bash -c '. "$0" && COMP_WORDS=(hvplan plan --f) COMP_CWORD=2 && _hvplan && echo "${COMPREPLY[*]}"' \
  "$root/usr/share/bash-completion/completions/hvplan" >"$work/completion.log" 2>&1 &&
  grep -qx -- '--format' "$work/completion.log" || fail "$work/completion.log" "the completion does not complete --f"

finish 0 "Debian package: $(basename "$deb") built, lintian-clean, hvplan runs from a scratch root"
