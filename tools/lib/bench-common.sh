# Sourced by tools/bench/*: the benchmark schema (the parse benchmark's table shape) and the
# timing helper. Callers set `work` (a temporary folder), `runs`, and a `prepare` function.

# write_schema N DIR EXTRA: .schema files; EXTRA=1 adds `note text` to every 10th table.
write_schema() {
  mkdir -p "$2"
  rm -f "$2"/*.schema
  echo "enum status { active, inactive, archived }" > "$2/enums.schema"
  awk -v n="$1" -v dir="$2" -v extra="${3:-0}" 'BEGIN {
    q = sprintf("%c", 39);
    for (i = 1; i <= n; i++) {
      file = sprintf("%s/tables_%05d.schema", dir, int((i - 1) / 1000));
      parent = i > 1 ? i - 1 : 1;
      printf "table t%d {\n", i > file;
      printf "  id         bigint           primary key generated always as identity\n" > file;
      printf "  parent_id  bigint           references t%d(id) on delete cascade\n", parent > file;
      printf "  status     status           not null default %sactive%s\n", q, q > file;
      printf "  name       text             not null\n" > file;
      printf "  email      varchar(200)\n" > file;
      printf "  amount     numeric(12,2)    check (amount >= 0)\n" > file;
      printf "  quantity   integer          not null default 0\n" > file;
      printf "  ratio      double precision\n" > file;
      printf "  tags       text[]           not null default %s{}%s\n", q, q > file;
      printf "  payload    jsonb\n" > file;
      printf "  created_at timestamptz      not null default now()\n" > file;
      printf "  updated_at timestamptz\n" > file;
      if (extra == 1 && i % 10 == 0) printf "  note       text\n" > file;
      printf "\n  index t%d_by_parent (parent_id, created_at)\n", i > file;
      printf "  index t%d_by_status (status) where status <> %sarchived%s\n", i, q, q > file;
      printf "}\n\n" > file;
    }
  }'
}

# measure LABEL COMMAND...: runs `prepare` then the command RUNS times; prints medians.
measure() {
  local label=$1; shift
  local times=() peaks=()
  for _ in $(seq "$runs"); do
    prepare
    local result
    if ! /usr/bin/time -o "$work/time" -f "%e %M" taskset -c 0 "$@" >"$work/output" 2>&1; then
      echo "$label failed:" >&2
      tail -20 "$work/output" >&2
      exit 1
    fi
    result=$(tail -1 "$work/time")
    times+=("${result% *}")
    peaks+=("${result#* }")
  done
  local time peak
  time=$(printf "%s\n" "${times[@]}" | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
  peak=$(printf "%s\n" "${peaks[@]}" | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
  printf "%-34s %10s %12d\n" "$label" "$time" "$((peak / 1024))"
}

