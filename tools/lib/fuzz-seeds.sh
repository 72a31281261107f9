#!/usr/bin/env bash
# Rewrites fuzz/seeds/ from the project's own examples and golden files, keeping only the
# inputs that reach code the others do not (libFuzzer's -merge): .schema files for the front
# end, their IR JSON (`schemac compile --emit json`) for the snapshot reader, migration SQL
# for the statement splitter. Run it when the language grows; commit the result.
# Usage: tools/lib/fuzz-seeds.sh [BUILD_DIR]   (a sanitizer build: tools/lib/sanitizer-build.sh)
set -euo pipefail
cd "$(dirname "$0")/../.."
build_dir=${1:-build-sanitize}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/schema_front_end" "$work/snapshot_reader" "$work/statement_splitter"

n=0
while IFS= read -r -d '' file; do
  n=$((n + 1))
  cp "$file" "$work/schema_front_end/$n.schema"
  ASAN_OPTIONS=detect_leaks=0 "$build_dir/tools/schemac/schemac" compile --emit json --schema "$file" \
    >"$work/snapshot_reader/$n.json" 2>/dev/null || rm -f "$work/snapshot_reader/$n.json"
done < <(find schemas tests/golden -name '*.schema' -print0 | sort -z)
while IFS= read -r -d '' file; do
  n=$((n + 1))
  cp "$file" "$work/statement_splitter/$n.sql"
done < <(find tests/golden schemas -name '*.sql' -print0 | sort -z)

for target in schema_front_end snapshot_reader statement_splitter; do
  rm -rf "fuzz/seeds/$target"
  mkdir -p "fuzz/seeds/$target"
  ASAN_OPTIONS=detect_leaks=0 "$build_dir/fuzz/fuzz_$target" -merge=1 "fuzz/seeds/$target" "$work/$target" \
    >"$work/$target.log" 2>&1 || { tail -20 "$work/$target.log"; exit 1; }
  echo "fuzz-seeds: $target: $(ls "fuzz/seeds/$target" | wc -l) of $(ls "$work/$target" | wc -l) inputs kept"
done
