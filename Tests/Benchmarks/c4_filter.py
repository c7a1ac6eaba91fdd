#!/usr/bin/env python3
"""A C4-style line filter, the benchmark's Python peer (written for the benchmark, after the
rules of Raffel et al. 2020 that C4 was built with): keep a line when it ends with terminal
punctuation, has at least 3 words and names no policy or script boilerplate; drop a page with
"lorem ipsum" or a curly bracket, and keep pages with at least 3 kept lines.

usage: c4_filter.py INPUT...   (folders of .txt pages, .txt files, or .jsonl files with "text")
writes the kept lines of each kept page to standard output, a blank line between pages.
"""
import json
import os
import sys

TERMINAL = ('.', '!', '?', '"', "'", '”', '’', '…')
POLICY = ("terms of use", "privacy policy", "cookie policy", "uses cookies", "use of cookies", "use cookies", "javascript")


def clean(text):
    lowered = text.lower()
    if "lorem ipsum" in lowered or "{" in text:
        return None
    kept = []
    for line in text.split("\n"):
        line = line.strip()
        if not line.endswith(TERMINAL) or len(line.split()) < 3:
            continue
        low = line.lower()
        if any(phrase in low for phrase in POLICY):
            continue
        kept.append(line)
    return "\n".join(kept) if len(kept) >= 3 else None


def pages(paths):
    for path in paths:
        if os.path.isdir(path):
            for root, dirs, files in os.walk(path):
                dirs.sort()
                for name in sorted(files):
                    if name.endswith(".txt"):
                        with open(os.path.join(root, name), encoding="utf-8", errors="replace") as handle:
                            yield handle.read()
        elif path.endswith(".jsonl"):
            with open(path, encoding="utf-8") as handle:
                for line in handle:
                    yield json.loads(line).get("text", "")
        else:
            with open(path, encoding="utf-8", errors="replace") as handle:
                yield handle.read()


def main():
    out = sys.stdout
    for text in pages(sys.argv[1:]):
        kept = clean(text)
        if kept:
            out.write(kept)
            out.write("\n\n")


if __name__ == "__main__":
    main()
