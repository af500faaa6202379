# What t4600's parts (csv, xlsx) share: the inputs, and one run that writes every report in JSON,
# CSV and xlsx, then compares them cell by cell with t/sheets/compare.py (one Python for all).
# Source it after t/lib.sh, call sheets_write_and_compare with the extra comparisons
# ("-- FORMAT-NAME.result COMMAND ARGS..."), then set FORMAT (csv or xlsx) before the points of
# that format: same_status and compared read its files.
: "${HVP_DATA:?}"
examples="$HVP_SOURCE_ROOT/examples"
size_data="$HVP_DATA/size/synthetic"
diff_data="$HVP_DATA/diff/synthetic"
hostile="$HVP_DATA/sheets/synthetic/formula-names.json"
compare="$HVP_SOURCE_ROOT/t/sheets/compare.py"
python=$HVP_PYTHON # t/lib.sh: Debian's python3, the one python3-openpyxl is for
FORMAT=csv
export examples size_data diff_data hostile compare python FORMAT

# report COMMAND FORMAT NAME ARGS...: writes NAME.FORMAT, its exit status in NAME.FORMAT.status.
report () {
  command=$1 format=$2 name=$3
  shift 3
  "$HVPLAN" "$command" --quiet -f "$format" "$@" >"$name.$format"
  echo $? >"$name.$format.status"
}
# The checks below read the short status and result files with the shell's own `read`: no
# process (the suite's time is process start-ups).
# status_of FILE: the exit status saved in FILE, in $status.
status_of () {
  status=
  IFS= read -r status < "$1" || { echo "no exit status in $1"; return 1; }
}
# same_status NAME: the sheet report exits as the JSON report does.
same_status () {
  status_of "$1.json.status" && json_status=$status && status_of "$1.$FORMAT.status" &&
  { [ "$status" = "$json_status" ] ||
    { echo "$1: exit status $status in $FORMAT, $json_status in JSON"; return 1; }; }
}
# compared NAME: t/sheets/compare.py found every cell of NAME in $FORMAT as expected
# (FORMAT-NAME.result shown, its last line "ok N cells").
compared () {
  last=
  while IFS= read -r line || [ -n "$line" ]; do
    printf '%s\n' "$line"; last=$line
  done < "$FORMAT-$1.result" &&
  case $last in "ok "[1-9]*) ;; *) return 1 ;; esac
}

# sheets_compare OPTIONS PREFIX FORMAT... [-- RESULT COMMAND ARGS...]...: in $HVP_TMP, one
# compare.py (with OPTIONS, "" for none) for the six reports in each FORMAT (results in
# PREFIX-NAME.result, FORMAT-NAME.result when PREFIX is "") and the extra comparisons.
sheets_compare () {
  sc_options=$1 sc_prefix=$2 sc_formats=
  shift 2
  while [ $# -gt 0 ] && [ "$1" != -- ]; do sc_formats="$1 $sc_formats"; shift; done
  for f in $sc_formats; do
    p=${sc_prefix:-$f}
    set -- -- "$p-plan.result" "$f-plan" plan.json example.json "plan.$f" \
      -- "$p-placed.result" "$f-plan" placed.json estate.json "placed.$f" \
      -- "$p-size.result" "$f-size" size.json "size.$f" \
      -- "$p-existing.result" "$f-size" existing.json "existing.$f" \
      -- "$p-diff.result" "$f-diff" diff.json "diff.$f" \
      -- "$p-hostile.result" "$f-plan" hostile.json "$hostile" "hostile.$f" "$@"
  done
  # shellcheck disable=SC2086
  (cd "$HVP_TMP" && "$python" "$compare" $sc_options "$@")
}

# sheets_write_and_compare [-- FORMAT-NAME.result COMMAND ARGS...]...: in $HVP_TMP, every report
# in JSON, CSV and xlsx, then one Python for every comparison of both formats (their results in
# csv-NAME.result and xlsx-NAME.result) and the extra ones.
sheets_write_and_compare () {
  (cd "$HVP_TMP" &&
    "$HVPLAN" collect --quiet "$examples/source-host" "$examples/source-host.json" -o example.json &&
    "$HVPLAN" collect --quiet "$size_data/estate.json" -o estate.json &&
    for format in json csv xlsx; do
      report plan "$format" plan -s example.json -d "$examples/destination.json"
      report plan "$format" placed -s estate.json -d "$size_data/cluster.json"
      report size "$format" size -s estate.json -c "$size_data/catalog.json"
      report size "$format" existing -s estate.json -d "$size_data/cluster.json"
      (cd "$diff_data" && report diff "$format" "$HVP_TMP/diff" source.json changed.json)
      report plan "$format" hostile -s "$hostile" -d "$examples/destination.json"
    done)
  sheets_compare "" "" csv xlsx "$@"
}
