#!/usr/bin/env python3
"""End-to-end test of clean_corpus.py (`make test-spark`): runs the Spark job in local[2] over a
few thousand generated documents and checks it against a single-machine `winnow clean` of the
same input: the output document for document (the parts, read in order, byte for byte), the
added-up figures, and every rejected document collected with its input line. A second run ships
a rule pack (a folder) and turns moderation on, with gzip-compressed output.

Run with the Python of a virtual environment that has pyspark (the Makefile makes one):
    python examples/spark/test_spark_job.py --winnow dist/winnow [--documents N] [--keep-work DIR]
Prints the timings of both runs, then a closing line `N passed, M failed`; exits 1 on any failure.
"""
import argparse
import gzip
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
JOB = os.path.join(HERE, "clean_corpus.py")

passed, failed = 0, 0


def check(name, condition, detail=""):
    global passed, failed
    if condition:
        passed += 1
        print("ok    %s" % name)
    else:
        failed += 1
        print("FAIL  %s%s" % (name, (": " + detail) if detail else ""))
    return condition


# ---------------------------------------------------------------- the input


def corpus_pages():
    pages = []
    folder = os.path.join(ROOT, "corpus")
    for name in sorted(os.listdir(folder)):
        if name.endswith(".labels"):
            with open(os.path.join(folder, name), encoding="utf-8") as handle:
                lines = [line.rstrip("\n").split("\t", 1)[-1] if "\t" in line else "" for line in handle]
            pages.append((name[: -len(".labels")], lines))
    return pages


def generate(path, documents, seed=8):
    """Documents made from the corpus pages (labels stripped): furniture kept at the top and the
    bottom, the middle shuffled and cut, words swapped, a stamp line inserted, extra fields carried;
    some without an id. Among them, lines that winnow must reject (malformed JSON, a missing or
    non-string text, binary content, a document over --max-bytes 64K, a raw carriage return inside
    a string), blank lines, and one line ending in CR LF. Returns the lines written."""
    rng = random.Random(seed)
    pages = corpus_pages()
    vocabulary = sorted({word for _, lines in pages for line in lines for word in line.split() if word.isalpha()})
    specials = {
        7: "not json at all",
        311: '{"id": "truncated", "text": "The council said',
        777: '{"id": "no-text", "url": "https://x.example/"}',
        1201: '{"id": "number-text", "text": 42}',
        1555: json.dumps({"id": "binary", "text": "\u0000\u0001\u0002" * 400}),
        1999: json.dumps({"id": "too-big", "text": ("A long paragraph that goes on and on. " * 40 + "\n") * 60}),
        2345: '{"id": "raw-cr", "text": "first half\rsecond half"}',
    }
    lines = []
    number = 0
    while number < documents:
        position = len(lines) + 1
        if position in specials:
            lines.append(specials.pop(position))
            continue
        if rng.random() < 0.004:
            lines.append("")
            continue
        name, page = pages[rng.randrange(len(pages))]
        head, middle, tail = page[:8], page[8:-12], page[-12:]
        middle = middle[:]
        rng.shuffle(middle)
        middle = middle[: max(1, int(len(middle) * rng.uniform(0.4, 1.0)))]
        text = []
        for line in head + middle + tail:
            words = line.split(" ")
            if len(words) > 3 and rng.random() < 0.3:
                words[rng.randrange(len(words))] = rng.choice(vocabulary)
            text.append(" ".join(words))
        text.insert(rng.randrange(len(text) + 1), "Updated %d.%02d.%d at %02d:%02d" % (
            rng.randrange(1, 29), rng.randrange(1, 13), rng.randrange(2015, 2026), rng.randrange(24), rng.randrange(60)))
        document = {"id": "%s-%06d" % (name, number), "url": "https://%s.example/%d" % (name.split("-")[1], number),
                    "text": "\n".join(text), "meta": {"shard": number % 16, "score": round(rng.random(), 4)}}
        if number % 97 == 5:
            del document["id"]
        line = json.dumps(document, ensure_ascii=rng.random() < 0.5)
        if number == 1000:
            line += "\r"
        lines.append(line)
        number += 1
    for position in sorted(specials):  # any not reached yet go at the end
        lines.append(specials[position])
    with open(path, "w", encoding="utf-8", newline="") as handle:
        handle.write("\n".join(lines) + "\n")
    return lines


# ---------------------------------------------------------------- running


def children_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_single(winnow, source, out, stats, rejects, options):
    command = [winnow, "clean", "--format", "jsonl", "--jobs", "2", "-q", "--stats", stats, "--rejects", rejects] + options + [source]
    started, cpu = time.time(), children_cpu()
    with open(out, "wb") as handle:
        result = subprocess.run(command, stdout=handle, stderr=subprocess.PIPE)
    return result.returncode, result.stderr.decode("utf-8", "replace"), time.time() - started, children_cpu() - cpu


def run_spark(source, output, report, winnow, options, log):
    bin_folder = os.path.dirname(sys.executable)
    environment = dict(os.environ, PYSPARK_PYTHON=sys.executable, PYSPARK_DRIVER_PYTHON=sys.executable,
                       SPARK_LOCAL_IP="127.0.0.1")
    command = [os.path.join(bin_folder, "spark-submit"), "--master", "local[2]", "--conf", "spark.ui.enabled=false",
               "--conf", "spark.sql.shuffle.partitions=2", JOB, source, output, "--winnow", winnow,
               "--report", report] + options
    started, cpu = time.time(), children_cpu()
    with open(log, "wb") as handle:
        result = subprocess.run(command, stdout=handle, stderr=subprocess.STDOUT, env=environment)
    elapsed, cpu = time.time() - started, children_cpu() - cpu
    with open(log, encoding="utf-8", errors="replace") as handle:
        text = handle.read()
    return result.returncode, text, elapsed, cpu


def read_parts(folder):
    """The bytes of the part files, in order (gzip parts unpacked)."""
    chunks = []
    for name in sorted(os.listdir(folder)):
        if name.startswith("part-"):
            opener = gzip.open if name.endswith(".gz") else open
            with opener(os.path.join(folder, name), "rb") as handle:
                chunks.append(handle.read())
    return b"".join(chunks)


def first_difference(mine, theirs):
    for number, (one, two) in enumerate(zip(mine, theirs), start=1):
        if one != two:
            return "document %d differs:\n  spark:  %s\n  single: %s" % (number, one[:300], two[:300])
    return "spark wrote %d documents, the single machine %d" % (len(mine), len(theirs))


def compare_run(label, work, lines, winnow, spark_options, winnow_options, partitions):
    """One Spark run against one single-machine run with the same winnow options."""
    source = os.path.join(work, "input.jsonl")
    reference = os.path.join(work, label + "-single.jsonl")
    ref_stats, ref_rejects = os.path.join(work, label + "-single-stats.json"), os.path.join(work, label + "-single-rejects.jsonl")
    status, errors, single_seconds, single_cpu = run_single(winnow, source, reference, ref_stats, ref_rejects, winnow_options)
    check("%s: single-machine winnow clean ran (exit 1: it rejected some lines)" % label, status == 1, errors[-2000:])
    output, report_path = os.path.join(work, label + "-spark"), os.path.join(work, label + "-report.json")
    status, log, spark_seconds, spark_cpu = run_spark(source, output, report_path, winnow, spark_options, os.path.join(work, label + "-spark.log"))
    if not check("%s: spark-submit clean_corpus.py exited 0" % label, status == 0, log[-4000:]):
        return None
    with open(reference, "rb") as handle:
        single = handle.read()
    spark = read_parts(output)
    single_docs, spark_docs = single.splitlines(), spark.splitlines()
    check("%s: output equals the single-machine run, document for document (%d documents)" % (label, len(single_docs)),
          spark == single, "" if spark == single else first_difference(spark_docs, single_docs))

    with open(report_path, encoding="utf-8") as handle:
        report = json.load(handle)
    with open(ref_stats, encoding="utf-8") as handle:
        stats = json.load(handle)
    with open(os.path.join(output, "_report", "part-00000"), encoding="utf-8") as handle:
        check("%s: the report is written to OUTPUT/_report" % label, json.loads(handle.read()) == report)
    keys = ["documents", "cleaned", "empty", "dropped_empty", "rejected", "skipped", "segments", "bytes_in", "bytes_out", "repaired"]
    if "moderation" in stats:
        keys.append("moderation")
    differing = {key: (report.get(key), stats.get(key)) for key in keys if report.get(key) != stats.get(key)}
    check("%s: added-up figures equal the single-machine --stats (%s)" % (label, ", ".join(keys)), not differing, str(differing))
    check("%s: documents in = cleaned + rejected + skipped" % label,
          report["documents"] == report["cleaned"] + report["rejected"]["total"] + report["skipped"]["total"], str(report))
    check("%s: the job's own checks hold" % label, all(report["checks"].values()), str(report["checks"]))
    check("%s: %d partitions, their figures add up" % (label, partitions),
          report["partitions"] == partitions == len(report["per_partition"])
          and sum(part["documents"] for part in report["per_partition"]) == report["documents"]
          and sum(part["lines"] for part in report["per_partition"]) == len(lines), str(report["per_partition"]))
    check("%s: every partition did work" % label, all(part["documents"] > 0 for part in report["per_partition"]))

    with open(ref_rejects, encoding="utf-8") as handle:
        expected = [json.loads(line) for line in handle]
    rejects_folder = os.path.join(output, "_rejects")
    collected = [json.loads(line) for line in read_parts(rejects_folder).splitlines()] if os.path.isdir(rejects_folder) else []
    mine = [(r["line"], r["id"], r["reason"], r["detail"]) for r in collected]
    theirs = [(r["position"], r["id"], r["reason"], r["detail"]) for r in expected]
    check("%s: rejects collected in OUTPUT/_rejects, the same as the single machine's (%d)" % (label, len(theirs)),
          mine == theirs and len(theirs) > 0, "spark %s\nsingle %s" % (mine, theirs))
    check("%s: each collected reject carries its input line" % label,
          all(r["document"] == lines[r["line"] - 1] for r in collected), str([r["line"] for r in collected]))
    size = os.path.getsize(source)
    print("      %s timings over %.1f MB: single-machine winnow clean --jobs 2: %.2f s, %.2f MB/s (winnow %.1f CPU s); "
          "spark local[2]: %.2f s for spark-submit, %.2f MB/s (%.2f s from the context up; CPU: winnow %.1f s, "
          "Python workers %.1f s, JVM and driver %.1f s)" % (
              label, size / 1e6, single_seconds, size / 1e6 / single_seconds, single_cpu, spark_seconds,
              size / 1e6 / spark_seconds, report["elapsed_seconds"], report["winnow_cpu_seconds"],
              report["python_cpu_seconds"], spark_cpu))
    return report, single_docs


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--winnow", default=os.path.join(ROOT, "dist", "winnow"))
    parser.add_argument("--documents", type=int, default=3000)
    parser.add_argument("--keep-work", metavar="DIR", help="work in DIR and keep it (default: a temporary folder, removed)")
    parser.add_argument("--only-plain", action="store_true", help="only the first run (for timing larger inputs)")
    parser.add_argument("--partitions", type=int, default=4, help="partitions of the first run (default 4)")
    options = parser.parse_args()
    winnow = os.path.abspath(options.winnow)

    work = options.keep_work or tempfile.mkdtemp(prefix="winnow-spark-test-")
    if options.keep_work:
        shutil.rmtree(work, ignore_errors=True)
        os.makedirs(work)
    try:
        status = subprocess.run(["bash", os.path.join(ROOT, "Tests", "Dist", "check.sh"), winnow], capture_output=True, text=True)
        check("the binary is relocatable (Tests/Dist/check.sh)", status.returncode == 0, status.stderr + status.stdout)
        lines = generate(os.path.join(work, "input.jsonl"), options.documents)
        print("      input: %d lines, %d bytes" % (len(lines), os.path.getsize(os.path.join(work, "input.jsonl"))))

        limits = ["--max-bytes", "64K"]
        compare_run("plain", work, lines, winnow, ["--partitions", str(options.partitions)] + limits, limits, options.partitions)

        if not options.only_plain:
            pack = os.path.join(work, "site-pack")
            os.makedirs(pack)
            with open(os.path.join(pack, "stamps.yaml"), "w", encoding="utf-8") as handle:
                handle.write("description: Test pack shipped to the executors.\nrules:\n"
                             "  - id: spark-test-updated-stamp\n    label: disclaimer\n    patterns: ['^Updated \\d+\\.\\d+\\.\\d{4} at ']\n"
                             "    priority: 95\n    examples: ['Updated 3.04.2021 at 10:15']\n")
            with open(os.path.join(pack, "documents.yaml"), "w", encoding="utf-8") as handle:
                handle.write("documents:\n  - id: spark-test-mentions-council\n    verdict: review\n    terms: ['council']\n")
            moderation = ["--rules", pack, "--moderate", "--profile", "pii"]
            result = compare_run("pack+moderation", work, lines, winnow, ["--partitions", "3", "--compress"] + moderation + limits,
                                 moderation + limits, 3)
            if result:
                report, documents = result
                verdicts = report.get("moderation", {}).get("verdicts", {})
                check("pack+moderation: verdicts counted (keep %d, review %d, drop %d); kept + review = documents written" % (
                    verdicts.get("keep", 0), verdicts.get("review", 0), verdicts.get("drop", 0)),
                      verdicts.get("drop", 0) > 0 and verdicts.get("review", 0) > 0
                      and verdicts.get("keep", 0) + verdicts.get("review", 0) == len(documents), str(verdicts))
                check("pack+moderation: the shipped pack's rule (in a folder) decided segments",
                      any(b"rule:spark-test-updated-stamp" in line for line in documents))
    finally:
        if not options.keep_work:
            shutil.rmtree(work, ignore_errors=True)
    print("spark: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
