#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL server on loopback, for the tests of the
# PostgreSQL alert store: a new cluster in a temporary directory on a free port, its superuser
# 'postgres' with a random password (SCRAM over TCP; the Unix socket stays in that directory,
# owner-only), stopped and deleted when the command ends. The command sees
# IOTSHIELD_TEST_POSTGRES_URL=postgres://postgres:PASSWORD@127.0.0.1:PORT/postgres?sslmode=disable.
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
as_server=()
stop() {
    if [[ -d "$dir/data" ]]; then "${as_server[@]}" "$bindir/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true; fi
    rm -rf "$dir"
}
trap stop EXIT

chmod 700 "$dir"
if [[ $(id -u) -eq 0 ]]; then
    chown postgres:postgres "$dir"
    as_server=(runuser -u postgres --)
fi
password=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
printf '%s\n' "$password" > "$dir/pwfile"
[[ $(id -u) -eq 0 ]] && chown postgres:postgres "$dir/pwfile"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()' 2>/dev/null || echo $((20000 + RANDOM % 20000)))

"${as_server[@]}" "$bindir/initdb" -D "$dir/data" -U postgres --pwfile="$dir/pwfile" --auth-host=scram-sha-256 \
    --auth-local=peer --no-sync -E UTF8 >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
rm -f "$dir/pwfile"
if ! "${as_server[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
        -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c unix_socket_permissions=0700 -c max_connections=200" start >/dev/null; then
    cat "$dir/server.log" >&2
    exit 1
fi

export IOTSHIELD_TEST_POSTGRES_URL="postgres://postgres:$password@127.0.0.1:$port/postgres?sslmode=disable"
"$@"
