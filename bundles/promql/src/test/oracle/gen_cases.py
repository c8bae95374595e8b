#!/usr/bin/env python3
"""Regenerates parse_cases.tsv / mutation_cases.tsv from a real Prometheus 2.42.

usage: gen_cases.py PROMETHEUS_URL INPUT_FILE... > cases.tsv

Each input line is a query (⏎ stands for a newline). For each, Prometheus's
/api/v1/format_query answer is recorded: "input<TAB>OK<TAB>formatted<TAB>tree" (the tree is
our AstDump, printed by Dump.java, to be reviewed by hand) or "input<TAB>ERR<TAB>message".
Lines listed in inputs/divergences.txt are left out (see the README).
"""
import json, os, subprocess, sys, urllib.error, urllib.parse, urllib.request

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.abspath(os.path.join(here, "..", "..", ".."))
m2 = os.path.expanduser("~/.m2/repository")
cp = ":".join([os.path.join(root, "target/classes"), os.path.join(root, "target/test-classes"),
               os.path.join(root, "../api/target/classes"),
               os.path.join(m2, "org/antlr/antlr4-runtime/4.13.2/antlr4-runtime-4.13.2.jar")])

def oracle(url, q):
    data = urllib.parse.urlencode({"query": q}).encode()
    try:
        d = json.load(urllib.request.urlopen(url + "/api/v1/format_query", data))
    except urllib.error.HTTPError as e:
        d = json.load(e)
    if d["status"] == "success":
        return "OK", d["data"]
    return "ERR", d["error"].replace('invalid parameter "query": ', "")

def main():
    url, files = sys.argv[1], sys.argv[2:]
    skip = set(l.rstrip("\n") for l in open(os.path.join(here, "inputs", "divergences.txt"), encoding="utf-8"))
    seen, qs = set(), []
    for f in files:
        for l in open(f, encoding="utf-8"):
            l = l.rstrip("\n")
            if l and l not in seen and l not in skip:
                seen.add(l)
                qs.append(l)
    dumps = subprocess.run(["java", "-cp", cp, os.path.join(here, "Dump.java")], input="\n".join(qs) + "\n",
                           capture_output=True, text=True, encoding="utf-8").stdout.splitlines()
    for q, d in zip(qs, dumps):
        kind, text = oracle(url, q.replace("⏎", "\n"))
        text = text.replace("\n", "⏎")
        print("%s\t%s\t%s%s" % (q, kind, text, "\t" + d if kind == "OK" else ""))

if __name__ == "__main__":
    main()
