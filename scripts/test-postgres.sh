#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests: `start` makes a cluster in a new temporary data
# directory (as the postgres user when run as root: the server refuses root), listens on 127.0.0.1
# only, and prints its URL; `stop` stops it and removes the directory. Installs Debian's
# postgresql when its binaries are absent.
set -euo pipefail
STATE=${FISCAL_TEST_PG_STATE:-/tmp/fiscal-test-postgres}
PORT=${FISCAL_TEST_PG_PORT:-54329}

bindir() {
  local d
  for d in /usr/lib/postgresql/*/bin; do [ -x "$d/initdb" ] && { echo "$d"; return; }; done
  command -v initdb >/dev/null 2>&1 && dirname "$(command -v initdb)"
}

as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "${1:-}" in
  start)
    if [ -z "$(bindir)" ]; then
      apt-get update -qq
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql postgresql-contrib >/dev/null
    fi
    BIN=$(bindir)
    "$0" stop >/dev/null 2>&1 || true
    mkdir -p "$STATE"
    [ "$(id -u)" = 0 ] && chown postgres "$STATE"
    as_owner "$BIN/initdb" -D "$STATE/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$STATE/initdb.log" 2>&1 \
      || { cat "$STATE/initdb.log" >&2; exit 1; }
    as_owner "$BIN/pg_ctl" -D "$STATE/data" -l "$STATE/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $PORT -k $STATE -c max_connections=200 -c fsync=off" start >/dev/null \
      || { cat "$STATE/server.log" >&2; exit 1; }
    echo "postgres://postgres@127.0.0.1:$PORT/postgres"
    ;;
  stop)
    BIN=$(bindir)
    [ -d "$STATE/data" ] && as_owner "$BIN/pg_ctl" -D "$STATE/data" -m fast -w stop >/dev/null || true
    rm -rf "$STATE"
    ;;
  *)
    echo "usage: $0 start|stop" >&2
    exit 2
    ;;
esac
