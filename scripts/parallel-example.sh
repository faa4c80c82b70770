#!/usr/bin/env bash
# factlint as a map step with GNU parallel, checked against one run over the whole input.
#
#   scripts/parallel-example.sh [--with-spark]
#
# Installs GNU parallel with apt-get when it is missing, builds factlint (`cargo build
# --release --locked`; set FACTLINT=path to use another binary) and writes the example
# input (examples/spark/make_input.py). Then lints it three ways:
#   - one run of factlint over every line;
#   - one JSON Lines file per story (examples/spark/jsonl_stories.py split), one factlint
#     run per file: `parallel 'factlint check --input jsonl - --format jsonl < {}' ::: …`;
#   - the lines grouped by story on one stream, cut into jobs by `parallel --pipe
#     --group-by`, which never splits a story;
# and checks that the diagnostics are the same: the sorted lines of all three, and each
# story's lines in order. When the Spark example has been run on the same input
# (scripts/spark-example.sh, or --with-spark to run it first), its stories are compared
# too. Exit status 1 on any difference.
#
# Output: target/pipeline-example/{single.jsonl,single,parallel-in,parallel,pipe.jsonl,pipe}.
set -euo pipefail
cd "$(dirname "$0")/.."
# No __pycache__ in examples/spark.
export PYTHONDONTWRITEBYTECODE=1

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

if ! command -v parallel >/dev/null; then
    echo "== installing GNU parallel (apt-get)"
    as_root apt-get update -qq
    as_root apt-get install -y -qq --no-install-recommends parallel >/dev/null
fi
echo "== $(parallel --will-cite --version | head -n 1)"

if [ -z "${FACTLINT:-}" ]; then
    echo "== cargo build --release --locked"
    cargo build --release --locked --quiet --bin factlint
    FACTLINT=target/release/factlint
fi
FACTLINT=$(realpath "$FACTLINT")
export FACTLINT

if [ "${1:-}" = "--with-spark" ]; then
    scripts/spark-example.sh
fi

work=target/pipeline-example
stories=examples/spark/jsonl_stories.py
mkdir -p "$work"
rm -rf "$work/single" "$work/parallel-in" "$work/parallel" "$work/pipe"
python3 examples/spark/make_input.py "$work/input.jsonl"
echo "== input: $work/input.jsonl, $(wc -l <"$work/input.jsonl") articles"

failed=0
differ() { echo "parallel-example.sh: $*" >&2; failed=1; }

# Status 1 is findings, an answer; 2 is problems, which this example must not have.
echo "== one run over every line"
status=0
"$FACTLINT" check --input jsonl - --format jsonl <"$work/input.jsonl" >"$work/single.jsonl" || status=$?
if [ "$status" -gt 1 ]; then
    echo "parallel-example.sh: factlint exited with status $status over the whole input" >&2
    exit "$status"
fi
python3 "$stories" group "$work/input.jsonl" "$work/single.jsonl" "$work/single"

echo "== one file per story, one run per file"
python3 "$stories" split "$work/input.jsonl" "$work/parallel-in"
mkdir -p "$work/parallel"
export OUT="$work/parallel"
parallel --will-cite --halt soon,fail=1 \
    '"$FACTLINT" check --input jsonl - --format jsonl < {} > "$OUT"/{/}; s=$?; [ $s -le 1 ] || { echo "{}: factlint exited with status $s" >&2; exit $s; }' \
    ::: "$work/parallel-in/"*.jsonl
for f in "$work/parallel/"*.jsonl; do
    echo "   $(basename "$f" .jsonl): $(wc -l <"$f") diagnostics"
done

echo "== the lines grouped by story, parallel --pipe --group-by"
python3 "$stories" keyed "$work/input.jsonl" |
    parallel --will-cite --pipe --group-by 1 --colsep '\t' -k --halt soon,fail=1 \
        'cut -f2- | { "$FACTLINT" check --input jsonl - --format jsonl; s=$?; [ $s -le 1 ] || { echo "job $PARALLEL_SEQ: factlint exited with status $s" >&2; exit $s; }; }' \
        >"$work/pipe.jsonl"
python3 "$stories" group "$work/input.jsonl" "$work/pipe.jsonl" "$work/pipe"

echo "== comparing"
if cmp -s <(sort "$work/single.jsonl") <(cat "$work/parallel/"*.jsonl | sort); then
    echo "   one file per story: the same $(wc -l <"$work/single.jsonl") lines as the single run"
else
    differ "one file per story: the lines differ from the single run's"
fi
diff -r "$work/single" "$work/parallel" || differ "one file per story: a story's lines differ from the single run's"
if cmp -s <(sort "$work/single.jsonl") <(sort "$work/pipe.jsonl"); then
    echo "   parallel --pipe: the same lines as the single run"
else
    differ "parallel --pipe: the lines differ from the single run's"
fi
diff -r "$work/single" "$work/pipe" || differ "parallel --pipe: a story's lines differ from the single run's"
if [ -d "$work/spark/stories" ] && cmp -s "$work/spark/input.jsonl" "$work/input.jsonl"; then
    if diff -r "$work/parallel" "$work/spark/stories"; then
        echo "   Spark: the same lines, story by story"
    else
        differ "the Spark job's stories differ from parallel's"
    fi
else
    echo "   Spark: no output of scripts/spark-example.sh for this input; not compared (--with-spark runs it)"
fi

if [ "$failed" -ne 0 ]; then
    exit 1
fi
echo "== the same diagnostics from every way of running factlint"
