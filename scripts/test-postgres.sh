#!/usr/bin/env bash
# A throwaway PostgreSQL cluster on 127.0.0.1 for the storage and API tests.
#   scripts/test-postgres.sh start DIR [PORT]   prints the TEST_DATABASE_URL to use
#   scripts/test-postgres.sh stop DIR
# Runs the server as the `postgres` user (PostgreSQL refuses to run as root). The cluster is thrown
# away after the run, so it does not flush to disk (fsync, synchronous_commit and full-page writes
# off: the PostgreSQL half of a storage test ran a third faster). No test kills the PostgreSQL
# server itself: the durability tests kill the client process, whose acknowledged commits the
# running server holds either way.
set -euo pipefail
cmd=${1:?start or stop}; dir=${2:?a directory}; port=${3:-54329}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$bin" ] || { echo "PostgreSQL is not installed (apt-get install postgresql)" >&2; exit 1; }
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
case "$cmd" in
  start)
    mkdir -p "$dir"; [ "$(id -u)" = 0 ] && chown postgres: "$dir"
    as_pg "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log"
    as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" -w start >/dev/null
    echo "postgres://postgres@127.0.0.1:$port/postgres"
    ;;
  stop)
    as_pg "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
    ;;
  *) echo "unknown command $cmd" >&2; exit 1 ;;
esac
