#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL server on loopback, for the tests of the
# PostgreSQL alert store: a new cluster in a temporary directory (trust authentication, a
# free port, no Unix socket outside that directory), stopped and deleted when the command ends.
# The command sees IOTSHIELD_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:PORT/postgres?sslmode=disable.
# Needs Debian's postgresql package (make test installs it). As root, the server runs as the
# 'postgres' user (initdb refuses root).
# Usage: scripts/with-postgres.sh COMMAND [ARG ...]
set -euo pipefail

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [[ -z "$bindir" || ! -x "$bindir/initdb" ]]; then
    echo "with-postgres: no PostgreSQL server binaries under /usr/lib/postgresql (apt install postgresql)" >&2
    exit 1
fi

dir=$(mktemp -d /tmp/iotshield-pg.XXXXXX)
chmod 755 "$dir"
as_server=()
if [[ $(id -u) -eq 0 ]]; then
    chown postgres:postgres "$dir"
    as_server=(runuser -u postgres --)
fi
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()' 2>/dev/null \
       || echo $((20000 + RANDOM % 20000)))

stop() {
    "${as_server[@]}" "$bindir/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$dir"
}
trap stop EXIT

"${as_server[@]}" "$bindir/initdb" -D "$dir/data" -U postgres --auth=trust --no-sync -E UTF8 >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; exit 1; }
# fsync stays on: the store's durability tests kill processes, not the machine, but the
# server should behave as deployed.
if ! "${as_server[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
        -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=200" start >/dev/null; then
    cat "$dir/server.log" >&2
    exit 1
fi

export IOTSHIELD_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$port/postgres?sslmode=disable"
"$@"
