# Stops the PostgreSQL server that .ci/setup.d/30-postgres.sh started, and removes its files.
base="${SPINSCOPE_TEST_POSTGRES_DIR:-}"
bin="${SPINSCOPE_TEST_POSTGRES_BIN:-}"
if [ -n "$base" ] && [ -d "$base/data" ] && [ -n "$bin" ]; then
    if [ "$(id -u)" = "0" ]; then
        runuser -u postgres -- "$bin/pg_ctl" -D "$base/data" -m fast -w stop >/dev/null 2>&1 || true
    else
        "$bin/pg_ctl" -D "$base/data" -m fast -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$base"
fi
