#!/usr/bin/env python3
"""What more cores add: one build, one job against N, side by side.

    python3 Tests/Benchmarks/scaling.py WINNOW [--size 200] [--runs 7] [--jobs N]

Runs `clean --jobs 1` and `clean --jobs N` (N: all cores by default) of one binary on the text
pages and on the JSONL file that `make bench` generated (.build/bench/in-<size>M), alternating
them run by run so that load on a shared machine falls on both alike, and prints the medians
(wall-clock and CPU seconds) and the ratio of one job's wall-clock time to N jobs'.

Beside them, in the same turns, N processes of `clean --jobs 1` at once, each on the whole
input: what the machine gives N independent single-threaded runs, the most N jobs could get
(a shared host's cores are not always all ours: when one is busy elsewhere, that ceiling falls
below N, and N jobs' ratio with it). Its ratio is N times one job's time over theirs.
"""
import argparse
import os
import statistics
import sys

from compare import generated_inputs, timed


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("winnow")
    parser.add_argument("--size", type=int, default=200, help="which generated input, in MB (default 200)")
    parser.add_argument("--runs", type=int, default=7, help="runs of each job count on each input (default 7)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count(), help="the job count set against one (default: all cores)")
    args = parser.parse_args()
    inputs = generated_inputs(args.size)
    print("load average before: %.1f" % os.getloadavg()[0])
    n = args.jobs
    print("| input | 1 job wall s | %d jobs wall s | %d processes wall s | 1 job CPU s | %d jobs CPU s | %d jobs: × 1 job | %d processes at once: × 1 job (the ceiling) |" % ((n,) * 5))
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, path in inputs:
        together = ["sh", "-c", 'for i in $(seq %d); do "$0" clean --jobs 1 "$1" > /dev/null & done; wait' % n, args.winnow, path]
        commands = {"one": [args.winnow, "clean", "--jobs", "1", path], "jobs": [args.winnow, "clean", "--jobs", str(n), path],
                    "processes": together}
        runs = {key: [] for key in commands}
        for _ in range(args.runs):
            for key, command in commands.items():
                runs[key].append(timed(command))
        wall = {key: statistics.median(r[0] for r in runs[key]) for key in runs}
        cpu = {key: statistics.median(r[1] for r in runs[key]) for key in runs}
        print("| %s, %d MB | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f |" % (
            name, args.size, wall["one"], wall["jobs"], wall["processes"], cpu["one"], cpu["jobs"],
            wall["one"] / wall["jobs"], n * wall["one"] / wall["processes"]))
        sys.stdout.flush()
    print("load average after: %.1f; %d runs each, alternating" % (os.getloadavg()[0], args.runs))


if __name__ == "__main__":
    main()
