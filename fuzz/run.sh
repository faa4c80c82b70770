#!/usr/bin/env bash
# Runs every fuzz target in turn for SECONDS (default 900) each, one at a time, with the
# repository's articles, rule files and configurations as seeds. Logs go to fuzz/logs/,
# the growing corpora to fuzz/corpus/, crashes and timeouts to fuzz/artifacts/.
# Stable Rust: `-s none` (AddressSanitizer needs nightly); `-a` keeps debug assertions,
# so an arithmetic overflow is a crash too.
#   fuzz/run.sh [SECONDS] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-900}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(extract rule_file config inputs check lsp)
mkdir -p fuzz/logs
# Built once, then run directly: an edit made while the targets run does not rebuild them.
cargo fuzz build -s none -a
bin=fuzz/target/x86_64-unknown-linux-gnu/release
for t in "${targets[@]}"; do
  case $t in
    extract) seeds=(examples/baghdad examples/draft tests/fixtures/number tests/fixtures/quote tests/fixtures/time tests/fixtures/entity) ;;
    rule_file) seeds=(rules examples/house-rules) ;;
    config) seeds=(tests/fixtures/config) ;;
    inputs) seeds=(fuzz/seeds/inputs) ;;
    check) seeds=(fuzz/seeds/check examples/baghdad) ;;
    lsp) seeds=(fuzz/seeds/lsp) ;;
    *) echo "unknown target $t" >&2; exit 2 ;;
  esac
  mkdir -p "fuzz/corpus/$t" "fuzz/artifacts/$t"
  # A run that takes over 10 s is a hang; past 16 KiB an input is slower without finding more.
  "$bin/$t" "fuzz/corpus/$t" "${seeds[@]}" \
    -max_total_time="$seconds" -timeout=10 -max_len=16384 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="fuzz/artifacts/$t/" >"fuzz/logs/$t.log" 2>&1 \
    || echo "$t: stopped with a finding (fuzz/logs/$t.log)"
done
