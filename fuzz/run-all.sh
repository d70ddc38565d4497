#!/usr/bin/env bash
# Runs every fuzz target for SECONDS each (default 600), one after another,
# seeded with the repository's fixtures, examples and built-in standards.
# Needs a nightly toolchain and cargo-fuzz:
#   rustup toolchain install nightly && cargo install cargo-fuzz
# Crashes are saved under fuzz/artifacts/<target>/; the summary of each run
# (executions, coverage, whether it crashed) is the last lines of its log
# in fuzz/logs/.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-600}"
targets=(sidecar portfolio_yaml standard journal claims_edit contacts_edit markdown report)
mkdir -p fuzz/logs
for target in "${targets[@]}"; do
  corpus="fuzz/corpus/$target"
  mkdir -p "$corpus"
  # Seeds: every small text file a user could have written.
  find tests/fixtures examples crates/nosfolio-core/standards -type f -size -64k -print0 |
    while IFS= read -r -d '' file; do
      cp "$file" "$corpus/seed-$(sha256sum "$file" | cut -c1-16)"
    done
  echo "== $target: ${seconds}s"
  cargo +nightly fuzz run -O "$target" "$corpus" -- \
    -max_total_time="$seconds" -timeout=10 -max_len=16384 -print_final_stats=1 \
    >"fuzz/logs/$target.log" 2>&1 && status=ok || status="FAILED (exit $?)"
  tail -n 12 "fuzz/logs/$target.log" | grep -E '^(stat::|Done|==|SUMMARY|#[0-9]+ +DONE)' || true
  echo "== $target: $status"
done
