# Sourced by tools/demo and tools/bench: a throwaway PostgreSQL cluster in a temporary folder,
# initialised and run as the `postgres` user when the caller is root (PostgreSQL refuses to run
# as root), listening only on a free loopback port. `throwaway_postgres_start` sets
# THROWAWAY_PG_URL (a database URL for the `postgres` database); `throwaway_postgres_stop`
# stops the server and removes the folder. Call it from your EXIT trap, set before the start,
# so that it runs whatever happens:
#
#   source tools/lib/throwaway-postgres.sh
#   trap throwaway_postgres_stop EXIT
#   throwaway_postgres_start
#   psql "$THROWAWAY_PG_URL" ...

throwaway_postgres_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$dir" ] || [ ! -x "$dir/initdb" ]; then
    echo "throwaway-postgres: PostgreSQL server binaries not found (tools/setup installs the postgresql package)" >&2
    return 1
  fi
  echo "$dir"
}

throwaway_postgres_free_port() {
  local port tries=0
  while ((tries < 200)); do
    port=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
    tries=$((tries + 1))
  done
  echo "throwaway-postgres: no free loopback port found" >&2
  return 1
}

throwaway_postgres_stop() {
  if [ -n "${THROWAWAY_PG_DIR:-}" ] && [ -d "$THROWAWAY_PG_DIR" ]; then
    if [ -f "$THROWAWAY_PG_DIR/data/postmaster.pid" ]; then
      ${THROWAWAY_PG_AS:-} "$THROWAWAY_PG_BIN/pg_ctl" -D "$THROWAWAY_PG_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$THROWAWAY_PG_DIR"
  fi
}

throwaway_postgres_start() {
  THROWAWAY_PG_BIN=$(throwaway_postgres_bin)
  THROWAWAY_PG_DIR=$(mktemp -d /tmp/schemac-pg-XXXXXX)
  THROWAWAY_PG_AS=
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres: "$THROWAWAY_PG_DIR"
    THROWAWAY_PG_AS="runuser -u postgres --"
  fi
  local port log tries
  log="$THROWAWAY_PG_DIR/log"
  $THROWAWAY_PG_AS "$THROWAWAY_PG_BIN/initdb" -D "$THROWAWAY_PG_DIR/data" -U postgres --auth=trust -E UTF8 \
    --locale=C.UTF-8 --no-sync >"$THROWAWAY_PG_DIR/initdb.log" 2>&1 \
    || { cat "$THROWAWAY_PG_DIR/initdb.log" >&2; return 1; }
  # A port found free can be taken by another process (a test's own cluster, started in
  # parallel) before the server binds it: then try another port.
  for tries in 1 2 3 4 5; do
    port=$(throwaway_postgres_free_port)
    if $THROWAWAY_PG_AS "$THROWAWAY_PG_BIN/pg_ctl" -D "$THROWAWAY_PG_DIR/data" -l "$log" -w -t 60 \
      -o "-p $port -k $THROWAWAY_PG_DIR -c listen_addresses=127.0.0.1" start >/dev/null; then
      break
    fi
    if [ "$tries" -eq 5 ] || ! grep -q "could not bind\|could not create any TCP/IP sockets" "$log"; then
      cat "$log" >&2
      return 1
    fi
    $THROWAWAY_PG_AS rm -f "$log"
  done
  THROWAWAY_PG_PORT=$port
  THROWAWAY_PG_URL="postgresql://postgres@127.0.0.1:$port/postgres"
}
