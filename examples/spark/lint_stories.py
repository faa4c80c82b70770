#!/usr/bin/env python3
"""factlint as a map step in Apache Spark: lint a JSON Lines file of articles, story by story.

    spark-submit --master 'local[2]' lint_stories.py INPUT.jsonl OUT_DIR [--factlint PATH]

Each input line is one article, `{"id", "story", "text", "published", "source", "role"}`,
as `factlint check --input jsonl -` reads it. The job keys every line by its story,
partitions by that key, and runs one `factlint check --input jsonl - --format jsonl`
process per partition over the partition's lines. It writes the diagnostics of each story
to OUT_DIR/stories/<story>.jsonl (factlint's own lines, in its order), the problems to
OUT_DIR/problems.jsonl (`{"input_line", "story", "problem"}`: factlint's problem, and the
line of the job's input it is about when it is about one), and prints the diagnostics story
by story, stories sorted by name.

Exit status, as factlint's: 0 no finding at or above the fail-on severity, 1 findings at or
above it, 2 problems (an input line that is not an article, a run of factlint that
reported problems); 3 when the job failed: a run of factlint that fails in any other way (a
crash, a signal) fails its Spark task, and the job with it.
"""

import argparse
import json
import os
import subprocess
import sys
import traceback

from pyspark import SparkFiles, TaskContext
from pyspark.sql import SparkSession

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import jsonl_stories  # noqa: E402  (shipped to the executors with addPyFile below)


def arguments():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("input", help="JSON Lines file (or folder of them) of articles")
    p.add_argument("out", help="folder for stories/<story>.jsonl and problems.jsonl")
    p.add_argument("--factlint", default="factlint", help="the factlint binary on the driver (default: factlint on PATH)")
    p.add_argument("--partitions", type=int, default=2, help="partitions of the stories (default 2)")
    p.add_argument("--master", default=None, help="Spark master when not given to spark-submit, e.g. local[2]")
    p.epilog = "Arguments after -- go to factlint check, e.g. -- --fail-on warning."
    argv = sys.argv[1:]
    cut = argv.index("--") if "--" in argv else len(argv)
    args = p.parse_args(argv[:cut])
    args.factlint_args = argv[cut + 1 :]
    return args


def lint_partition(records, binary_name, extra_args, everywhere):
    """Runs factlint once over the lines of one partition.

    `records` are (story, (number, line)) pairs; `everywhere` holds the (number, line) of
    the references that name no story, which join every story. The lines are given to
    factlint in input order, so that each story's articles come in the order of the input:
    which of two sources a cross-source finding points at depends on that order.

    Yields ("story", story), ("diagnostic", story, sequence, line),
    ("problem", story, input line number, line) and ("run", partition, exit status,
    stories) records.
    """
    lines = sorted([(n, line, story) for story, (n, line) in records] + [(n, line, None) for n, line in everywhere])
    # A line without an id is named by its number in the job's input, not in this run's.
    lines = [(n, jsonl_stories.with_id(line, n), story) for n, line, story in lines]
    stories = sorted({story for _, _, story in lines if story is not None})
    partition = TaskContext.get().partitionId()
    for story in stories:
        yield ("story", story)
    if not stories:
        return
    binary = SparkFiles.get(binary_name)
    if not os.access(binary, os.X_OK):
        os.chmod(binary, 0o755)

    # Diagnostics name their article (the line's id); map it back to the line's story.
    story_of_name = {}
    for k, (n, line, story) in enumerate(lines, 1):
        name = jsonl_stories.article_name(line, k)
        if story is None:
            continue
        if story_of_name.get(name, story) != story:
            yield ("problem", story, n, json.dumps({
                "type": "problem",
                "message": f"the id `{name}` of input line {n} is the id of an article of story "
                           f"`{story_of_name[name]}`: ids must be unique",
                "path": name, "label": None, "notes": [],
            }))
        story_of_name.setdefault(name, story)

    stdin = "".join(line + "\n" for _, line, _ in lines).encode("utf-8")
    run = subprocess.run(
        [binary, "check", "--input", "jsonl", "-", "--format", "jsonl", *extra_args],
        input=stdin,
        capture_output=True,
    )
    yield ("run", partition, run.returncode, stories)
    if run.returncode not in (0, 1, 2):
        # A crash or a signal is not an answer about the articles: fail the task, loudly.
        raise RuntimeError(
            f"factlint exited with status {run.returncode} on partition {partition}: "
            f"{run.stderr.decode('utf-8', 'replace')}"
        )
    problems = 0
    for seq, out in enumerate(run.stdout.decode("utf-8").split("\n")):
        if not out.strip():
            continue
        obj = json.loads(out)
        if obj.get("type") == "problem":
            problems += 1
            label = obj.get("label") or {}
            if obj.get("path") == "<stdin>" and 0 < (label.get("line") or 0) <= len(lines):
                # A line of this run's input: name the line of the job's input.
                n, _, story = lines[label["line"] - 1]
                yield ("problem", story, n, out)
            else:
                yield ("problem", story_of_name.get(obj.get("path")), None, out)
            continue
        name = obj["primary"]["path"]
        if name not in story_of_name:
            raise RuntimeError(f"factlint reported on `{name}`, which is no input line of partition {partition}")
        yield ("diagnostic", story_of_name[name], seq, out)
    if run.returncode == 2 and problems == 0:
        # Status 2 with no problem in the output (a bad argument): report what factlint said.
        yield ("problem", None, None, json.dumps({
            "type": "problem", "message": run.stderr.decode("utf-8", "replace").strip(),
            "path": "factlint", "label": None, "notes": [],
        }))


def concise(line):
    """A diagnostic as one line of text: `path:line:column: severity[rule] message`."""
    d = json.loads(line)
    p = d["primary"]
    return f"{p['path']}:{p['line']}:{p['column']}: {d['severity']}[{d['rule']}] {d['message']}"


def main():
    args = arguments()
    builder = SparkSession.builder.appName("factlint-stories")
    if args.master:
        builder = builder.master(args.master)
    spark = builder.getOrCreate()
    sc = spark.sparkContext
    sc.setLogLevel("WARN")
    # The binary and the helper go to every executor; on a cluster they need not be
    # installed there.
    binary = os.path.abspath(args.factlint) if os.path.sep in args.factlint else _which(args.factlint)
    sc.addFile(binary)
    sc.addPyFile(os.path.join(HERE, "jsonl_stories.py"))

    # Line numbers of the input, to keep each story's articles in input order and to
    # name the input line of a problem.
    numbered = sc.textFile(args.input).zipWithIndex().map(lambda p: (p[1] + 1, p[0]))
    numbered = numbered.filter(lambda p: p[1].strip() != "")
    keyed = numbered.map(lambda p: (jsonl_stories.story_of(p[1]), p))
    # References that name no story join every story: every partition gets them.
    everywhere = sc.broadcast(keyed.filter(lambda kv: kv[0][1]).map(lambda kv: kv[1]).collect())
    by_story = keyed.filter(lambda kv: not kv[0][1]).map(lambda kv: (kv[0][0], kv[1]))

    # Partition by story: a story is never split across partitions, because cross-source
    # rules compare the articles of one story only within one run of factlint. Split over
    # two runs, a figure that differs between two reports, or a draft and its references,
    # would never meet, and the finding would be lost without any error.
    # (The default partitioner hashes the key with PYTHONHASHSEED, which Spark sets alike
    # on every executor.)
    partitioned = by_story.partitionBy(args.partitions)

    binary_name = os.path.basename(binary)
    extra = list(args.factlint_args)
    results = partitioned.mapPartitions(
        lambda records: lint_partition(records, binary_name, extra, everywhere.value)
    ).collect()
    spark.stop()
    return report(results, args.out)


def _which(name):
    for d in os.environ.get("PATH", "").split(os.pathsep):
        p = os.path.join(d, name)
        if os.access(p, os.X_OK):
            return p
    sys.exit(f"lint_stories.py: `{name}` is not on PATH; give --factlint PATH")


def report(results, out_dir):
    """Writes and prints the per-story diagnostics and the problems; returns the exit status."""
    stories = sorted({r[1] for r in results if r[0] == "story"})
    diagnostics = {s: [] for s in stories}
    for r in results:
        if r[0] == "diagnostic":
            diagnostics[r[1]].append((r[2], r[3]))
    problems = sorted(
        (r for r in results if r[0] == "problem"),
        key=lambda r: (r[2] is None, r[2] or 0, r[1] or "", r[3]),
    )
    runs = sorted(r[1:] for r in results if r[0] == "run")
    for partition, status, names in runs:
        names = ", ".join(s or "(none)" for s in names)
        print(f"partition {partition}: stories {names}; factlint exited with status {status}")

    os.makedirs(os.path.join(out_dir, "stories"), exist_ok=True)
    for story in stories:
        lines = [line for _, line in sorted(diagnostics[story])]
        path = os.path.join(out_dir, "stories", jsonl_stories.file_name(story))
        with open(path, "w", encoding="utf-8") as f:
            f.write("".join(line + "\n" for line in lines))
        counts = {}
        for line in lines:
            sev = json.loads(line)["severity"]
            counts[sev] = counts.get(sev, 0) + 1
        summary = ", ".join(
            f"{counts[s]} {s}{'' if counts[s] == 1 else 's'}" for s in ("error", "warning", "info") if s in counts
        ) or "no findings"
        print(f"== story {story or '(none)'}: {summary}")
        for line in lines:
            print("  " + concise(line))
    with open(os.path.join(out_dir, "problems.jsonl"), "w", encoding="utf-8") as f:
        for _, story, number, line in problems:
            record = {"input_line": number, "story": story, "problem": json.loads(line)}
            f.write(json.dumps(record, ensure_ascii=False) + "\n")
    for _, story, number, line in problems:
        # factlint numbers the lines of its own input, the partition's; say which line of
        # the job's input that is.
        where = f"input line {number}" if number else "input"
        print(f"problem at {where} (story {story or '(none)'}): factlint: {json.loads(line).get('message')}", file=sys.stderr)

    if problems or any(status == 2 for _, status, _ in runs):
        return 2
    return 1 if any(status == 1 for _, status, _ in runs) else 0


if __name__ == "__main__":
    try:
        status = main()
    except Exception:  # noqa: BLE001 (any failure of the job)
        # Python's own status for an uncaught error is 1, which here means findings.
        traceback.print_exc()
        status = 3
    sys.exit(status)
