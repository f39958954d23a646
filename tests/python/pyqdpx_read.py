"""Reads a .qdpx with pyqdpx and compares every selection with what qcw expects.

Usage: python pyqdpx_read.py FILE.qdpx EXPECTED.json

EXPECTED.json is a list of {"source", "code", "coder", "quote"} objects, one per coding.
pyqdpx follows NVivo: after each grapheme cluster it adds one U+200B per character outside the
BMP in it, so that Python string indices equal UTF-16 offsets (simulate_nvivo_offsets); that
padding is removed again (unpad) before comparing quotes.
Prints one JSON line {"selections": n, "sources": n, "users": n, "codes": n} and exits 0 when
every expected coding was read with the same quote, else prints the differences and exits 1.
"""

import collections
import json
import sys

import pyqdpx
import regex


def unpad(text):
    """Removes the U+200B pyqdpx added after each grapheme cluster with astral characters."""
    out = []
    skip = 0
    for g in regex.findall(r"\X", text):
        if skip and g == "\u200b":
            skip -= 1
            continue
        out.append(g)
        skip = sum(1 for c in g if ord(c) > 0xFFFF)
    return "".join(out)


def main():
    path, expected_path = sys.argv[1], sys.argv[2]
    with open(expected_path, encoding="utf-8") as f:
        expected = json.load(f)
    project = pyqdpx.QDPX(path).get_project()
    if project is None:
        print("pyqdpx could not read project.qde", file=sys.stderr)
        return 1
    read = []
    for source in project.sources.values():
        if source.text_content is None:
            print(f"pyqdpx could not read the text of {source.name}", file=sys.stderr)
            return 1
        for sel in source.coded_selections.values():
            read.append((source.name, sel.code.name, sel.user.name, unpad(sel.text)))
    want = collections.Counter(
        (e["source"], e["code"], e["coder"], e["quote"]) for e in expected
    )
    got = collections.Counter(read)
    print(json.dumps({
        "selections": len(read),
        "sources": len(project.sources),
        "users": len(project.users),
        "codes": len(project.codes),
    }))
    if want != got:
        for k in (want - got):
            print(f"missing or different: {k}", file=sys.stderr)
        for k in (got - want):
            print(f"unexpected: {k}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
