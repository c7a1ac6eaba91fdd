#!/usr/bin/env python3
"""Writes a JSONL corpus of a given size for the memory benchmark.

Documents are built from the pages of corpus/ (labels stripped): each one takes a page, keeps its
furniture at the top and bottom, shuffles and trims its middle, swaps in numbers and words from
other pages, and carries a few extra fields, so no two documents are the same text and the
pipeline does real work on each. Deterministic for a given seed.
usage: make_jsonl.py CORPUS_DIR OUTPUT BYTES [SEED]
"""
import json
import os
import random
import sys


def pages(corpus):
    result = []
    for name in sorted(os.listdir(corpus)):
        if not name.endswith(".labels"):
            continue
        lines = []
        with open(os.path.join(corpus, name), encoding="utf-8") as handle:
            for line in handle:
                line = line.rstrip("\n")
                lines.append(line.split("\t", 1)[1] if "\t" in line else "")
        result.append((name[: -len(".labels")], lines))
    return result


def main():
    corpus, output, size = sys.argv[1], sys.argv[2], int(sys.argv[3])
    rng = random.Random(int(sys.argv[4]) if len(sys.argv) > 4 else 1)
    source = pages(corpus)
    vocabulary = sorted({word for _, lines in source for line in lines for word in line.split() if word.isalpha()})
    written = 0
    number = 0
    temporary = output + ".part"
    os.makedirs(os.path.dirname(output) or ".", exist_ok=True)
    with open(temporary, "w", encoding="utf-8") as out:
        while written < size:
            name, lines = source[rng.randrange(len(source))]
            head, middle, tail = lines[:8], lines[8:-12], lines[-12:]
            middle = middle[:]
            rng.shuffle(middle)
            middle = middle[: max(1, int(len(middle) * rng.uniform(0.4, 1.0)))]
            text_lines = []
            for line in head + middle + tail:
                words = line.split(" ")
                if len(words) > 3 and rng.random() < 0.3:
                    words[rng.randrange(len(words))] = rng.choice(vocabulary)
                text_lines.append(" ".join(words))
            text_lines.insert(rng.randrange(len(text_lines) + 1), "Updated %d.%02d.%d at %02d:%02d" % (
                rng.randrange(1, 29), rng.randrange(1, 13), rng.randrange(2015, 2026), rng.randrange(24), rng.randrange(60)))
            document = {
                "id": "%s-%08d" % (name, number),
                "url": "https://%s.example/%d/%s" % (name.split("-")[1] if "-" in name else "site", number, name),
                "text": "\n".join(text_lines),
                "meta": {"crawl": "bench", "shard": number % 64, "score": round(rng.random(), 4)},
            }
            line = json.dumps(document, ensure_ascii=False) + "\n"
            out.write(line)
            written += len(line.encode("utf-8"))
            number += 1
    os.replace(temporary, output)
    print("wrote %s: %d documents, %d bytes" % (output, number, written))


if __name__ == "__main__":
    main()
