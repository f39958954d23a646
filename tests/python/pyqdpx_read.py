"""Reads a .qdpx with pyqdpx and compares every selection with what qcw expects.

Usage: python pyqdpx_read.py FILE.qdpx EXPECTED.json

EXPECTED.json is a list of {"source", "code", "coder", "quote"} objects, one per coding.
pyqdpx follows NVivo: it pads each character outside the BMP with a U+200B so that Python
string indices equal UTF-16 offsets; that padding is removed again before comparing quotes.
Prints one JSON line {"selections": n, "sources": n, "users": n, "codes": n} and exits 0 when
every expected coding was read with the same quote, else prints the differences and exits 1.
"""

import collections
import json
import re
import sys

import pyqdpx

PADDING = re.compile("([\U00010000-\U0010FFFF])\u200b")


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
            read.append((source.name, sel.code.name, sel.user.name, PADDING.sub(r"\1", sel.text)))
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
