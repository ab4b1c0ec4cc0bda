#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests (Debian's postgresql package; run as root, like CI).
#   eval "$(bash scripts/postgres.sh start)"   -> exports SYNERKI_TEST_DATABASE_URL and SYNERKI_TEST_PG_DIR
#   bash scripts/postgres.sh stop "$SYNERKI_TEST_PG_DIR"
# Trust authentication on 127.0.0.1 only, a free port, data in a temporary folder that stop removes.
set -euo pipefail

bin_dir() {
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1
}

case "${1:-}" in
  start)
    if [ -z "$(bin_dir)" ]; then
      (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null) >&2
    fi
    BIN="$(bin_dir)"
    DIR="$(mktemp -d /tmp/synerki-pg.XXXXXX)"
    chown postgres:postgres "$DIR"
    PORT="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
    runuser -u postgres -- "$BIN/initdb" -D "$DIR/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >/dev/null
    runuser -u postgres -- "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w \
      -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null
    runuser -u postgres -- "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres synerki_test
    echo "export SYNERKI_TEST_DATABASE_URL=postgresql://postgres@127.0.0.1:$PORT/synerki_test"
    echo "export SYNERKI_TEST_PG_DIR=$DIR"
    ;;
  stop)
    DIR="${2:?folder from start}"
    runuser -u postgres -- "$(bin_dir)/pg_ctl" -D "$DIR/data" -m fast -w stop >/dev/null || true
    rm -rf "$DIR"
    ;;
  *)
    echo "usage: $0 start | stop DIR" >&2
    exit 2
    ;;
esac
