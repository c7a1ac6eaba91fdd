#!/usr/bin/env python3
"""The throughput benchmark (`make bench`): Winnow against the regex baseline, the I/O floor
and peers, on generated inputs built from the corpus pages, several runs each.

Every figure is a whole process under GNU time (`/usr/bin/time`: wall clock and peak resident
memory); a table gives the median and spread of each, MB/s of input, and the ratio to Winnow
with one job, measured in the same run. Settings (environment):

  BENCH_SIZES       input sizes in MB (10^6 bytes of page text), default "50 200"
  BENCH_RUNS        runs of each command, default 5 (Winnow's commands run in turn, a run
                    each a round, so that their ratios are measured side by side)
  BENCH_NAIVE_RUNS  runs of the naive pcre2grep pass, which is slow, default 1
  BENCH_PEERS=1     also run trafilatura and jusText on the dev set's HTML (pip-installed)
  BENCH_OUT         where inputs and results go, default .build/bench
"""
import datetime
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
HERE = os.path.join(ROOT, "Tests", "Benchmarks")
OUT = os.environ.get("BENCH_OUT", os.path.join(ROOT, ".build", "bench"))
SIZES = [int(size) for size in os.environ.get("BENCH_SIZES", "50 200").split()]
RUNS = int(os.environ.get("BENCH_RUNS", "5"))
NAIVE_RUNS = int(os.environ.get("BENCH_NAIVE_RUNS", "1"))
PEERS = os.environ.get("BENCH_PEERS") == "1"
WINNOW = os.path.join(ROOT, ".build", "release", "winnow")
DEVSET = os.path.join(os.path.dirname(ROOT), "shared", "devset", "pages")
CORES = os.cpu_count() or 1
CEILING = "winnow clean --jobs 1, %d processes at once (text, the cores' ceiling)"


def log(message):
    print(message, file=sys.stderr, flush=True)


def machine():
    model = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as handle:
            for line in handle:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return "%d cores, %s, %s %s" % (CORES, model, platform.system(), platform.release())


def winnow_help():
    return subprocess.run([WINNOW, "clean", "--help"], capture_output=True, text=True).stdout


def timed(command, runs):
    """Runs `command` (a shell command line) `runs` times under GNU time: [(seconds, peak MB, cpu s)]."""
    results = []
    for _ in range(runs):
        with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
            status = subprocess.run(["/usr/bin/time", "-f", "%e %M %U %S", "-o", report.name, "sh", "-c", command],
                                    stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            if status.returncode != 0:
                raise SystemExit("failed (%d): %s\n%s" % (status.returncode, command, status.stderr[-2000:]))
            fields = report.read().split()[-4:]
            results.append((float(fields[0]), int(fields[1]) / 1024, float(fields[2]) + float(fields[3])))
    return results


def input_for(size):
    folder = os.path.join(OUT, "in-%dM" % size)
    if not os.path.exists(os.path.join(folder, "pages.jsonl")):
        log("generating %d MB of pages in %s" % (size, folder))
        shutil.rmtree(folder, ignore_errors=True)
        subprocess.run([sys.executable, os.path.join(HERE, "make_bench_input.py"), os.path.join(ROOT, "corpus"), folder,
                        str(size * 1000 * 1000)], check=True, stdout=sys.stderr)
    pages = os.path.join(folder, "pages")
    text_bytes = 0
    for root, _, files in os.walk(pages):
        text_bytes += sum(os.path.getsize(os.path.join(root, name)) for name in files)
    return pages, os.path.join(folder, "pages.jsonl"), text_bytes, os.path.getsize(os.path.join(folder, "pages.jsonl"))


class Row:
    def __init__(self, tool, input_name, size_bytes, runs):
        self.tool, self.input, self.size, self.runs = tool, input_name, size_bytes, runs
        seconds = [run[0] for run in runs]
        self.median = statistics.median(seconds)
        self.spread = (max(seconds) - min(seconds)) / self.median if self.median else 0
        self.cpu = statistics.median(run[2] for run in runs)
        self.peak = max(run[1] for run in runs)
        self.mbps = size_bytes / 1e6 / self.median if self.median else float("inf")


def main():
    os.makedirs(OUT, exist_ok=True)
    help_text = winnow_help()
    has_jobs = "--jobs" in help_text
    has_jsonl = bool(re.search(r"input-format[^\n]*\n?[^\n]*jsonl", help_text)) or "jsonl, warc" in help_text
    notes = []
    if not has_jobs:
        notes.append("this build of winnow has no --jobs (the parallel batch engine is not merged here): "
                     "the --jobs rows are skipped and one process runs on one core")
    if not has_jsonl:
        notes.append("this build of winnow reads no JSONL input: the JSONL rows are skipped")
    started = datetime.datetime.now().strftime("%Y-%m-%d %H:%M")
    load_before = os.getloadavg()
    patterns = os.path.join(OUT, "patterns.txt")
    with open(patterns, "w") as handle:
        subprocess.run([WINNOW, "rules", "patterns"], stdout=handle, check=True)
    pattern_count = sum(1 for _ in open(patterns))

    rows = []
    winnow_one = {}
    bare = {}
    for size in SIZES:
        pages, jsonl, text_bytes, jsonl_bytes = input_for(size)
        name = "%d MB pages" % size
        jname = "%d MB JSONL" % size
        log("warming the page cache for %s" % name)
        subprocess.run("find '%s' -name '*.txt' -print0 | xargs -0 cat > /dev/null; cat '%s' > /dev/null" % (pages, jsonl), shell=True)

        def run(tool, command, input_name, size_bytes, runs=RUNS):
            log("%s on %s: %s" % (tool, input_name, command))
            row = Row(tool, input_name, size_bytes, timed(command, runs))
            log("  median %.2f s, %.1f MB/s, peak %.0f MB" % (row.median, row.mbps, row.peak))
            rows.append(row)
            return row

        def run_alternating(commands):
            """Runs Winnow's commands in turn, RUNS rounds of one run each, so that each of its
            rows is measured over the same stretch of time as the others (a neighbour's load on a
            shared host then weighs on all of them, not on whichever ran while it lasted): their
            ratios are side by side. Returns the rows in the order given."""
            runs = [[] for _ in commands]
            for number in range(RUNS):
                for index, (tool, command, input_name, _) in enumerate(commands):
                    log("%s on %s (round %d of %d): %s" % (tool, input_name, number + 1, RUNS, command))
                    runs[index] += timed(command, 1)
            made = []
            for (tool, _, input_name, size_bytes), measured in zip(commands, runs):
                row = Row(tool, input_name, size_bytes, measured)
                log("  %s: median %.2f s, %.1f MB/s, peak %.0f MB" % (tool, row.median, row.mbps, row.peak))
                rows.append(row)
                made.append(row)
            return made

        jobs = "--jobs 1 " if has_jobs else ""
        # The same without any rule: what the pipeline's own stages cost (read, normalise,
        # segment, measure, context, write), so the table shows what the rules add.
        commands = [("winnow clean %s(text)" % jobs, "'%s' clean %s'%s'" % (WINNOW, jobs, pages), name, text_bytes),
                    ("winnow clean %s--no-default-rules (text, no rules)" % jobs,
                     "'%s' clean %s--no-default-rules '%s'" % (WINNOW, jobs, pages), name, text_bytes)]
        if has_jobs:
            commands.append(("winnow clean --jobs %d (text)" % CORES, "'%s' clean --jobs %d '%s'" % (WINNOW, CORES, pages), name, text_bytes))
        if CORES > 1:
            # The most all cores could give: one single-threaded process a core, each on the
            # whole input, at once (MB/s of all the input they read). On a shared host some
            # cores are at times busy elsewhere, and this ceiling falls below CORES times one job.
            commands.append((CEILING % CORES, "for i in $(seq %d); do '%s' clean %s'%s' > /dev/null & done; wait" % (CORES, WINNOW, jobs, pages),
                             name, text_bytes * CORES))
        if has_jsonl:
            commands.append(("winnow clean %s(JSONL in and out)" % jobs, "'%s' clean %s'%s'" % (WINNOW, jobs, jsonl), jname, jsonl_bytes))
            if has_jobs:
                commands.append(("winnow clean --jobs %d (JSONL in and out)" % CORES, "'%s' clean --jobs %d '%s'" % (WINNOW, CORES, jsonl), jname, jsonl_bytes))
        made = run_alternating(commands)
        winnow_one[size], bare[size] = made[0], made[1]
        run("naive: pcre2grep -c -f (%d patterns)" % pattern_count, "pcre2grep -c -r -f '%s' '%s'" % (patterns, pages), name, text_bytes,
            runs=NAIVE_RUNS)
        run("floor: split into lines (cat, wc -l)", "find '%s' -name '*.txt' -print0 | xargs -0 cat | wc -l" % pages, name, text_bytes)
        run("peer: C4-style line filter (Python)", "'%s' '%s' '%s'" % (sys.executable, os.path.join(HERE, "c4_filter.py"), pages), name, text_bytes)

    if PEERS:
        html = sorted(os.path.join(DEVSET, name) for name in os.listdir(DEVSET) if name.endswith(".html.gz")) if os.path.isdir(DEVSET) else []
        if not html:
            notes.append("BENCH_PEERS=1 but no dev set HTML at %s: peers skipped" % DEVSET)
        else:
            html_bytes = 0
            import gzip
            for path in html:
                with gzip.open(path, "rb") as handle:
                    html_bytes += len(handle.read())
            texts = [path[: -len(".html.gz")] + ".txt" for path in html]
            text_bytes = sum(os.path.getsize(path) for path in texts if os.path.exists(path))
            listing = os.path.join(OUT, "devset-html.txt")
            with open(listing, "w") as handle:
                handle.write("\n".join(html) + "\n")
            text_listing = os.path.join(OUT, "devset-text.txt")
            with open(text_listing, "w") as handle:
                handle.write("\n".join(path for path in texts if os.path.exists(path)) + "\n")
            devname = "dev set, %d pages" % len(html)
            log("winnow on the dev set's text pages")
            jobs = "--jobs 1 " if has_jobs else ""
            dev = Row("winnow clean %s(dev set text)" % jobs, devname + " (text)", text_bytes,
                      timed("xargs -a '%s' '%s' clean %s" % (text_listing, WINNOW, jobs), RUNS))
            rows.append(dev)
            winnow_one["dev"] = dev
            for tool in ["trafilatura", "justext"]:
                try:
                    __import__(tool)
                except ImportError:
                    log("installing %s with pip (BENCH_PEERS=1)" % tool)
                    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", tool], check=False)
                try:
                    __import__(tool)
                except ImportError:
                    notes.append("%s could not be installed: skipped" % tool)
                    continue
                command = "xargs -a '%s' '%s' '%s' %s" % (listing, sys.executable, os.path.join(HERE, "html_peers.py"), tool)
                log("%s on the dev set's HTML" % tool)
                rows.append(Row("peer: %s (Python, on the HTML)" % tool, devname + " (HTML)", html_bytes, timed(command, RUNS)))

    load_after = os.getloadavg()
    table = ["| tool | input | runs | median s | spread | MB/s | CPU s | peak MB | × Winnow, 1 job |",
             "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for row in rows:
        key = "dev" if row.input.startswith("dev set") else int(row.input.split()[0])
        reference = winnow_one.get(key)
        ratio = row.mbps / reference.mbps if reference else float("nan")
        table.append("| %s | %s | %d | %.2f | ±%.0f%% | %.1f | %.2f | %.0f | %s |" % (
            row.tool, row.input, len(row.runs), row.median, row.spread * 50, row.mbps, row.cpu, row.peak,
            "%.2f" % ratio if ratio < 10 else "%.0f" % ratio))

    checks = []
    largest = max(SIZES)
    one = winnow_one[largest]
    facts = ["without rules, the pipeline's own stages alone run at %.1f MB/s on one core (%d MB): "
             "the rules take %.0f%% of the time of the full run" % (bare[largest].mbps, largest, 100 * (1 - bare[largest].median / one.median))]
    naive = next(row for row in rows if row.tool.startswith("naive") and row.input == "%d MB pages" % largest)
    checks.append(("text pipeline, one core, default rules: at least 100 MB/s", one.mbps >= 100, "%.1f MB/s" % one.mbps))
    checks.append(("at least twice the naive pcre2grep pass", one.mbps >= 2 * naive.mbps, "%.0f×" % (one.mbps / naive.mbps)))
    parallel = [row for row in rows if row.tool.startswith("winnow clean --jobs %d (text)" % CORES) and row.input == "%d MB pages" % largest]
    if parallel and CORES > 1:
        # Each round ran one job and all cores one after the other: the ratio of each round's
        # pair, and their median (the ratio of the medians beside it).
        ratios = [single[0] / many[0] for single, many in zip(one.runs, parallel[0].runs)]
        paired = statistics.median(ratios)
        ceiling = [row for row in rows if row.tool == CEILING % CORES and row.input == "%d MB pages" % largest]
        if ceiling:
            reached = statistics.median(CORES * single[0] / many[0] for single, many in zip(one.runs, ceiling[0].runs))
            facts.append("the cores' ceiling in the same rounds: %d one-job processes at once ran at %.2f times one job "
                         "(the median of the rounds' ratios; %d times is all cores free): %d jobs reached %.0f%% of it"
                         % (CORES, reached, CORES, CORES, 100 * paired / reached))
        checks.append(("%d cores: at least 1.8 times one core" % CORES, paired >= 1.8,
                       "%.2f×, the median of %d rounds' ratios (%s); %.2f× the ratio of the medians"
                       % (paired, len(ratios), ", ".join("%.2f" % ratio for ratio in ratios), parallel[0].mbps / one.mbps)))
    if len(SIZES) > 1:
        small = winnow_one[min(SIZES)]
        per_small, per_large = small.median / small.size, one.median / one.size
        # Not super-linear: a time per MB that falls with size is the fixed start-up being spread
        # over more pages (a noisy host can also lower it), not a cost that grows faster than the input.
        checks.append(("cost linear in input size (time per MB at %d MB at most 15%% above %d MB)" % (largest, min(SIZES)),
                       per_large / per_small <= 1.15, "%.2f× the time per MB" % (per_large / per_small)))

    lines = ["Measured %s on %s; load average %.1f before, %.1f after (the machine is shared); "
             "%s, release build; `make bench` (BENCH_SIZES=\"%s\", BENCH_RUNS=%d, BENCH_NAIVE_RUNS=%d%s)."
             % (started, machine(), load_before[0], load_after[0], platform.python_implementation() + " " + platform.python_version(),
                " ".join(map(str, SIZES)), RUNS, NAIVE_RUNS, ", BENCH_PEERS=1" if PEERS else ""), ""]
    lines += table
    lines += ["", "Spread: half the range of the runs, relative to the median. MB/s: input bytes over wall-clock time. "
              "Peak: largest resident set of any run."]
    lines += [""] + ["- %s: %s (%s)" % (text, "yes" if ok else "NO", figure) for text, ok, figure in checks]
    lines += ["- " + fact for fact in facts]
    lines += ["- note: " + note for note in notes]
    report = "\n".join(lines) + "\n"
    with open(os.path.join(OUT, "results.md"), "w") as handle:
        handle.write(report)
    with open(os.path.join(OUT, "results.json"), "w") as handle:
        json.dump({"machine": machine(), "started": started, "rows": [
            {"tool": row.tool, "input": row.input, "bytes": row.size, "seconds": [run[0] for run in row.runs],
             "peak_mb": [run[1] for run in row.runs], "cpu_seconds": [run[2] for run in row.runs]} for row in rows],
            "checks": [{"check": text, "passed": ok, "figure": figure} for text, ok, figure in checks]}, handle, indent=1)
    print(report)


if __name__ == "__main__":
    main()
