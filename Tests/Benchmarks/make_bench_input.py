#!/usr/bin/env python3
"""Writes the throughput benchmark's input: text pages (one file each) and the same pages as JSONL.

Pages are built from the labelled pages of corpus/ (labels stripped), so they have the shape of
real pages — menus, headlines, paragraphs, notices, tag lists, teasers — in the corpus's nine
languages. No two are the same text: each takes a page, inserts paragraphs from other pages of
its language until it reaches a size drawn around 10 KB (the dev set's mean page), swaps some
neighbouring paragraphs, replaces words with others of its language (often in prose, rarely in
short lines, so menus stay menus) and re-draws digits. Deterministic for a given seed.

usage: make_bench_input.py CORPUS_DIR OUTPUT_DIR BYTES [SEED]
writes OUTPUT_DIR/pages/NNN/pNNNNNNN.txt and OUTPUT_DIR/pages.jsonl; prints pages and bytes.
"""
import json
import os
import random
import sys

from make_jsonl import pages  # the same corpus reader (this folder is on sys.path when run as a script)


def read_pages(corpus):
    """The corpus pages' lines (labels stripped), grouped by the language prefix of their names."""
    by_language = {}
    for name, lines in pages(corpus):
        by_language.setdefault(name.split("-", 1)[0], []).append(lines)
    return by_language


def perturb(line, vocabulary, rng):
    words = line.split(" ")
    rate = 0.3 if len(words) >= 6 else 0.06
    out = []
    for word in words:
        if word.isalpha() and rng.random() < rate:
            new = rng.choice(vocabulary)
            word = new[:1].upper() + new[1:] if word[:1].isupper() else new
        elif any(c.isdigit() for c in word):
            word = "".join(str(rng.randrange(10)) if c.isdigit() and rng.random() < 0.5 else c for c in word)
        out.append(word)
    return " ".join(out)


def make_page(language, pages, paragraphs, vocabulary, rng):
    base = list(rng.choice(pages))
    target = min(60000, max(2000, int(rng.lognormvariate(9.0, 0.6))))
    size = sum(len(line) + 1 for line in base)
    long_lines = [i for i, line in enumerate(base) if len(line.split()) >= 8]
    at = long_lines[len(long_lines) // 2] + 1 if long_lines else len(base) // 2
    while size < target and paragraphs:
        paragraph = rng.choice(paragraphs)
        base.insert(at, paragraph)
        at += 1
        size += len(paragraph) + 1
    for i in range(1, len(base)):
        if len(base[i].split()) >= 8 and len(base[i - 1].split()) >= 8 and rng.random() < 0.3:
            base[i], base[i - 1] = base[i - 1], base[i]
    return "\n".join(perturb(line, vocabulary, rng) for line in base) + "\n"


def main():
    corpus, output, total = sys.argv[1], sys.argv[2], int(sys.argv[3])
    rng = random.Random(int(sys.argv[4]) if len(sys.argv) > 4 else 7)
    by_language = read_pages(corpus)
    languages = sorted(by_language)
    weights = [len(by_language[language]) for language in languages]
    paragraphs = {l: [line for page in by_language[l] for line in page if len(line.split()) >= 12] for l in languages}
    vocabulary = {l: sorted({w.lower() for page in by_language[l] for line in page for w in line.split() if w.isalpha()}) for l in languages}
    os.makedirs(os.path.join(output, "pages"), exist_ok=True)
    written = 0
    count = 0
    with open(os.path.join(output, "pages.jsonl.part"), "w", encoding="utf-8") as jsonl:
        while written < total:
            language = rng.choices(languages, weights)[0]
            text = make_page(language, by_language[language], paragraphs[language], vocabulary[language], rng)
            name = "p%07d" % count
            folder = os.path.join(output, "pages", "%03d" % (count // 1000))
            if count % 1000 == 0:
                os.makedirs(folder, exist_ok=True)
            with open(os.path.join(folder, name + ".txt"), "w", encoding="utf-8") as page:
                page.write(text)
            jsonl.write(json.dumps({"id": name, "text": text}, ensure_ascii=False) + "\n")
            written += len(text.encode("utf-8"))
            count += 1
    os.replace(os.path.join(output, "pages.jsonl.part"), os.path.join(output, "pages.jsonl"))
    print("%d pages, %d bytes of text" % (count, written))


if __name__ == "__main__":
    main()
