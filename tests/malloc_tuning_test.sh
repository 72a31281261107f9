#!/usr/bin/env bash
# An unsanitized schemac (argument 1, the launcher) runs with glibc's malloc tuned
# (tools/schemac/malloc_tuning.hpp), and so does the program it launches when started directly
# (it starts itself again); both give the programs they start the environment they were given. A `pg_config` early on PATH
# (the first program `schemac verify` runs, to find PostgreSQL) writes down its own environment
# and the one schemac's process was started with.
set -euo pipefail
schemac=$1
program=$(dirname "$schemac")/../libexec/schemac/schemac
[ -x "$program" ] || { echo "FAIL: no program beside the launcher: $program" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/bin" "$work/project/schemas" "$work/project/migrations"
printf 'table t {\n  id bigint primary key\n}\n' >"$work/project/schemas/t.schema"
cat >"$work/bin/pg_config" <<'SCRIPT'
#!/bin/sh
env >"$RECORD/child"
pid=$$
while [ "$pid" -gt 1 ] && [ "$(cat /proc/$pid/comm)" != schemac ]; do
  pid=$(sed 's/.*) //' /proc/$pid/stat | cut -d' ' -f2)
done
tr '\0' '\n' </proc/$pid/environ >"$RECORD/schemac"
SCRIPT
chmod +x "$work/bin/pg_config"
cd "$work/project"
"$schemac" generate -q --name init

failed=0
fail() { echo "FAIL: $*" >&2; failed=1; }
# run NAME [VAR=VALUE...]: verify with that environment (the launcher, or $started when set);
# the records land in $work/NAME.
started=
run() {
  local name=$1; shift
  mkdir -p "$work/$name"
  env -u GLIBC_TUNABLES "$@" RECORD="$work/$name" PATH="$work/bin:$PATH" "${started:-$schemac}" verify \
    >"$work/$name/out" 2>&1 || true
  [ -f "$work/$name/child" ] || fail "$name: verify did not run pg_config: $(cat "$work/$name/out")"
}
has() { grep -qx -- "$2" "$1" || fail "$1 has no line '$2'"; }
lacks() { ! grep -q -- "$2" "$1" || fail "$1 has '$2'"; }

# schemac started again (the variable carrying the original value is in its first environment;
# the dynamic loader may rewrite GLIBC_TUNABLES itself as it reads it), and its child sees the
# original value.
run unset
has "$work/unset/schemac" "SCHEMAC_ORIGINAL_GLIBC_TUNABLES=unset"
grep -q "^GLIBC_TUNABLES=glibc.malloc.hugetlb=1" "$work/unset/schemac" || fail "schemac started without huge pages"
lacks "$work/unset/child" "GLIBC_TUNABLES"

run other GLIBC_TUNABLES=glibc.pthread.rseq=0
has "$work/other/schemac" "SCHEMAC_ORIGINAL_GLIBC_TUNABLES=set:glibc.pthread.rseq=0"
has "$work/other/child" "GLIBC_TUNABLES=glibc.pthread.rseq=0"
lacks "$work/other/child" "SCHEMAC_ORIGINAL_GLIBC_TUNABLES"

run empty GLIBC_TUNABLES=
has "$work/empty/schemac" "SCHEMAC_ORIGINAL_GLIBC_TUNABLES=set:"
has "$work/empty/child" "GLIBC_TUNABLES="
lacks "$work/empty/child" "SCHEMAC_ORIGINAL_GLIBC_TUNABLES"

# A glibc.malloc tunable of the person's own: schemac is not started again.
run theirs GLIBC_TUNABLES=glibc.malloc.hugetlb=0
lacks "$work/theirs/schemac" "SCHEMAC_ORIGINAL_GLIBC_TUNABLES"
has "$work/theirs/child" "GLIBC_TUNABLES=glibc.malloc.hugetlb=0"

# The program started directly, not by the launcher: it starts itself again, tuned, alike.
started=$program
run direct
has "$work/direct/schemac" "SCHEMAC_ORIGINAL_GLIBC_TUNABLES=unset"
grep -q "^GLIBC_TUNABLES=glibc.malloc.hugetlb=1" "$work/direct/schemac" \
  || fail "the program started directly did not start again with huge pages"
lacks "$work/direct/child" "GLIBC_TUNABLES"
run direct_other GLIBC_TUNABLES=glibc.pthread.rseq=0
has "$work/direct_other/schemac" "SCHEMAC_ORIGINAL_GLIBC_TUNABLES=set:glibc.pthread.rseq=0"
has "$work/direct_other/child" "GLIBC_TUNABLES=glibc.pthread.rseq=0"
lacks "$work/direct_other/child" "SCHEMAC_ORIGINAL_GLIBC_TUNABLES"
run direct_theirs GLIBC_TUNABLES=glibc.malloc.hugetlb=0
lacks "$work/direct_theirs/schemac" "SCHEMAC_ORIGINAL_GLIBC_TUNABLES"
has "$work/direct_theirs/child" "GLIBC_TUNABLES=glibc.malloc.hugetlb=0"

# The launcher itself starts its program tuned, with the arguments as given (a program that only
# writes down what it was given stands in for schemac's).
mkdir -p "$work/fake/bin" "$work/fake/libexec/schemac"
cp "$schemac" "$work/fake/bin/schemac"
printf '#!/bin/sh\nenv >"%s/fake/env"\nprintf "%%s\\n" "$@" >"%s/fake/arguments"\n' "$work" "$work" \
  >"$work/fake/libexec/schemac/schemac"
chmod +x "$work/fake/libexec/schemac/schemac"
env -u GLIBC_TUNABLES "$work/fake/bin/schemac" generate --name "two words" \
  || fail "the launcher did not start its program"
has "$work/fake/env" "SCHEMAC_ORIGINAL_GLIBC_TUNABLES=unset"
has "$work/fake/env" "GLIBC_TUNABLES=glibc.malloc.hugetlb=1:glibc.malloc.top_pad=67108864"
[ "$(cat "$work/fake/arguments")" = "$(printf 'generate\n--name\ntwo words')" ] \
  || fail "the launcher passed on: $(cat "$work/fake/arguments")"

# A launcher whose program is missing says so and exits 2.
mkdir -p "$work/alone"
cp "$schemac" "$work/alone/schemac"
status=0
"$work/alone/schemac" --version >"$work/alone/out" 2>&1 || status=$?
[ "$status" = 2 ] || fail "a launcher without its program exited $status"
grep -q "schemac: cannot start .*libexec/schemac/schemac: No such file or directory" "$work/alone/out" \
  || fail "a launcher without its program said: $(cat "$work/alone/out")"

# Without /proc (a sandbox), the launcher finds its program by the path it was started by.
if unshare -m true 2>/dev/null; then
  out=$(unshare -m sh -c 'umount -l /proc && "$0" --version' "$schemac" 2>&1) \
    || fail "the launcher without /proc: $out"
else
  echo "malloc tuning: no mount namespace here (unshare -m needs root): the launcher without /proc is not tried"
fi

[ "$failed" = 0 ] && echo "malloc tuning: as expected"
exit "$failed"
