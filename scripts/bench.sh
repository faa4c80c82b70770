#!/usr/bin/env bash
# Speed and memory of factlint on a generated news corpus, end to end through the CLI.
#
#   scripts/bench.sh [STORIES] [SOURCES] [RUNS]
#
# Builds the release binary and the corpus generator, writes STORIES stories of SOURCES
# articles each (default 400 × 5, about 5 MB) to a temporary folder, then prints the median
# over RUNS runs (default 5) of:
#   - `check` with every built-in rule, on one thread and on every core: MB/s, and the
#     speed-up;
#   - `facts --format json`: MB/s;
#   - the peak memory (maximum resident set) of each;
#   - start-up plus one page: `check` of one article of the example story.
# Figures depend on the machine: compare runs on the same one.
set -euo pipefail
cd "$(dirname "$0")/.."

stories=${1:-400}
sources=${2:-5}
runs=${3:-5}

command -v /usr/bin/time >/dev/null || { echo "bench.sh: needs GNU time (/usr/bin/time)" >&2; exit 2; }

cargo build --release --locked --quiet --bin factlint --example corpus
bin=target/release/factlint
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
target/release/examples/corpus "$dir/corpus" --stories "$stories" --sources "$sources" >/dev/null
bytes=$(find "$dir/corpus" -type f -printf '%s\n' | awk '{s += $1} END {print s}')
cores=$(nproc)
printf 'corpus: %d stories x %d sources, %.2f MB; %d runs each; %d cores\n' \
    "$stories" "$sources" "$(echo "$bytes / 1000000" | bc -l)" "$runs" "$cores"

# Runs "$@" RUNS times; prints the median seconds and the largest peak memory (KB).
measure() {
    local times=() peak=0 t m
    for _ in $(seq "$runs"); do
        /usr/bin/time -o "$dir/time" -f '%e %M' "$@" >/dev/null 2>&1 || true
        read -r t m < <(tail -n 1 "$dir/time")
        times+=("$t")
        if ((m > peak)); then peak=$m; fi
    done
    local median
    median=$(printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}')
    echo "$median $peak"
}

report() { # label seconds peak_kb
    printf '%-28s %8.3f s %8.2f MB/s %8.1f MB peak\n' "$1" "$2" "$(echo "$bytes / 1000000 / $2" | bc -l)" \
        "$(echo "$3 / 1024" | bc -l)"
}

# Findings give exit status 1, so the command's status is not checked here.
read -r one one_mem < <(RAYON_NUM_THREADS=1 measure "$bin" check "$dir/corpus" --format json)
report "check, 1 thread" "$one" "$one_mem"
read -r all all_mem < <(RAYON_NUM_THREADS=$cores measure "$bin" check "$dir/corpus" --format json)
report "check, $cores threads" "$all" "$all_mem"
printf '%-28s %8.2fx\n' "speed-up on $cores threads" "$(echo "$one / $all" | bc -l)"
read -r f f_mem < <(measure "$bin" facts "$dir/corpus" --format json)
report "facts --format json" "$f" "$f_mem"

# Start-up plus one page: too short for /usr/bin/time's hundredths, so time many runs.
page=examples/baghdad/nbc-news.txt
start=$(date +%s%N)
for _ in $(seq 50); do "$bin" check "$page" >/dev/null 2>&1 || true; done
end=$(date +%s%N)
printf '%-28s %8.1f ms\n' "start-up + one page" "$(echo "($end - $start) / 50 / 1000000" | bc -l)"
