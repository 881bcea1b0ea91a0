#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL 15 cluster in a temporary directory.
# Installs PostgreSQL from Debian's packages when it is missing; stops and removes the
# cluster on exit, also when the command fails.
set -euo pipefail

PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
if [ ! -x "$PGBIN/initdb" ]; then
  echo "Installing PostgreSQL 15 from Debian's packages..." >&2
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql-15 postgresql-contrib-15 >/dev/null
fi

PGTMP=$(mktemp -d)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
if [ "$(id -u)" = 0 ]; then
  chown postgres:postgres "$PGTMP"
  AS_PG=(runuser -u postgres --)
else
  AS_PG=()
fi

cleanup() {
  "${AS_PG[@]}" "$PGBIN/pg_ctl" -D "$PGTMP/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$PGTMP"
}
trap cleanup EXIT INT TERM

"${AS_PG[@]}" "$PGBIN/initdb" -D "$PGTMP/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
"${AS_PG[@]}" "$PGBIN/pg_ctl" -D "$PGTMP/data" -l "$PGTMP/pg.log" -w -t 30 \
  -o "-p $PORT -k $PGTMP -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
  start >/dev/null
"${AS_PG[@]}" "$PGBIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres salw

export SALW_DATABASE_URL="postgres://postgres@127.0.0.1:$PORT/salw"
echo "PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') on port $PORT" >&2
set +e
"$@"
status=$?
set -e
exit $status
