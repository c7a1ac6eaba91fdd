#!/usr/bin/env python3
"""Cleans a corpus of JSONL documents with winnow on a Spark cluster.

    spark-submit clean_corpus.py INPUT OUTPUT [--rules PACK]... [--partitions N] [options]

INPUT is one or more JSONL files, folders of them (read recursively in sorted order, hidden
files skipped, as winnow does) or Hadoop paths and globs (hdfs://, s3a://, ...), comma-separated;
gzip files are read whole, one partition each. Every partition is piped through the winnow
binary, shipped to the executors with the rule packs:

    winnow clean --format jsonl --input-format jsonl --jobs 1 -q --stats F --rejects F [rule options] -

OUTPUT (a folder that must not exist) receives:

    part-00000 ...    the cleaned documents, one JSON object a line; the parts read in order are
                      the input in order (part N is partition N)
    _rejects/part-N   every rejected document of partition N: winnow's reject record (id, reason,
                      detail) with its place (partition, line_in_partition, line) and the input
                      line itself under "document", so that nothing is lost
    _report/part-00000  the run's figures: winnow's per-partition summaries (--stats) added up,
                      and each partition's own

The same report is printed at the end. Exit status: 0 when the job ran and the figures add up
(rejected documents are not a failure: they are listed); 1 when they do not; 2 bad arguments.
"""
import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

SPARK_APP_NAME = "winnow clean_corpus"


def parse_arguments(argv):
    parser = argparse.ArgumentParser(
        prog="clean_corpus.py",
        description="Pipe every partition of a JSONL corpus through `winnow clean` and add up the figures.")
    parser.add_argument("input", help="JSONL files, folders or Hadoop paths/globs, comma-separated")
    parser.add_argument("output", help="output folder (must not exist)")
    parser.add_argument("--winnow", default=None,
                        help="the winnow binary to ship (a local path or a Hadoop URI); "
                             "default: $WINNOW_BINARY, else dist/winnow of this repository")
    parser.add_argument("--rules", action="append", default=[], metavar="PACK",
                        help="a rule pack (file or folder) to ship and pass to winnow; repeatable")
    parser.add_argument("--no-default-rules", action="store_true", help="pass --no-default-rules")
    parser.add_argument("--profile", action="append", default=[], metavar="NAME",
                        help="a built-in moderation profile; repeatable")
    parser.add_argument("--moderate", action="store_true", help="turn on moderation (corpus-quality)")
    parser.add_argument("--keep", metavar="LABEL,...", help="labels to keep in the text (default body)")
    parser.add_argument("--text-field", metavar="NAME", help="the JSONL field of the text (default text)")
    parser.add_argument("--id-field", metavar="NAME", help="the JSONL field of the id (default id)")
    parser.add_argument("--max-bytes", metavar="BYTES", help="reject documents larger than this (default 8M)")
    parser.add_argument("--drop-empty", action="store_true", help="do not write documents whose cleaned text is empty")
    parser.add_argument("--partitions", type=int, metavar="N",
                        help="partitions (tasks) to cut the input into; default: Spark's default parallelism")
    parser.add_argument("--task-jobs", type=int, metavar="N",
                        help="winnow --jobs in each task (default: spark.task.cpus, i.e. 1)")
    parser.add_argument("--compress", action="store_true", help="gzip the output parts")
    parser.add_argument("--report", metavar="FILE", help="also write the report to this local file")
    options = parser.parse_args(argv)
    if options.partitions is not None and options.partitions < 1:
        parser.error("--partitions must be at least 1")
    if options.task_jobs is not None and options.task_jobs < 1:
        parser.error("--task-jobs must be at least 1")
    if options.winnow is None:
        here = os.path.dirname(os.path.abspath(__file__))
        options.winnow = os.environ.get("WINNOW_BINARY") or os.path.join(here, "..", "..", "dist", "winnow")
    return options


def has_scheme(path):
    return "://" in path or path.startswith("file:")


def reference(path):
    """How the executors find a file: ("node", PATH) for a local: URI (already on every node, as in
    a container image: not shipped), else ("shipped", NAME), shipped by SparkContext.addFile."""
    if path.startswith("local:"):
        return ("node", urllib.parse.urlparse(path).path)
    return ("shipped", os.path.basename(path.rstrip("/")))


def driver_path(path):
    """The file as the driver sees it, or None when it is remote."""
    if path.startswith("local:"):
        return urllib.parse.urlparse(path).path
    if path.startswith("file:"):
        return urllib.parse.urlparse(path).path
    return None if has_scheme(path) else os.path.abspath(path)


class Usage(Exception):
    """Bad arguments: exit status 2."""


def expand_inputs(spec):
    """Local folders are listed here, recursively and sorted, hidden names skipped (as winnow
    reads a folder): Hadoop's own listing of a local folder is in no fixed order. Other paths and
    globs are left to Hadoop (HDFS and object stores list in name order)."""
    paths = []
    for item in (part for part in spec.split(",") if part):
        if not has_scheme(item) and not any(c in item for c in "*?[{") and not os.path.exists(item):
            raise Usage("no such file or folder: %s" % item)
        if has_scheme(item) or not os.path.isdir(item):
            paths.append(item if has_scheme(item) or any(c in item for c in "*?[{") else os.path.abspath(item))
            continue
        found = []
        for root, folders, files in os.walk(item):
            folders[:] = sorted(name for name in folders if not name.startswith("."))
            found.extend(os.path.join(root, name) for name in files if not name.startswith("."))
        paths.extend(sorted(os.path.abspath(path) for path in found))
    return paths


def winnow_options(options, packs):
    """The rule and output options, with the packs at the paths given."""
    args = []
    for path in packs:
        args += ["--rules", path]
    if options.no_default_rules:
        args.append("--no-default-rules")
    for name in options.profile:
        args += ["--profile", name]
    if options.moderate:
        args.append("--moderate")
    for flag, value in (("--keep", options.keep), ("--text-field", options.text_field),
                        ("--id-field", options.id_field), ("--max-bytes", options.max_bytes)):
        if value is not None:
            args += [flag, value]
    if options.drop_empty:
        args.append("--drop-empty")
    return args


def clean_command(binary, jobs, stats, rejects, rule_args):
    return [binary, "clean", "--format", "jsonl", "--input-format", "jsonl", "--jobs", str(jobs), "-q",
            "--stats", stats, "--rejects", rejects] + rule_args + ["-"]


def check_locally(binary, packs, options):
    """Runs the command once on no input, on the driver, so that bad rules or options stop the job
    before it starts (skipped when the binary or a pack is not a local file this machine can use)."""
    if binary is None or not os.path.isfile(binary) or None in packs or not sys.platform.startswith("linux"):
        return
    rule_args = winnow_options(options, packs)
    with tempfile.TemporaryDirectory(prefix="winnow-check-") as work:
        command = clean_command(binary, 1, os.path.join(work, "stats.json"), os.path.join(work, "rejects.jsonl"), rule_args)
        try:
            result = subprocess.run(command, input=b"", capture_output=True, timeout=120)
        except OSError as error:
            print("clean_corpus: cannot run %s here (%s): not checked before the job" % (binary, error), file=sys.stderr)
            return
        if result.returncode not in (0, 1):
            sys.stderr.write(result.stderr.decode("utf-8", "replace"))
            raise Usage("winnow refused the options (exit %d): %s" % (result.returncode, " ".join(command[1:])))


def clean_partition(index, lines, binary_ref, pack_refs, options, jobs, figures):
    """Executor side: streams the partition's lines into winnow's standard input (on a thread, as
    RDD.pipe does), yields its standard output line by line, then reports the partition's
    --stats and --rejects through the `figures` accumulator, keyed by partition (a task run
    twice reports the same entry twice, which counts once)."""
    from pyspark import SparkFiles

    def resolve(ref):
        kind, value = ref
        if kind == "node":
            return value
        # Where addFile put it; else the task's working folder (YARN's --files puts files there).
        path = SparkFiles.get(value)
        return path if os.path.exists(path) or not os.path.exists(value) else os.path.abspath(value)

    binary = resolve(binary_ref)
    if not os.access(binary, os.X_OK):
        os.chmod(binary, 0o755)
    args = winnow_options(options, [resolve(ref) for ref in pack_refs])
    started = time.time()
    work = tempfile.mkdtemp(prefix="winnow-part-%05d-" % index)
    stats_path, rejects_path = os.path.join(work, "stats.json"), os.path.join(work, "rejects.jsonl")
    stderr_path = os.path.join(work, "stderr.txt")
    fed = [0]
    failure = []
    # CPU of winnow (a child) and of this Python worker, which runs one task at a time.
    usage, own = resource.getrusage(resource.RUSAGE_CHILDREN), resource.getrusage(resource.RUSAGE_SELF)
    with open(stderr_path, "wb") as stderr:
        process = subprocess.Popen(clean_command(binary, jobs, stats_path, rejects_path, args), cwd=work,
                                   stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=stderr, bufsize=1 << 20)

    def feed():
        try:
            for line in lines:
                process.stdin.write(line.encode("utf-8", "surrogatepass") + b"\n")
                fed[0] += 1
        except BrokenPipeError:
            pass  # winnow stopped: its exit status says why
        except BaseException as error:  # noqa: BLE001 - handed to the task's thread
            failure.append(error)
        finally:
            try:
                process.stdin.close()
            except OSError:
                pass

    writer = threading.Thread(target=feed, name="winnow-feed-%d" % index, daemon=True)
    writer.start()
    try:
        for raw in process.stdout:
            yield raw[:-1].decode("utf-8") if raw.endswith(b"\n") else raw.decode("utf-8")
        writer.join()
        status = process.wait()
        after, own_after = resource.getrusage(resource.RUSAGE_CHILDREN), resource.getrusage(resource.RUSAGE_SELF)
        cpu = after.ru_utime + after.ru_stime - usage.ru_utime - usage.ru_stime
        python_cpu = own_after.ru_utime + own_after.ru_stime - own.ru_utime - own.ru_stime
        with open(stderr_path, "rb") as handle:
            errors = handle.read().decode("utf-8", "replace")
        if failure:
            raise failure[0]
        if status not in (0, 1) or not os.path.exists(stats_path):
            raise RuntimeError("winnow exited with status %d on partition %d: %s" % (status, index, errors.strip()[-4000:]))
        with open(stats_path, encoding="utf-8") as handle:
            stats = json.load(handle)
        with open(rejects_path, encoding="utf-8") as handle:
            rejects = [json.loads(line) for line in handle if line.strip()]
        figures.add({index: {"lines": fed[0], "stats": stats, "rejects": rejects,
                             "seconds": round(time.time() - started, 3), "cpu_seconds": round(cpu, 3),
                             "python_cpu_seconds": round(python_cpu, 3),
                             "warnings": errors.count("\n")}})
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        shutil.rmtree(work, ignore_errors=True)


def pick_rejected(index, lines, wanted):
    """The input lines of the rejected documents of partition `index`, each with its reject record."""
    records = wanted.value.get(index)
    if not records:
        return
    if None in records:  # a reject of the whole stream, at no line
        yield json.dumps(dict(records[None], document=None), ensure_ascii=False)
    for position, line in enumerate(lines, start=1):
        record = records.get(position)
        if record is not None:
            yield json.dumps(dict(record, document=line), ensure_ascii=False)


def add_up(total, part):
    """Adds winnow's figures: numbers are summed, objects added key by key."""
    for key, value in part.items():
        if isinstance(value, dict):
            add_up(total.setdefault(key, {}), value)
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            total[key] = total.get(key, 0) + value
    return total


def make_report(options, paths, partitions, entries, elapsed):
    totals = {}
    for index in range(partitions):
        add_up(totals, entries[index]["stats"])
    task_seconds = totals.pop("elapsed_seconds", 0)
    totals.pop("resumed_inputs", None)
    totals.pop("inputs", None)
    report = {"input": paths, "output": options.output, "partitions": partitions}
    report.update(totals)
    report["task_seconds"] = round(task_seconds, 3)
    report["winnow_cpu_seconds"] = round(sum(entries[index]["cpu_seconds"] for index in range(partitions)), 3)
    report["python_cpu_seconds"] = round(sum(entries[index]["python_cpu_seconds"] for index in range(partitions)), 3)
    report["elapsed_seconds"] = round(elapsed, 3)
    offset = 0
    report["per_partition"] = []
    for index in range(partitions):
        entry = entries[index]
        stats = entry["stats"]
        report["per_partition"].append({
            "partition": index, "first_line": offset + 1, "lines": entry["lines"], "documents": stats["documents"],
            "cleaned": stats["cleaned"], "rejected": stats["rejected"]["total"], "skipped": stats["skipped"]["total"],
            "bytes_in": stats["bytes_in"], "seconds": entry["seconds"], "cpu_seconds": entry["cpu_seconds"]})
        offset += entry["lines"]
    rejected, skipped = totals["rejected"]["total"], totals["skipped"]["total"]
    listed = sum(len(entries[index]["rejects"]) for index in range(partitions))
    report["checks"] = {
        "documents = cleaned + rejected + skipped": totals["documents"] == totals["cleaned"] + rejected + skipped,
        "rejected = rejects listed": rejected == listed,
    }
    return report


def summary(report):
    """A few lines in the manner of winnow's own summary."""
    segments = report.get("segments", {})
    lines = ["cleaned %d pages, %d segments; %d rejected; %d repaired (%d partitions)" % (
        report["cleaned"], sum(segments.values()), report["rejected"]["total"], report["repaired"], report["partitions"])]
    lines.append("  " + "  ".join("%s %d" % (label, segments.get(label, 0))
                                  for label in ("body", "disclaimer", "tags", "navigation", "teasers")))
    lines.append("  documents in %d: cleaned %d (%d empty), rejected %d, skipped %d" % (
        report["documents"], report["cleaned"], report["empty"], report["rejected"]["total"], report["skipped"]["total"]))
    if report["rejected"]["by_reason"]:
        lines.append("  rejected: " + ", ".join("%s %d" % item for item in sorted(report["rejected"]["by_reason"].items())))
    moderation = report.get("moderation")
    if moderation:
        lines.append("  verdicts: " + "  ".join("%s %d" % (verdict, moderation["verdicts"].get(verdict, 0))
                                                for verdict in ("keep", "review", "drop")))
        if moderation.get("redactions"):
            lines.append("  redactions: " + "  ".join("%s %d" % item for item in sorted(moderation["redactions"].items())))
    lines.append("  bytes in %d, out %d; %.1f s (%.1f s in tasks; CPU: winnow %.1f s, Python workers %.1f s), %.2f MB/s" % (
        report["bytes_in"], report["bytes_out"], report["elapsed_seconds"], report["task_seconds"], report["winnow_cpu_seconds"],
        report["python_cpu_seconds"],
        report["bytes_in"] / 1e6 / max(report["elapsed_seconds"], 1e-9)))
    return "\n".join(lines)


def main(argv=None):
    options = parse_arguments(sys.argv[1:] if argv is None else argv)
    from pyspark import SparkConf, SparkContext
    from pyspark.accumulators import AccumulatorParam

    class PartitionFigures(AccumulatorParam):
        """partition -> its figures; an entry reported again (a retried task) replaces the first."""

        def zero(self, value):
            return {}

        def addInPlace(self, first, second):
            first.update(second)
            return first

    paths = expand_inputs(options.input)
    if not paths:
        raise Usage("no input files in %s" % options.input)
    refs = [reference(path) for path in [options.winnow] + options.rules]
    names = [value for kind, value in refs if kind == "shipped"]
    if len(set(names)) != len(names):
        raise Usage("the binary and the rule packs are shipped by name, and two share one: %s" % names)
    check_locally(driver_path(options.winnow), [driver_path(path) for path in options.rules], options)

    # Lines end at "\n" only, as winnow reads JSONL (Hadoop would also end them at a lone "\r").
    conf = SparkConf().setAppName(SPARK_APP_NAME).set("spark.hadoop.textinputformat.record.delimiter", "\n")
    sc = SparkContext.getOrCreate(conf)
    sc.setLogLevel(os.environ.get("WINNOW_SPARK_LOG_LEVEL", "WARN"))
    try:
        return run(sc, options, paths, refs, PartitionFigures())
    finally:
        sc.stop()


def run(sc, options, paths, refs, figures_param):
    started = time.time()
    binary_ref, pack_refs = refs[0], refs[1:]

    # Ship the binary and the packs, unless spark-submit --files already did.
    shipped = {os.path.basename(item.rstrip("/")) for item in sc.getConf().get("spark.files", "").split(",") if item}
    for path, (kind, name) in zip([options.winnow] + options.rules, refs):
        if kind == "shipped" and name not in shipped:
            local = driver_path(path)
            sc.addFile(path if has_scheme(path) else local, recursive=local is None or os.path.isdir(local))
    jobs = options.task_jobs or int(sc.getConf().get("spark.task.cpus", "1"))

    lines = sc.textFile(",".join(paths), minPartitions=options.partitions or sc.defaultParallelism)
    if options.partitions and lines.getNumPartitions() > options.partitions:
        lines = lines.coalesce(options.partitions)  # joins neighbouring splits: the order stays
    partitions = lines.getNumPartitions()

    figures = sc.accumulator({}, figures_param)
    cleaned = lines.mapPartitionsWithIndex(
        lambda index, part: clean_partition(index, part, binary_ref, pack_refs, options, jobs, figures))
    codec = "org.apache.hadoop.io.compress.GzipCodec" if options.compress else None
    cleaned.saveAsTextFile(options.output, codec)

    entries = figures.value
    missing = [index for index in range(partitions) if index not in entries]
    if missing:
        print("clean_corpus: no figures from partitions %s" % missing, file=sys.stderr)
        return 1

    # Rejected documents: winnow's records, with the input lines read again from the partitions that have any.
    offsets, offset = {}, 0
    for index in range(partitions):
        offsets[index] = offset
        offset += entries[index]["lines"]
    wanted = {}
    for index in range(partitions):
        for reject in entries[index]["rejects"]:
            record = {"partition": index, "line_in_partition": reject["position"],
                      "line": None if reject["position"] is None else offsets[index] + reject["position"]}
            record.update({key: reject[key] for key in ("id", "reason", "detail")})
            wanted.setdefault(index, {})[reject["position"]] = record
    if wanted:
        chosen = sc.broadcast(wanted)
        lines.mapPartitionsWithIndex(lambda index, part: pick_rejected(index, part, chosen)) \
            .saveAsTextFile(options.output.rstrip("/") + "/_rejects", codec)

    report = make_report(options, paths, partitions, entries, time.time() - started)
    report["rejects_written"] = sum(len(records) for records in wanted.values())
    text = json.dumps(report, indent=2, sort_keys=False)
    sc.parallelize([text], 1).saveAsTextFile(options.output.rstrip("/") + "/_report")
    if options.report:
        with open(options.report, "w", encoding="utf-8") as handle:
            handle.write(text + "\n")
    print(summary(report))
    failed = [name for name, held in report["checks"].items() if not held]
    if failed:
        print("clean_corpus: the figures do not add up: %s" % "; ".join(failed), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Usage as error:
        print("clean_corpus: %s" % error, file=sys.stderr)
        sys.exit(2)
