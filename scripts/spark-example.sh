#!/usr/bin/env bash
# factlint as a map step in Apache Spark, run in local mode on the example stories.
#
#   scripts/spark-example.sh
#
# Installs what it needs: pyspark (pinned) with pip in a virtual environment under
# target/, and a Java runtime with apt-get when `java` is missing. Builds factlint
# (`cargo build --release --locked`; set FACTLINT=path to use another binary), writes the
# example input (examples/spark/make_input.py: the two reports of examples/baghdad as the
# story "baghdad", examples/draft as the story "ferry" with its wires as references), runs
# examples/spark/lint_stories.py with `spark-submit --master local[2]`, and prints the
# diagnostics story by story. Then checks that each story's diagnostics are those of one
# run of factlint over the whole input: exit status 1 when they differ.
#
# Output: target/pipeline-example/spark/stories/<story>.jsonl and problems.jsonl.
set -euo pipefail
cd "$(dirname "$0")/.."
# No __pycache__ in examples/spark.
export PYTHONDONTWRITEBYTECODE=1

PYSPARK_VERSION=4.0.1
venv=$(realpath -m "${SPARK_VENV:-target/spark-venv}")
work=target/pipeline-example
out=$work/spark

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# Spark 4 runs on Java 17 or 21.
if ! command -v java >/dev/null; then
    echo "== installing a Java runtime (apt-get)"
    as_root apt-get update -qq
    as_root apt-get install -y -qq --no-install-recommends default-jre-headless >/dev/null
fi
java_major=$(java -version 2>&1 | sed -n 's/.* version "\([0-9]*\).*/\1/p' | head -n 1)
if [ "${java_major:-0}" -lt 17 ]; then
    echo "spark-example.sh: Spark $PYSPARK_VERSION needs Java 17 or later; \`java\` is version ${java_major:-unknown}" >&2
    exit 2
fi
echo "== java $java_major: $(command -v java)"

if ! "$venv/bin/python" -c "import pyspark, sys; sys.exit(pyspark.__version__ != '$PYSPARK_VERSION')" 2>/dev/null; then
    echo "== installing pyspark $PYSPARK_VERSION in $venv (pip)"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --no-cache-dir "pyspark==$PYSPARK_VERSION"
fi
echo "== pyspark $("$venv/bin/python" -c 'import pyspark; print(pyspark.__version__)')"

if [ -z "${FACTLINT:-}" ]; then
    echo "== cargo build --release --locked"
    cargo build --release --locked --quiet --bin factlint
    FACTLINT=target/release/factlint
fi
FACTLINT=$(realpath "$FACTLINT")

rm -rf "$out"
mkdir -p "$work"
python3 examples/spark/make_input.py "$work/input.jsonl"
mkdir -p "$out"
cp "$work/input.jsonl" "$out/input.jsonl"
echo "== input: $work/input.jsonl, $(wc -l <"$work/input.jsonl") articles"

echo "== spark-submit --master local[2] examples/spark/lint_stories.py"
# The executors run the same Python as the driver.
export PYSPARK_PYTHON="$venv/bin/python" PYSPARK_DRIVER_PYTHON="$venv/bin/python"
status=0
"$venv/bin/spark-submit" --master 'local[2]' --conf spark.ui.enabled=false --conf spark.log.level=WARN \
    examples/spark/lint_stories.py "$work/input.jsonl" "$out" --factlint "$FACTLINT" || status=$?
# 1 is findings, the answer this example expects; 2 is problems, reported above.
case $status in
    0 | 1) echo "== the job exited with status $status" ;;
    *) echo "spark-example.sh: the job exited with status $status" >&2; exit "$status" ;;
esac

echo "== the same stories from one run of factlint over the whole input"
single=$work/spark-single
rm -rf "$single"
status=0
"$FACTLINT" check --input jsonl - --format jsonl <"$work/input.jsonl" >"$work/spark-single.jsonl" || status=$?
if [ "$status" -gt 1 ]; then
    echo "spark-example.sh: factlint exited with status $status over the whole input" >&2
    exit "$status"
fi
python3 examples/spark/jsonl_stories.py group "$work/input.jsonl" "$work/spark-single.jsonl" "$single"
if diff -r "$single" "$out/stories"; then
    echo "== same diagnostics, story by story, in the same order"
else
    echo "spark-example.sh: the Spark job's diagnostics differ from one run over the whole input" >&2
    exit 1
fi
