#!/usr/bin/env python3
"""Checks a `claimcheck check --format json` run on a generated corpus against
its manifest: every planted contradiction found, nothing else at error
severity. Prints one line of counts; exits 1 when the run is not correct.

usage: verify.py CORPUS_DIR OUT.json
       verify.py CORPUS.jsonl OUT.json   (manifest: CORPUS.jsonl.manifest.json)
"""
import json
import os
import sys


def main():
    corpus, out = sys.argv[1], sys.argv[2]
    jsonl = os.path.isfile(corpus)
    manifest = json.load(open(corpus + ".manifest.json" if jsonl else os.path.join(corpus, "manifest.json")))
    run = json.load(open(out))

    # Absolute, so that a run given relative or absolute paths is judged the same;
    # a JSON Lines document is named FILE#ID, its id the folder path without ".txt".
    def norm(p):
        if jsonl:
            file, _, id = p.partition("#")
            return os.path.abspath(file) + "#" + id
        return os.path.abspath(p)

    def doc_of(claim):
        if jsonl:
            return norm(corpus + "#" + claim["path"].removesuffix(".txt"))
        return norm(os.path.join(corpus, claim["path"]))

    planted = {frozenset((doc_of(p["a"]), doc_of(p["b"]))) for p in manifest["planted"]}
    found, other_errors = set(), []
    for f in run["findings"]:
        if f["severity"] != "error":
            continue
        docs = frozenset(norm(c["doc"]) for c in f["claims"])
        if f["code"] == "contradiction" and docs in planted:
            found.add(docs)
        else:
            other_errors.append(f["message"])
    claims = sum(d["claims"] for d in run["documents"])
    by_severity = {}
    for f in run["findings"]:
        by_severity[f["severity"]] = by_severity.get(f["severity"], 0) + 1
    print(
        f"documents={len(run['documents'])} claims={claims} planted={len(planted)} found={len(found)} "
        f"other_errors={len(other_errors)} warnings={by_severity.get('warning', 0)} infos={by_severity.get('info', 0)}"
    )
    for m in other_errors[:10]:
        print("  other error:", m)
    sys.exit(0 if found == planted and not other_errors else 1)


if __name__ == "__main__":
    main()
