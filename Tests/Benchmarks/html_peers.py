#!/usr/bin/env python3
"""Runs an HTML extractor over gzipped HTML pages, for the benchmark's peers.

usage: html_peers.py trafilatura|justext PAGE.html.gz...
writes the extracted text of each page to standard output.
"""
import gzip
import sys


def main():
    tool, paths = sys.argv[1], sys.argv[2:]
    out = sys.stdout
    if tool == "trafilatura":
        import trafilatura

        for path in paths:
            with gzip.open(path, "rb") as handle:
                html = handle.read().decode("utf-8", errors="replace")
            text = trafilatura.extract(html) or ""
            out.write(text + "\n\n")
    elif tool == "justext":
        import justext

        stoplist = justext.get_stoplist("English")
        for path in paths:
            with gzip.open(path, "rb") as handle:
                html = handle.read()
            paragraphs = justext.justext(html, stoplist)
            out.write("\n".join(p.text for p in paragraphs if not p.is_boilerplate) + "\n\n")
    else:
        sys.exit("unknown tool " + tool)


if __name__ == "__main__":
    main()
