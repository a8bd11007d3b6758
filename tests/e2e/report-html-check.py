#!/usr/bin/env python3
"""Structural checks of a `report --format html` page, for t1140.

usage: report-html-check.py PAGE JSON-DIR

JSON-DIR holds the `report --format json` answers for the same period:
all.json, month.json, week.json, category.json, root-cause.json,
fca.json (when the page has a period) and by.json (when it has --by).
Prints one line per failed check and exits 1 when any failed.
"""
import html.parser
import json
import os
import re
import sys

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link",
        "meta", "source", "track", "wbr"}
# SVG elements this page writes self-closed.
SVG_EMPTY = {"line", "path", "circle", "rect"}

problems = []


def check(ok, what):
    if not ok:
        problems.append(what)


class Walk(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []
        self.ids = set()
        self.elements = []   # (tag, attrs, path of enclosing ids)
        self.urls = []
        self.scripts = 0
        self.text = []
        self.doctype = None

    def handle_decl(self, decl):
        self.doctype = decl

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            check(a["id"] not in self.ids, "duplicate id %s" % a["id"])
            self.ids.add(a["id"])
        for k, v in attrs:
            if k.startswith("on"):
                problems.append("event handler attribute %s" % k)
            if k in ("src", "href", "srcset", "action", "poster"):
                problems.append("a linked resource: %s=%s" % (k, v))
            if v and re.search(r"(https?:|//|url\()", v) and k != "xmlns":
                self.urls.append(v)
        if tag == "script":
            self.scripts += 1
        ids = [x[1] for x in self.stack if x[1]]
        self.elements.append((tag, a, ids))
        if tag not in VOID:
            self.stack.append((tag, a.get("id")))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        check(self.stack and self.stack[-1][0] == tag,
              "</%s> closes <%s>" % (tag, self.stack[-1][0] if self.stack
                                     else "nothing"))
        if self.stack and self.stack[-1][0] == tag:
            self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)


def load(d, name):
    p = os.path.join(d, name)
    if not os.path.exists(p):
        return None
    with open(p) as f:
        return json.load(f)


def fmt(key, v):
    if v is None:
        return "null"
    if key == "redress":
        return "%.2f" % v
    if isinstance(v, float):
        return "%.1f" % v
    return str(v)


def main():
    page_path, jdir = sys.argv[1], sys.argv[2]
    raw = open(page_path, "rb").read()
    check(len(raw) < 1 << 20, "the page is %d bytes, 1 MiB or more" % len(raw))
    src = raw.decode("utf-8")
    w = Walk()
    w.feed(src)
    w.close()
    check(w.doctype is not None and w.doctype.lower() == "doctype html",
          "no <!DOCTYPE html>")
    check(not w.stack, "unclosed elements: %s" % [t for t, _ in w.stack])
    check(w.scripts == 0, "a <script> element")
    check(not w.urls, "external URLs: %s" % w.urls[:3])
    check(not re.search(r"@import|url\(", src), "an imported resource")
    for sec in ("headline", "volume", "deadlines", "categories",
                "root-causes", "upheld", "spikes", "ideas", "fca"):
        check(sec in w.ids, "no section #%s" % sec)

    def cells(section, tag=None):
        return [(t, a) for t, a, ids in w.elements
                if section in ids and "data-v" in a and
                (tag is None or t == tag)]

    # Headline against report --format json.
    allj = load(jdir, "all.json")[0]
    head = {a["data-key"]: a["data-v"] for t, a in cells("headline")}
    for k, v in allj.items():
        check(head.get(k) == fmt(k, v),
              "headline %s is %s, JSON %s" % (k, head.get(k), fmt(k, v)))
    check(len(head) == len(allj), "headline has %d figures" % len(head))

    # The volume chart: received and resolved per week or month.
    vol = {}
    for t, a, ids in w.elements:
        if "chart-volume" in ids and t in ("circle", "rect") and \
                "data-v" in a:
            vol.setdefault(a["data-label"], []).append(a["data-v"])
    per = load(jdir, "month.json")
    if not any(r["month"] in vol for r in per):
        per = [dict(r, month=r["week"]) for r in load(jdir, "week.json")]
    check(len(vol) == len(per), "volume chart has %d periods, JSON %d" %
          (len(vol), len(per)))
    for r in per:
        check(vol.get(r["month"]) == [str(r["received"]),
                                      str(r["resolved"])],
              "volume %s is %s, JSON %s %s" % (r["month"], vol.get(
                  r["month"]), r["received"], r["resolved"]))

    # Deadlines met per month.
    dl = {}
    for t, a, ids in w.elements:
        if "chart-deadlines" in ids and t in ("circle", "rect") and \
                "data-v" in a:
            dl.setdefault(a["data-label"], []).append(a["data-v"])
    for r in load(jdir, "month.json"):
        want = [fmt("p", r[k]) for k in ("ack_in_time_pct",
                                         "resolved_in_time_pct")
                if r[k] is not None]
        check(dl.get(r["month"], []) == want,
              "deadlines %s is %s, JSON %s" % (r["month"], dl.get(
                  r["month"]), want))

    # Categories (received) and root causes (resolved): top ten + other.
    for sec, name, key, col, none in (
            ("categories", "category.json", "received", "category",
             "(no category)"),
            ("root-causes", "root-cause.json", "resolved", "root_cause",
             "(not recorded)")):
        bars = [(a["data-label"], int(a["data-v"]))
                for t, a in cells(sec, "rect")]
        rows = sorted([(r[col] or none, r[key]) for r in
                       load(jdir, name) if r[key]],
                      key=lambda x: -x[1])
        total = sum(v for _, v in rows)
        check(sum(v for _, v in bars) == total,
              "%s bars sum to %d, JSON %d" % (sec, sum(v for _, v in bars),
                                              total))
        named = dict(b for b in bars if b[0] != "other")
        for label, v in named.items():
            check(dict(rows).get(label) == v,
                  "%s %s is %d, JSON %s" % (sec, label, v,
                                            dict(rows).get(label)))
        check(len(bars) <= 11, "%s has %d bars" % (sec, len(bars)))
        if len(rows) > 11:
            check(bars[-1][0] == "other", "%s has no other" % sec)

    # Upheld and redress per category.
    cat = {(r["category"] or ""): r for r in load(jdir, "category.json")}
    row = None
    for t, a, ids in w.elements:
        if "upheld" not in ids:
            continue
        if t == "th" and "data-category" in a:
            row = cat.get(a["data-category"])
            check(row is not None, "upheld row %s not in JSON" %
                  a["data-category"])
        elif t == "th" and "upheld" in ids and w.elements and \
                a.get("scope") == "row":
            row = dict(allj, category="all")
        elif t == "td" and row is not None and "data-key" in a:
            k = a["data-key"]
            check(a["data-v"] == fmt(k, row[k]),
                  "upheld %s %s is %s, JSON %s" % (row["category"], k,
                                                   a["data-v"],
                                                   fmt(k, row[k])))

    fca = load(jdir, "fca.json")
    if fca is not None:
        got = [a for t, a in cells("fca", "td")]
        want = []
        for r in fca:
            for k in ("opened", "outstanding_at_start", "closed",
                      "closed_3bd", "closed_3bd_8w",
                      "closed_over_8w", "upheld", "redress"):
                want.append((k, fmt(k, r[k])))
        check([(a["data-key"], a["data-v"]) for a in got] == want,
              "FCA bands differ from report --return fca")

    by = load(jdir, "by.json")
    if by is not None:
        got = [(a["data-key"], a["data-v"]) for t, a in cells("by", "td")]
        want = [(k, fmt(k, v)) for r in by for k, v in r.items()
                if k in allj]
        check(got == want, "--by section differs from the JSON")

    for p in problems:
        print("report-html-check: %s" % p)
    return 1 if problems else 0


sys.exit(main())
