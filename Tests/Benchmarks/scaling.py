#!/usr/bin/env python3
"""What more cores add: one build, one job against N, side by side.

    python3 Tests/Benchmarks/scaling.py WINNOW [--size 200] [--runs 7] [--jobs N]

Runs `clean --jobs 1` and `clean --jobs N` (N: all cores by default) of one binary on the text
pages and on the JSONL file that `make bench` generated (.build/bench/in-<size>M), alternating
the two run by run so that load on a shared machine falls on both alike, and prints the medians
(wall-clock and CPU seconds) and the ratio of one job's wall-clock time to N jobs'. `make bench`
measures the same ratio from runs taken minutes apart; this is the figure to quote when the
machine is shared.
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
    print("| input | 1 job wall s | %d jobs wall s | 1 job CPU s | %d jobs CPU s | 1 job / %d jobs (wall) |" % ((args.jobs,) * 3))
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for name, path in inputs:
        runs = {1: [], args.jobs: []}
        for _ in range(args.runs):
            for jobs in runs:
                runs[jobs].append(timed([args.winnow, "clean", "--jobs", str(jobs), path]))
        wall = {jobs: statistics.median(r[0] for r in runs[jobs]) for jobs in runs}
        cpu = {jobs: statistics.median(r[1] for r in runs[jobs]) for jobs in runs}
        print("| %s, %d MB | %.2f | %.2f | %.2f | %.2f | %.2f |" % (
            name, args.size, wall[1], wall[args.jobs], cpu[1], cpu[args.jobs], wall[1] / wall[args.jobs]))
        sys.stdout.flush()
    print("load average after: %.1f; %d runs each, alternating" % (os.getloadavg()[0], args.runs))


if __name__ == "__main__":
    main()
