# Sourced by .ci/run: a throwaway PostgreSQL server on loopback for the result-store tests.
# Exports SPINSCOPE_TEST_POSTGRES_URL on success. Any failure is reported and the
# PostgreSQL tests then skip with the reason in SPINSCOPE_TEST_POSTGRES_SKIP; CI goes on.

_spinscope_pg_start() {
    if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
        echo "installing postgresql from Debian"
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null \
            || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; } \
            || { echo "apt-get install postgresql failed"; return 1; }
    fi
    local bin
    bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
    local run_as=()
    if [ "$(id -u)" = "0" ]; then
        id postgres >/dev/null 2>&1 || { echo "no 'postgres' user to run the server as"; return 1; }
        run_as=(runuser -u postgres --)
    fi
    local base
    base=$(mktemp -d /tmp/spinscope-ci-pg.XXXXXX) || return 1
    [ "$(id -u)" = "0" ] && chown postgres "$base"
    export SPINSCOPE_TEST_POSTGRES_DIR="$base"
    export SPINSCOPE_TEST_POSTGRES_BIN="$bin"
    local port
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])') \
        || return 1
    "${run_as[@]}" "$bin/initdb" -D "$base/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$base/initdb.log" 2>&1 \
        || { echo "initdb failed:"; tail -n 5 "$base/initdb.log"; return 1; }
    "${run_as[@]}" "$bin/pg_ctl" -D "$base/data" -l "$base/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $base -c fsync=off" start >/dev/null \
        || { echo "pg_ctl start failed:"; tail -n 5 "$base/server.log"; return 1; }
    "${run_as[@]}" "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres spinscope_test \
        || { echo "createdb failed"; return 1; }
    export SPINSCOPE_TEST_POSTGRES_URL="postgresql+psycopg://postgres@127.0.0.1:$port/spinscope_test"
    echo "postgresql for tests: $SPINSCOPE_TEST_POSTGRES_URL"
}

if ! _spinscope_pg_start; then
    export SPINSCOPE_TEST_POSTGRES_SKIP="the CI PostgreSQL server could not be started (see the CI log)"
    echo "warning: $SPINSCOPE_TEST_POSTGRES_SKIP"
fi
unset -f _spinscope_pg_start
