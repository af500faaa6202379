#!/bin/sh
# The command line: help, version, usage errors and their exit statuses.
. "$HVP_SOURCE_ROOT/t/lib.sh"

test_expect "no command is a usage error (64)" '
  expect_status 64 "$HVPLAN" 2>err &&
  expect_match "^Usage: hvplan COMMAND" err
'
test_expect "--help lists the commands" '
  expect_status 0 "$HVPLAN" --help >out &&
  expect_match "^  collect " out &&
  expect_match "^  plan " out
'
test_expect "--version prints the version" '
  "$HVPLAN" --version >out &&
  expect_match "^hvplan [0-9]+\.[0-9]+\.[0-9]+$" out
'
test_expect "an unknown command is a usage error (64)" '
  expect_status 64 "$HVPLAN" frobnicate 2>err &&
  expect_match "unknown command .frobnicate." err
'
test_expect "an unknown option is a usage error (64)" '
  expect_status 64 "$HVPLAN" collect --no-such-option x 2>err &&
  expect_match "no-such-option" err
'
test_expect "collect without a source is a usage error (64)" '
  expect_status 64 "$HVPLAN" collect 2>err &&
  expect_match "needs at least one SOURCE" err
'
test_expect "plan without a destination is a usage error (64)" '
  expect_status 64 "$HVPLAN" plan --source x 2>err &&
  expect_match "needs --source and --destination" err
'
test_expect "plan with an unknown format is a usage error (64)" '
  expect_status 64 "$HVPLAN" plan --source a --destination b --format yaml 2>err
'
test_expect "plan --help describes the exit statuses" '
  "$HVPLAN" plan --help >out &&
  expect_match "0 everything fits, 1 a requirement fails" out &&
  expect_match "--switch-map" out
'
test_expect "a source that does not exist cannot be opened (66)" '
  expect_status 66 "$HVPLAN" collect "$HVP_TMP/missing.json" 2>err &&
  expect_match "^hvplan: cannot open .*missing.json.: No such file or directory$" err
'
test_expect "a file in no known format is bad input (65)" '
  printf "hello\n" >notes.txt &&
  expect_status 65 "$HVPLAN" collect notes.txt 2>err &&
  expect_match "is in no format hvplan reads" err
'
test_expect "a malformed path map is a usage error (64)" '
  expect_status 64 "$HVPLAN" collect --path-map nothing-to-map notes.txt 2>err &&
  expect_match "is not of the form" err
'
test_expect "a bad --max-input-size is a usage error (64)" '
  expect_status 64 "$HVPLAN" collect --max-input-size lots notes.txt 2>err
'
test_done
