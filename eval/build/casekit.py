"""Tiny helper used to author cases.jsonl files by hand.

Patches are written as hunk bodies; this module computes the `@@ -a,b +c,d @@`
headers so that line counts are always consistent.

Hunk syntax inside a patch string for a modified/renamed file:

    @@ 42 | optional section heading
     context line
    -removed line
    +added line

`42` is the first line of the hunk in the old file; the new start is derived
from the line deltas of the previous hunks.  An empty line is a context line.
For added/removed files, the patch string is the raw file content.
"""
import json
import os
import re

_HUNK = re.compile(r"^@@ (\d+)(?: \| (.*))?$")


def _modified(text):
    out = []
    delta = 0
    cur = None

    def flush():
        if cur is None:
            return
        start, heading, body = cur
        old = sum(1 for l in body if l[0] in " -")
        new = sum(1 for l in body if l[0] in " +")
        ns = start + delta
        # git convention: a side with no lines names the line *before* the hunk
        os_ = start - 1 if old == 0 else start
        ns_ = ns - 1 if new == 0 else ns
        hdr = f"@@ -{os_},{old} +{ns_},{new} @@" + (f" {heading}" if heading else "")
        out.append(hdr)
        out.extend(body)
        return new - old

    for raw in text.strip("\n").split("\n"):
        m = _HUNK.match(raw)
        if m:
            if cur is not None:
                delta += flush()
            cur = (int(m.group(1)), m.group(2), [])
            continue
        if cur is None:
            raise ValueError("patch must start with '@@ N'")
        line = raw if raw else " "
        if line[0] not in " +-":
            raise ValueError(f"bad diff line: {raw!r}")
        cur[2].append(line)
    flush()
    return "\n".join(out)


def _whole(text, sign):
    lines = text.strip("\n").split("\n")
    n = len(lines)
    hdr = f"@@ -0,0 +1,{n} @@" if sign == "+" else f"@@ -1,{n} +0,0 @@"
    return "\n".join([hdr] + [sign + l for l in lines])


def F(path, status, patch, prev=None):
    if status in ("modified", "renamed"):
        p = _modified(patch)
    elif status == "added":
        p = _whole(patch, "+")
    elif status == "removed":
        p = _whole(patch, "-")
    else:
        raise ValueError(status)
    d = {"path": path, "status": status, "patch": p}
    if prev:
        d["previous_path"] = prev
    return d


class Cases:
    def __init__(self, site):
        self.site = site
        self.items = []

    def add(self, kind, title, files, truth, body="", message=None):
        n = len(self.items) + 1
        self.items.append({
            "id": f"{self.site}-{n:02d}",
            "kind": kind,
            "title": title,
            "body": body.strip(),
            "message": (message or f"{title} (#{self._pr(n)})").strip(),
            "files": files,
            "truth": truth,
        })

    def _pr(self, n):
        # deterministic, increasing pseudo pull-request numbers for squash-merge style messages
        base = sum(map(ord, self.site)) * 3
        return base + n * 7 + (n * n) % 5

    def write(self):
        here = os.path.dirname(os.path.abspath(__file__))
        out = os.path.join(here, "..", "sites", self.site, "cases.jsonl")
        with open(out, "w") as f:
            for c in self.items:
                f.write(json.dumps(c, ensure_ascii=False) + "\n")
        print(f"wrote {len(self.items)} cases to {os.path.normpath(out)}")
