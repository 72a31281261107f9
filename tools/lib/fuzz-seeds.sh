#!/usr/bin/env bash
# Rewrites fuzz/seeds/ from the project's own examples and golden files, keeping only the
# inputs that reach code the others do not (libFuzzer's -merge): .schema files for the front
# end, their IR JSON (`schemac compile --emit json`) for the snapshot reader, migration SQL
# for the statement splitter, the schemac.sum `generate` writes for each example, and
# connection strings in each shape libpq reads. Run it when the language grows; commit the result.
# Usage: tools/lib/fuzz-seeds.sh [BUILD_DIR]   (a sanitizer build: tools/lib/sanitizer-build.sh)
set -euo pipefail
cd "$(dirname "$0")/../.."
build_dir=${1:-build-sanitize}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
targets=(schema_front_end snapshot_reader statement_splitter sum_file connection_string)
for target in "${targets[@]}"; do mkdir -p "$work/$target"; done
schemac=$build_dir/tools/schemac/schemac

n=0
while IFS= read -r -d '' file; do
  n=$((n + 1))
  cp "$file" "$work/schema_front_end/$n.schema"
  "$schemac" compile --emit json --schema "$file" \
    >"$work/snapshot_reader/$n.json" 2>/dev/null || rm -f "$work/snapshot_reader/$n.json"
done < <(find schemas tests/golden -name '*.schema' -print0 | sort -z)
while IFS= read -r -d '' file; do
  n=$((n + 1))
  cp "$file" "$work/statement_splitter/$n.sql"
done < <(find tests/golden schemas -name '*.sql' -print0 | sort -z)

for example in schemas/*/; do
  n=$((n + 1))
  "$schemac" generate --schema "$example" --migrations "$work/m$n" --name init >/dev/null 2>&1 || true
  if [ -f "$work/m$n/schemac.sum" ]; then cp "$work/m$n/schemac.sum" "$work/sum_file/$n.sum"; fi
done
while IFS= read -r connection; do
  n=$((n + 1))
  printf '%s' "$connection" >"$work/connection_string/$n.txt"
done <<'URLS'
postgresql://app:s3cret@db.example:5432/app?sslmode=require
postgres://app:pa%40ss%2Fword@[::1]:5432/app
postgresql:///app?host=/run/postgresql&user=app&password=s3cret
host=db port=5432 dbname=app user=app password = 'it\'s a secret'
host=db password=back\ slash dbname=app
postgresql://u:Wr@ng@host/db
URLS

for target in "${targets[@]}"; do
  # Merged aside, then swapped in: a failed merge leaves the committed seeds as they were.
  mkdir -p "$work/merged/$target"
  ASAN_OPTIONS=detect_leaks=0 "$build_dir/fuzz/fuzz_$target" -merge=1 "$work/merged/$target" "$work/$target" \
    >"$work/$target.log" 2>&1 || { tail -20 "$work/$target.log"; exit 1; }
  rm -rf "fuzz/seeds/$target"
  mkdir -p fuzz/seeds
  mv "$work/merged/$target" "fuzz/seeds/$target"
  echo "fuzz-seeds: $target: $(ls "fuzz/seeds/$target" | wc -l) of $(ls "$work/$target" | wc -l) inputs kept"
done
