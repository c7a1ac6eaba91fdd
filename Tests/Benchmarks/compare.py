#!/usr/bin/env python3
"""Two builds of winnow side by side: did a change make cleaning faster?

    python3 Tests/Benchmarks/compare.py OLD_WINNOW NEW_WINNOW [--size 50] [--runs 5] [--jobs 1]

Runs `clean --jobs 1` (or `--jobs N`) with each binary on the text pages and on the JSONL file that `make bench`
generated (.build/bench/in-<size>M; run `make bench-quick` or `make bench` first), alternating
the two binaries run by run so that load on a shared machine falls on both alike. Prints, for
each input, the median wall-clock, CPU and system (kernel) seconds of each binary and the ratio
old / new (above 1: the new build is faster). Quote the ratios: on a shared machine the absolute figures move
with the load, the ratios much less. Output is not compared here; tests do that.
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def timed(command):
    """One run under GNU time: (wall seconds, CPU seconds, of which system)."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
        status = subprocess.run(["/usr/bin/time", "-f", "%e %U %S", "-o", report.name] + command,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        if status.returncode != 0:
            raise SystemExit("failed (%d): %s\n%s" % (status.returncode, " ".join(command), status.stderr[-2000:]))
        wall, user, system = (float(field) for field in report.read().split()[-3:])
        return wall, user + system, system


def generated_inputs(size):
    """The text pages and the JSONL file `make bench` generated at `size` MB, by name."""
    folder = os.path.join(ROOT, ".build", "bench", "in-%dM" % size)
    inputs = [("text pages", os.path.join(folder, "pages")), ("JSONL", os.path.join(folder, "pages.jsonl"))]
    if not os.path.exists(inputs[1][1]):
        raise SystemExit("no generated input at %s: run `make bench` first (50 and 200 MB), or `make bench-quick` (10 and 40 MB) and pass --size 40" % folder)
    return inputs


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("old")
    parser.add_argument("new")
    parser.add_argument("--size", type=int, default=50, help="which generated input, in MB (default 50)")
    parser.add_argument("--runs", type=int, default=5, help="runs of each binary on each input (default 5)")
    parser.add_argument("--jobs", type=int, default=1, help="jobs of each run (default 1)")
    args = parser.parse_args()
    inputs = generated_inputs(args.size)
    print("load average before: %.1f" % os.getloadavg()[0])
    print("| input | old wall s | new wall s | old CPU s | new CPU s | old system s | new system s | old / new (wall) | old / new (CPU) |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, path in inputs:
        runs = {"old": [], "new": []}
        for _ in range(args.runs):
            for which in ("old", "new"):
                runs[which].append(timed([getattr(args, which), "clean", "--jobs", str(args.jobs), path]))
        median = {which: [statistics.median(r[field] for r in runs[which]) for field in range(3)] for which in runs}
        print("| %s, %d MB | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f |" % (
            name, args.size, median["old"][0], median["new"][0], median["old"][1], median["new"][1],
            median["old"][2], median["new"][2], median["old"][0] / median["new"][0], median["old"][1] / median["new"][1]))
        sys.stdout.flush()
    print("load average after: %.1f; %d runs each, alternating, `clean --jobs %d`" % (os.getloadavg()[0], args.runs, args.jobs))


if __name__ == "__main__":
    main()
