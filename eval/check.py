#!/usr/bin/env python3
"""Validate the minibot page-ranking evaluation fixtures (stdlib only).

Usage: python3 check.py [sites-dir]

Checks, for every fixture under sites/<name>/:
  * the Docusaurus site is present (docusaurus.config.*, sidebars.js, docs/)
    either at the fixture root or in website/;
  * 20-60 doc pages, each with front matter (title) and 150-900 words;
  * code.txt lists 30-150 paths, none of them doc pages;
  * cases.jsonl: every line parses, ids are <site>-NN and unique, kind is
    known, 1-6 files, every files[].path (and previous_path) is in code.txt
    and is not a doc page, every patch starts with '@@', its hunk headers
    agree with the body, each file's patch has at most 80 lines and each
    case at least 5; 1-3 truth pages, each an existing page of the site;
  * 35-45 cases per site.
Prints counts per site and per kind; exits 1 on any error.
"""
import json
import os
import re
import sys
from collections import Counter

KINDS = ["direct", "misleading", "new_identifier", "rename", "path_mirror"]
STATUSES = {"modified", "added", "removed", "renamed"}
HUNK = re.compile(r"^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")
CONFIGS = ["docusaurus.config.ts", "docusaurus.config.js",
           "docusaurus.config.mjs", "docusaurus.config.cjs"]

errors = []


def err(msg):
    errors.append(msg)


def site_prefix(root):
    for prefix in ("", "website/"):
        if any(os.path.isfile(os.path.join(root, prefix, c)) for c in CONFIGS):
            return prefix
    return None


def front_matter(text):
    if not text.startswith("---\n"):
        return None, text
    end = text.find("\n---\n", 4)
    if end < 0:
        return None, text
    return text[4:end], text[end + 5:]


def words(text):
    return len(re.findall(r"[A-Za-z0-9_`$.\-/]+", text))


def check_patch(where, patch):
    lines = patch.split("\n")
    if not patch.startswith("@@"):
        err(f"{where}: patch does not start with '@@'")
        return 0
    i = 0
    n = 0
    while i < len(lines):
        m = HUNK.match(lines[i])
        if not m:
            err(f"{where}: expected hunk header, got {lines[i]!r}")
            return n
        old = int(m.group(2) if m.group(2) is not None else 1)
        new = int(m.group(4) if m.group(4) is not None else 1)
        i += 1
        o = nw = 0
        while i < len(lines) and not lines[i].startswith("@@"):
            l = lines[i]
            if not l or l[0] not in " +-\\":
                err(f"{where}: bad diff line {l!r}")
            elif l[0] == " ":
                o += 1; nw += 1
            elif l[0] == "-":
                o += 1
            elif l[0] == "+":
                nw += 1
            n += 1
            i += 1
        if (o, nw) != (old, new):
            err(f"{where}: hunk header says -{old} +{new}, body has -{o} +{nw}")
    return n


def check_site(root, name):
    prefix = site_prefix(root)
    if prefix is None:
        err(f"{name}: no docusaurus.config.* at root or in website/")
        return None
    if not os.path.isfile(os.path.join(root, prefix, "sidebars.js")):
        err(f"{name}: missing {prefix}sidebars.js")
    docs_rel = prefix + "docs/"
    docs_dir = os.path.join(root, docs_rel)
    pages = []
    cats = 0
    for d, _, fs in os.walk(docs_dir):
        for f in fs:
            full = os.path.join(d, f)
            rel = os.path.relpath(full, root).replace(os.sep, "/")
            if f == "_category_.json":
                cats += 1
                try:
                    json.load(open(full))
                except Exception as e:
                    err(f"{rel}: bad JSON: {e}")
            elif f.endswith((".md", ".mdx")):
                pages.append(rel)
    pages.sort()
    if not 20 <= len(pages) <= 60:
        err(f"{name}: {len(pages)} pages (want 20-60)")
    total_words = 0
    for p in pages:
        text = open(os.path.join(root, p), encoding="utf-8").read()
        fm, body = front_matter(text)
        if fm is None:
            err(f"{p}: no front matter")
        elif not re.search(r"^title:", fm, re.M):
            err(f"{p}: front matter has no title")
        w = words(body)
        total_words += w
        if not 150 <= w <= 900:
            err(f"{p}: {w} words (want 150-900)")

    code_path = os.path.join(root, "code.txt")
    code = [l.strip() for l in open(code_path) if l.strip()] if os.path.isfile(code_path) else []
    if not 30 <= len(code) <= 150:
        err(f"{name}: code.txt has {len(code)} paths (want 30-150)")
    if len(set(code)) != len(code):
        err(f"{name}: code.txt has duplicate paths")
    code_set = set(code)
    page_set = set(pages)
    for c in code:
        if c.startswith(docs_rel) or c in page_set:
            err(f"{name}: code.txt lists doc page {c}")

    kinds = Counter()
    ids = set()
    truth_sizes = []
    ncases = 0
    cases_path = os.path.join(root, "cases.jsonl")
    if not os.path.isfile(cases_path):
        err(f"{name}: missing cases.jsonl")
        return None
    for ln, line in enumerate(open(cases_path, encoding="utf-8"), 1):
        if not line.strip():
            continue
        where = f"{name}/cases.jsonl:{ln}"
        try:
            c = json.loads(line)
        except Exception as e:
            err(f"{where}: does not parse: {e}")
            continue
        ncases += 1
        for k, t in (("id", str), ("title", str), ("body", str), ("message", str),
                     ("files", list), ("truth", list), ("kind", str)):
            if not isinstance(c.get(k), t):
                err(f"{where}: field {k!r} missing or not {t.__name__}")
        cid = c.get("id", "")
        if not re.fullmatch(re.escape(name) + r"-\d\d", str(cid)):
            err(f"{where}: id {cid!r} is not {name}-NN")
        if cid in ids:
            err(f"{where}: duplicate id {cid}")
        ids.add(cid)
        where = f"{name}:{cid}"
        if c.get("kind") not in KINDS:
            err(f"{where}: unknown kind {c.get('kind')!r}")
        kinds[c.get("kind")] += 1
        files = c.get("files") or []
        if not 1 <= len(files) <= 6:
            err(f"{where}: {len(files)} files (want 1-6)")
        plines = 0
        for f in files:
            p = f.get("path", "")
            if f.get("status") not in STATUSES:
                err(f"{where}: {p}: bad status {f.get('status')!r}")
            if p not in code_set:
                err(f"{where}: {p} not in code.txt")
            if f.get("previous_path") and f["previous_path"] not in code_set:
                err(f"{where}: previous_path {f['previous_path']} not in code.txt")
            if p in page_set or p.startswith(docs_rel) or p.endswith((".md", ".mdx")) and "docs/" in p:
                err(f"{where}: doc page {p} in files")
            if f.get("status") == "renamed" and not f.get("previous_path"):
                err(f"{where}: {p}: renamed file without previous_path")
            n = check_patch(f"{where}: {p}", f.get("patch", ""))
            if n > 80:
                err(f"{where}: {p}: patch has {n} lines (want at most 80 per file)")
            plines += n
        if plines < 5:
            err(f"{where}: only {plines} patch lines in total (want at least 5)")
        truth = c.get("truth") or []
        if not 1 <= len(truth) <= 3:
            err(f"{where}: {len(truth)} truth pages (want 1-3)")
        if len(set(truth)) != len(truth):
            err(f"{where}: duplicate truth page")
        for t in truth:
            if t not in page_set:
                err(f"{where}: truth {t} is not a page of the site")
        truth_sizes.append(len(truth))
    if not 35 <= ncases <= 45:
        err(f"{name}: {ncases} cases (want 35-45)")
    return {
        "name": name, "prefix": prefix or "(root)", "pages": len(pages),
        "categories": cats, "words": total_words, "code": len(code),
        "cases": ncases, "kinds": kinds, "truth": truth_sizes,
    }


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    sites_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "sites")
    names = sorted(n for n in os.listdir(sites_dir)
                   if os.path.isdir(os.path.join(sites_dir, n)))
    stats = [s for s in (check_site(os.path.join(sites_dir, n), n) for n in names) if s]
    hdr = f"{'site':<10} {'site dir':<9} {'pages':>5} {'words':>6} {'code':>5} {'cases':>5} " + \
          " ".join(f"{k[:10]:>10}" for k in KINDS) + f" {'truth/case':>10}"
    print(hdr)
    tot_k = Counter()
    all_truth = []
    for s in stats:
        tot_k.update(s["kinds"])
        all_truth += s["truth"]
        avg = sum(s["truth"]) / len(s["truth"]) if s["truth"] else 0
        print(f"{s['name']:<10} {s['prefix']:<9} {s['pages']:>5} {s['words']:>6} {s['code']:>5} "
              f"{s['cases']:>5} " + " ".join(f"{s['kinds'][k]:>10}" for k in KINDS) + f" {avg:>10.2f}")
    n = len(all_truth)
    avg = sum(all_truth) / n if n else 0
    print(f"{'total':<10} {'':<9} {sum(s['pages'] for s in stats):>5} "
          f"{sum(s['words'] for s in stats):>6} {sum(s['code'] for s in stats):>5} {n:>5} "
          + " ".join(f"{tot_k[k]:>10}" for k in KINDS) + f" {avg:>10.2f}")
    if n:
        print("kind share: " + ", ".join(f"{k} {100 * tot_k[k] / n:.0f}%" for k in KINDS))
        print("truth sizes: " + ", ".join(f"{k} page(s): {v}" for k, v in sorted(Counter(all_truth).items())))
    if errors:
        print(f"\n{len(errors)} error(s):")
        for e in errors:
            print("  " + e)
        sys.exit(1)
    print("\nOK: all checks passed")


if __name__ == "__main__":
    main()
