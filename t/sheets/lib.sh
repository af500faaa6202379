# What t4600 (csv) and t4601 (xlsx) share: the inputs, and one run that writes every report in
# JSON and in the sheet format, then compares them cell by cell with t/sheets/compare.py.
# Source it after t/lib.sh, set FORMAT (csv or xlsx), then call sheets_write_and_compare with the
# extra comparisons of that format ("-- NAME.result COMMAND ARGS...").
: "${HVP_DATA:?}"
examples="$HVP_SOURCE_ROOT/examples"
size_data="$HVP_DATA/size/synthetic"
diff_data="$HVP_DATA/diff/synthetic"
hostile="$HVP_DATA/sheets/synthetic/formula-names.json"
compare="$HVP_SOURCE_ROOT/t/sheets/compare.py"
python=$HVP_PYTHON # t/lib.sh: Debian's python3, the one python3-openpyxl is for
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
# compared NAME: t/sheets/compare.py found every cell of NAME as expected (NAME.result shown,
# its last line "ok N cells").
compared () {
  last=
  while IFS= read -r line || [ -n "$line" ]; do printf '%s\n' "$line"; last=$line; done < "$1.result" &&
  case $last in "ok "[1-9]*) ;; *) return 1 ;; esac
}

# sheets_write_and_compare [-- NAME.result COMMAND ARGS...]...: in $HVP_TMP, every report in JSON
# and $FORMAT, then one Python for every comparison (openpyxl takes a second to load).
sheets_write_and_compare () {
  (cd "$HVP_TMP" &&
    "$HVPLAN" collect --quiet "$examples/source-host" "$examples/source-host.json" -o example.json &&
    "$HVPLAN" collect --quiet "$size_data/estate.json" -o estate.json &&
    for format in json "$FORMAT"; do
      report plan "$format" plan -s example.json -d "$examples/destination.json"
      report plan "$format" placed -s estate.json -d "$size_data/cluster.json"
      report size "$format" size -s estate.json -c "$size_data/catalog.json"
      report size "$format" existing -s estate.json -d "$size_data/cluster.json"
      (cd "$diff_data" && report diff "$format" "$HVP_TMP/diff" source.json changed.json)
      report plan "$format" hostile -s "$hostile" -d "$examples/destination.json"
    done
    "$python" "$compare" plan.result "$FORMAT-plan" plan.json example.json "plan.$FORMAT" \
      -- placed.result "$FORMAT-plan" placed.json estate.json "placed.$FORMAT" \
      -- size.result "$FORMAT-size" size.json "size.$FORMAT" \
      -- existing.result "$FORMAT-size" existing.json "existing.$FORMAT" \
      -- diff.result "$FORMAT-diff" diff.json "diff.$FORMAT" \
      -- hostile.result "$FORMAT-plan" hostile.json "$hostile" "hostile.$FORMAT" "$@")
}
