#!/usr/bin/env bash
# Speed and memory of factlint on a generated news corpus, end to end through the CLI.
#
#   scripts/bench.sh [STORIES] [SOURCES] [RUNS]
#   SCALE="100 1000 3000" BIN=path/to/factlint scripts/bench.sh …
#
# Builds the release binary and the corpus generator, writes STORIES stories of SOURCES
# articles each (default 400 × 5, about 5 MB) to a temporary folder, then prints the median
# over RUNS runs (default 5) of:
#   - `check` with every built-in rule, each story folder named on the command line (so each
#     is a story, as a newsroom's archive is read): MB/s on one thread and on every core,
#     and the speed-up;
#   - `facts --format json` over the same stories: MB/s;
#   - the peak memory (maximum resident set) of each;
#   - one story of many articles (`SCALE`, default "100 1000" articles; add 3000 for the
#     issue's second ratio): seconds on one thread, peak memory, and the ratio of each size's
#     CPU time to that of the size before it, times the size ratio (1.00 is linear);
#   - one long article (`LONG` megabytes, default 50; 0 leaves it out): the corpus's articles
#     one after another in one file, then the same text on one line, checked on every core:
#     seconds, MB/s and peak memory;
#   - start-up plus one page: `check` of one article of the example story.
# Figures depend on the machine and on its load: compare runs on the same one, and count
# instructions (valgrind --tool=callgrind) to compare the work of two builds.
set -euo pipefail
cd "$(dirname "$0")/.."

stories=${1:-400}
sources=${2:-5}
runs=${3:-5}
scale=${SCALE:-100 1000}
long=${LONG:-50}

command -v /usr/bin/time >/dev/null || { echo "bench.sh: needs GNU time (/usr/bin/time)" >&2; exit 2; }

# BIN=path measures another build of factlint (an older one, to compare) on the same corpus.
cargo build --release --locked --quiet --example corpus
if [[ -z ${BIN:-} ]]; then cargo build --release --locked --quiet --bin factlint; fi
bin=${BIN:-target/release/factlint}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
target/release/examples/corpus "$dir/corpus" --stories "$stories" --sources "$sources" >/dev/null
bytes=$(find "$dir/corpus" -type f -printf '%s\n' | awk '{s += $1} END {print s}')
cores=$(nproc)
printf 'corpus: %d stories x %d sources, %.2f MB; %d runs each; %d cores\n' \
    "$stories" "$sources" "$(echo "$bytes / 1000000" | bc -l)" "$runs" "$cores"

# Runs "$@" RUNS times; prints the median seconds of wall-clock and of CPU time (user and
# system) and the largest peak memory (KB). The times are bash's, to the millisecond (GNU
# time's are to the hundredth: too coarse for the story of 100 articles); the peak is GNU
# time's.
measure() {
    local times=() cpus=() peak=0 t u s m
    local TIMEFORMAT='%3R %3U %3S'
    for _ in $(seq "$runs"); do
        { time /usr/bin/time -o "$dir/time" -f '%M' "$@" >/dev/null 2>&1; } 2>"$dir/clock" || true
        read -r t u s < "$dir/clock"
        read -r m < <(tail -n 1 "$dir/time")
        times+=("$t")
        cpus+=("$(echo "$u + $s" | bc -l)")
        if ((m > peak)); then peak=$m; fi
    done
    median() { printf '%s\n' "$@" | sort -g | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
    echo "$(median "${times[@]}") $(median "${cpus[@]}") $peak"
}

# A machine shared with other work stretches wall-clock time; CPU time stretches less.
report() { # label seconds cpu_seconds peak_kb bytes
    printf '%-30s %7.2f s %6.2f MB/s   cpu %7.2f s %6.2f MB/s %8.1f MB peak\n' "$1" "$2" \
        "$(echo "$5 / 1000000 / $2" | bc -l)" "$3" "$(echo "$5 / 1000000 / $3" | bc -l)" "$(echo "$4 / 1024" | bc -l)"
}

# Each story folder is named, so each is a story. Findings give exit status 1, so the
# command's status is not checked here.
folders=("$dir"/corpus/*/)
read -r one one_cpu one_mem < <(RAYON_NUM_THREADS=1 measure "$bin" check "${folders[@]}" --format json)
report "check, 1 thread" "$one" "$one_cpu" "$one_mem" "$bytes"
read -r all all_cpu all_mem < <(RAYON_NUM_THREADS=$cores measure "$bin" check "${folders[@]}" --format json)
report "check, $cores threads" "$all" "$all_cpu" "$all_mem" "$bytes"
printf '%-30s %7.2fx\n' "speed-up on $cores threads" "$(echo "$one / $all" | bc -l)"
read -r f f_cpu f_mem < <(measure "$bin" facts "${folders[@]}" --format json)
report "facts --format json" "$f" "$f_cpu" "$f_mem" "$bytes"

# One story of many articles: every source of it compared with every other.
prev_n=0 prev_t=0
for n in $scale; do
    target/release/examples/corpus "$dir/one$n" --stories 1 --sources "$n" >/dev/null
    one_bytes=$(find "$dir/one$n" -type f -printf '%s\n' | awk '{s += $1} END {print s}')
    read -r t c m < <(RAYON_NUM_THREADS=1 measure "$bin" check "$dir/one$n" --format json)
    report "one story of $n, 1 thread" "$t" "$c" "$m" "$one_bytes"
    if ((prev_n > 0)); then
        printf '%-30s %7.2f (cpu time; 1.00 is linear)\n' "  vs $((n / prev_n)) x the $prev_n story" \
            "$(echo "$c / ($n / $prev_n * $prev_t)" | bc -l)"
    fi
    prev_n=$n prev_t=$c
    rm -rf "$dir/one$n"
done

# One long article: the corpus's articles, read in order again and again, up to LONG MB in
# one file (a front matter past the first is text to it), cut after its last whole line;
# then that text on one line.
if ((long > 0)); then
    files=()
    while IFS= read -r -d '' f; do files+=("$f"); done < <(find "$dir/corpus" -type f -print0 | sort -z)
    for _ in $(seq $((long * 1000000 / bytes + 1))); do cat "${files[@]}"; done >"$dir/all.txt"
    head -c $((long * 1000000)) "$dir/all.txt" | sed '$d' >"$dir/long.txt"
    rm "$dir/all.txt"
    tr '\n' ' ' <"$dir/long.txt" >"$dir/line.txt"
    long_bytes=$(stat -c %s "$dir/long.txt")
    read -r t c m < <(measure "$bin" check "$dir/long.txt" --format json)
    report "one article of $long MB" "$t" "$c" "$m" "$long_bytes"
    read -r t c m < <(measure "$bin" check "$dir/line.txt" --format json)
    report "$long MB on one line" "$t" "$c" "$m" "$long_bytes"
    rm -f "$dir/long.txt" "$dir/line.txt"
fi

# Start-up plus one page: too short for /usr/bin/time's hundredths, so 50 runs are timed
# together for the CPU time (the mean), and each one by the shell's clock for the median
# wall-clock time, beside that of a program that does nothing (`true`), which shows how
# fast this machine starts a process at the moment.
page=examples/baghdad/nbc-news.txt
/usr/bin/time -o "$dir/time" -f '%e %U %S' \
    bash -c 'for _ in $(seq 50); do "$0" check "$1" >/dev/null 2>&1 || true; done' "$bin" "$page"
read -r t u s < <(tail -n 1 "$dir/time")
# Milliseconds each of 50 runs of "$@" takes, by $EPOCHREALTIME (microseconds, no fork).
each_ms() {
    local start end
    for _ in $(seq 50); do
        start=${EPOCHREALTIME/[.,]/}
        "$@" >/dev/null 2>&1 || true
        end=${EPOCHREALTIME/[.,]/}
        echo "$(((end - start) / 1000)).$(printf '%03d' $(((end - start) % 1000)))"
    done
}
median_ms() { sort -g | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
page_ms=$(each_ms "$bin" check "$page" | median_ms)
true_ms=$(each_ms "$(type -P true)" | median_ms)
printf '%-30s %7.1f ms   cpu %7.1f ms   (median %.1f ms; an empty program %.1f ms)\n' \
    "start-up + one page" "$(echo "$t * 20" | bc -l)" "$(echo "($u + $s) * 20" | bc -l)" \
    "$page_ms" "$true_ms"
