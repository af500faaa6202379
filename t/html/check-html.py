#!/usr/bin/env python3
"""Checks an HTML report of hvplan (or Chromium's --dump-dom of one) against the JSON report of the
same run, with Python's own HTML parser (html.parser), not hvplan's code:

  check-html.py page PAGE               the page is self-contained and safe (below)
  check-html.py plan PAGE PLAN.json     + the verdict, one row per VM, each requirement, findings
  check-html.py size PAGE SIZE.json     + the recommendation, one row per model and per host
  check-html.py diff PAGE DIFF.json     + the result, the objects (changed first), old and new
  check-html.py netlog NETLOG.json      Chromium's --log-net-log: no request the page started

Self-contained and safe: exactly one <script>, without attributes; a Content-Security-Policy meta
with default-src 'none' whose style-src and script-src are the SHA-256 hashes of the page's one
style sheet and one script; no event-handler attribute; no URL attribute but in-page links
("#..."); no element that loads or embeds anything (img, iframe, object, embed, link, base, form,
video, audio, source).  Names from the inventory are compared in the terminal notation the
reports use (models/text.c), since control and bidirectional characters are shown escaped.
Several checks may follow one another on one command line (Python starts once).
Exit status 0 when every check holds, 1 with one line per failed check."""
import base64
import hashlib
import html.parser
import json
import os
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from notation import terminal  # noqa: E402  (t/notation.py)

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "srcset", "poster",
                  "data", "background", "ping", "cite", "longdesc", "manifest", "codebase"}
LOADING_TAGS = {"img", "iframe", "object", "embed", "link", "base", "form", "video", "audio",
                "source", "frame", "frameset", "applet", "track", "portal"}
ROW_CLASSES = {"vm", "host", "model"}


class Page(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []
        self.scripts = []
        self.styles = []
        self.csp = None
        self.stack = []
        self.rows = {name: [] for name in ROW_CLASSES}
        self.row = None
        self.cell = None
        self.by_id = {}
        self.objects = []
        self.captures = []
        self.finding_items = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.stack.append(tag)
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append("event handler attribute %s on <%s>" % (name, tag))
            if name in URL_ATTRIBUTES and not (name == "href" and (value or "").startswith("#")):
                self.problems.append("URL attribute %s=%r on <%s>" % (name, value, tag))
        if tag in LOADING_TAGS:
            self.problems.append("element <%s> that loads or embeds" % tag)
        if tag == "input" and (attributes.get("type") != "checkbox" or "disabled" not in attributes):
            self.problems.append("an <input> that is not a disabled checkbox")
        if tag == "script":
            if attrs:
                self.problems.append("a <script> with attributes %r" % attrs)
            self.scripts.append("")
        if tag == "style":
            self.styles.append("")
        if tag == "meta" and (attributes.get("http-equiv") or "").lower() == "content-security-policy":
            self.csp = attributes.get("content")
        if tag == "meta" and (attributes.get("http-equiv") or "").lower() == "refresh":
            self.problems.append("a meta refresh")
        classes = (attributes.get("class") or "").split()
        if tag == "tr" and ROW_CLASSES & set(classes):
            self.row = (list(ROW_CLASSES & set(classes))[0], [])
        if tag in ("td", "th") and self.row is not None:
            self.cell = []
        if tag == "li" and self.stack[-2:-1] == ["ul"] and self.in_findings:
            self.finding_items += 1
        if tag == "ul":
            self.in_findings = "findings" in classes
        self.captures.append((tag, attributes.get("id"), "object" in classes and tag == "h3", []))

    in_findings = False

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None and self.row is not None:
            self.row[1].append("".join(self.cell))
            self.cell = None
        if tag == "tr" and self.row is not None:
            self.rows[self.row[0]].append(self.row[1])
            self.row = None
        if tag == "ul":
            self.in_findings = False
        while self.captures:
            name, ident, is_object, text = self.captures.pop()
            joined = "".join(text)
            if ident is not None:
                self.by_id[ident] = joined
            if is_object:
                self.objects.append(joined)
            if self.captures:
                self.captures[-1][3].append(joined)
            if name == tag:
                break
        if self.stack and self.stack[-1] == tag:
            self.stack.pop()

    def handle_data(self, data):
        if self.stack and self.stack[-1] == "script":
            self.scripts[-1] += data
        if self.stack and self.stack[-1] == "style":
            self.styles[-1] += data
        if self.cell is not None:
            self.cell.append(data)
        if self.captures and self.stack and self.stack[-1] not in ("script", "style", "title"):
            self.captures[-1][3].append(data)


def sha256_source(text):
    return "'sha256-%s'" % base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()


def check_page(page):
    problems = list(page.problems)
    if len(page.scripts) != 1:
        problems.append("%d <script> elements, expected 1" % len(page.scripts))
    if len(page.styles) != 1:
        problems.append("%d <style> elements, expected 1" % len(page.styles))
    if page.csp is None:
        problems.append("no Content-Security-Policy meta")
        return problems
    directives = {d.split()[0]: d.split()[1:] for d in page.csp.split(";") if d.strip()}
    if directives.get("default-src") != ["'none'"]:
        problems.append("CSP default-src is %r" % directives.get("default-src"))
    if page.scripts and directives.get("script-src") != [sha256_source(page.scripts[0])]:
        problems.append("CSP script-src %r is not the script's hash" % directives.get("script-src"))
    if page.styles and directives.get("style-src") != [sha256_source(page.styles[0])]:
        problems.append("CSP style-src %r is not the style's hash" % directives.get("style-src"))
    return problems


def expect(problems, what, got, wanted):
    if got != wanted:
        problems.append("%s: got %r, expected %r" % (what, got, wanted))


def check_plan(page, report):
    problems = []
    expect(problems, "verdict", page.by_id.get("verdict"), "Verdict: " + report["verdict"].upper())
    expect(problems, "VM rows", [row[0] for row in page.rows["vm"]],
           [terminal(vm["name"]) for vm in report["vms"]])
    for vm, row in zip(report["vms"], page.rows["vm"]):
        expect(problems, "vCPUs of " + vm["name"], row[1], str(vm["vcpus"]))
    for kind, requirement in report["requirements"].items():
        row = page.by_id.get("requirement-" + kind)
        if row is None or requirement["verdict"].upper() not in row:
            problems.append("requirement %s: row %r lacks %s" % (kind, row,
                                                                 requirement["verdict"].upper()))
    findings = len(report["findings"]) + len(report.get("placement", {}).get("findings", []))
    expect(problems, "findings", page.finding_items, findings)
    hosts = report.get("placement", {}).get("hosts", [])
    expect(problems, "placement host rows", [row[0] for row in page.rows["host"]],
           [terminal(host["host"]) for host in hosts])
    return problems


def check_size(page, report):
    problems = []
    recommended = report["recommended"]
    verdict = page.by_id.get("verdict") or ""
    if recommended is None and "none" not in verdict:
        problems.append("verdict %r does not say none" % verdict)
    if recommended not in (None, "existing hosts") and terminal(recommended) not in verdict:
        problems.append("verdict %r lacks %r" % (verdict, recommended))
    expect(problems, "model rows", [row[0] for row in page.rows["model"]],
           [terminal(model["name"]) for model in report["models"]])
    hosts = [host for model in report["models"] for host in model["placement"]]
    expect(problems, "host rows", [row[0] for row in page.rows["host"]],
           [terminal(host["host"]) for host in hosts])
    for host, row in zip(hosts, page.rows["host"]):
        expect(problems, "VMs on host " + host["host"], row[-1].split(", ") if host["vms"] else [],
               [terminal(name) for name in host["vms"]])
    return problems


def check_diff(page, report):
    problems = []
    expect(problems, "result", page.by_id.get("verdict"),
           "Result: equal" if report["equal"] else "Result: different")
    order = {"changed": 0, "added": 1, "removed": 2}
    objects = sorted(report["objects"], key=lambda o: order[o["status"]])
    expect(problems, "objects", page.objects,
           ["%s %s %s%s" % (o["status"], o["kind"], terminal(o["name"] or "(unnamed)"),
                            " on host " + terminal(o["host"]) if o["host"] else "")
            for o in objects])
    return problems


def check_netlog(path):
    """The requests of a Chromium net log (--log-net-log) that a page started: Chromium's own
    (updates, dictionaries, time) carry the initiator "not an origin"; a request from a file://
    page carries "null" (its opaque origin)."""
    with open(path, encoding="utf-8") as stream:
        log = json.load(stream)
    start = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    return ["a request started by a page (initiator %r, %s)" % (event["params"]["initiator"],
                                                               event["params"].get("method"))
            for event in log.get("events", [])
            if event.get("type") == start and "initiator" in event.get("params", {})
            and event["params"]["initiator"] != "not an origin"]


def check(kind, path, report_path):
    """The problems of one check: KIND on PATH (with the JSON report at REPORT_PATH)."""
    if kind == "netlog":
        return check_netlog(path)
    page = Page()
    with open(path, encoding="utf-8") as stream:
        page.feed(stream.read())
    page.close()
    problems = check_page(page)
    if kind != "page":
        with open(report_path, encoding="utf-8") as stream:
            report = json.load(stream)
        problems += {"plan": check_plan, "size": check_size, "diff": check_diff}[kind](page,
                                                                                       report)
    return problems


def main(argv):
    """Several checks in one run (Python starts once): KIND FILE [JSON] KIND FILE [JSON] ..."""
    arguments = argv[1:]
    failed = False
    if not arguments:
        sys.stderr.write(__doc__)
        return 64
    while arguments:
        kind = arguments.pop(0)
        if kind not in ("page", "plan", "size", "diff", "netlog") or not arguments:
            sys.stderr.write(__doc__)
            return 64
        path = arguments.pop(0)
        report_path = arguments.pop(0) if kind in ("plan", "size", "diff") and arguments else None
        problems = check(kind, path, report_path)
        for problem in problems:
            print("%s: %s" % (path, problem))
        failed = failed or bool(problems)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
