# shellcheck shell=bash
# Sourced by .ci/run. A throwaway PostgreSQL cluster on 127.0.0.1 for the store tests:
#   start_test_postgres   initdb + start on a free port in a temp dir; exports TEST_DATABASE_URL
#                         and REQUIRE_POSTGRES=1 (so the PostgreSQL tests cannot silently skip)
#   stop_test_postgres    stop it and delete its files (safe to call twice)
# PostgreSQL refuses to run as root, so as root the server runs as the `postgres` OS user.
# test/setup/postgres.ts does the same for `npx vitest` when TEST_DATABASE_URL is unset.

_test_pg_as() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

_test_pg_free_port() {
  node -e "const s = require('node:net').createServer();
    s.listen(0, '127.0.0.1', () => { console.log(s.address().port); s.close(); });"
}

start_test_postgres() {
  local bin
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$bin" ] || [ ! -x "$bin/postgres" ]; then
    echo "start_test_postgres: no PostgreSQL server under /usr/lib/postgresql/*/bin" >&2
    return 1
  fi
  TEST_PG_BIN=$bin
  TEST_PG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/salus-ci-pg.XXXXXX")
  if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$TEST_PG_DIR"; fi

  if ! _test_pg_as "$bin/initdb" -D "$TEST_PG_DIR/data" -U postgres -A trust -E UTF8 --no-sync \
    >"$TEST_PG_DIR/initdb.log" 2>&1; then
    cat "$TEST_PG_DIR/initdb.log" >&2
    stop_test_postgres
    return 1
  fi

  local attempt port
  for attempt in 1 2 3; do
    # A port can be taken between probing and binding; try again with another.
    port=$(_test_pg_free_port)
    if _test_pg_as "$bin/pg_ctl" -D "$TEST_PG_DIR/data" -l "$TEST_PG_DIR/server.log" -w -t 60 \
      -o "-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories=$TEST_PG_DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
      start >/dev/null; then
      export TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$port/postgres"
      export REQUIRE_POSTGRES=1
      echo "Test PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"
      return 0
    fi
    echo "start_test_postgres: attempt $attempt on port $port failed" >&2
  done
  tail -n 50 "$TEST_PG_DIR/server.log" >&2 || true
  stop_test_postgres
  return 1
}

stop_test_postgres() {
  if [ -n "${TEST_PG_DIR:-}" ] && [ -d "$TEST_PG_DIR" ]; then
    if [ -f "$TEST_PG_DIR/data/postmaster.pid" ]; then
      _test_pg_as "$TEST_PG_BIN/pg_ctl" -D "$TEST_PG_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$TEST_PG_DIR"
  fi
  unset TEST_PG_DIR TEST_PG_BIN
}
