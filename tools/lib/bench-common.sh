# Sourced by tools/bench/*: the benchmark schema (the parse benchmark's table shape) and the
# timing helpers. Callers set `work` (a temporary folder) and `runs`, and for measure a `prepare`
# function (for measure_in_turns, one per command). A prepare function that fails (returns
# non-zero) stops the benchmark: a run is never timed on a folder that was not made ready.

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

# run_timed COMMAND...: runs the command on core 0; leaves its wall seconds in run_seconds and its
# peak memory (KiB) in run_kib, or prints its output's end and fails. What earlier steps wrote
# goes to disk first (untimed): a command that syncs its files (schemac does, drizzle-kit does
# not) would otherwise also pay for writing back what the one before it left in the page cache
# (40 MB left unwritten made a first generate of 5,000 tables 0.16 s -> 0.19 s).
run_seconds= run_kib=
run_timed() {
  sync
  if ! /usr/bin/time -o "$work/time" -f "%e %M" taskset -c 0 "$@" >"$work/output" 2>&1; then
    echo "$* failed:" >&2
    tail -20 "$work/output" >&2
    return 1
  fi
  local result
  result=$(tail -1 "$work/time")
  run_seconds=${result% *}
  run_kib=${result#* }
}

# median VALUES...: the middle one (the lower middle of an even count).
median() { printf "%s\n" "$@" | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

# measured_line LABEL TIMES PEAKS: `LABEL  SECONDS  MIB`, the medians of the space-separated lists.
measured_line() {
  # shellcheck disable=SC2086
  printf "%-34s %10s %12d\n" "$1" "$(median $2)" "$(($(median $3) / 1024))"
}

# measure_in_turns LABEL NAME [LABEL NAME ...]: measure's lines for several commands run in turns
# (each once, then each again, RUNS times), so that all of them meet the machine in the same
# state: a slow minute slows each of them, not only the one whose runs fell in it. Before each run
# of the command in the array NAME_command, the function NAME_prepare readies it.
measure_in_turns() {
  local -a labels=() names=() times=() peaks=()
  while [ $# -gt 0 ]; do
    labels+=("$1") names+=("$2") times+=("") peaks+=("")
    shift 2
  done
  local i
  for _ in $(seq "$runs"); do
    for i in "${!names[@]}"; do
      "${names[$i]}_prepare" || { echo "${labels[$i]}: getting ready failed" >&2; return 1; }
      local -n command="${names[$i]}_command"
      run_timed "${command[@]}" || return 1
      unset -n command
      times[$i]+="$run_seconds " peaks[$i]+="$run_kib "
    done
  done
  for i in "${!names[@]}"; do measured_line "${labels[$i]}" "${times[$i]}" "${peaks[$i]}"; done
}

# measure LABEL COMMAND...: measure_in_turns for one command, readied by the function `prepare`.
measure() {
  local label=$1
  shift
  measured_command=("$@")
  measured_prepare() { prepare; }
  measure_in_turns "$label" measured
}
