#!/usr/bin/env bash
# Start the servers the scale tests run against — PostgreSQL and Redis, on loopback only — and print the
# variables that point the suite at them. Idempotent: servers already up are left as they are.
#
#   eval "$(bash tests/services.sh)"      # then: pytest   (CI does exactly this)
#
# Needs root (CI runs as root; so does a developer's machine here): PostgreSQL runs as its own system user.
set -euo pipefail

PG_ROLE=qa_test
PG_PASSWORD=qa_test
PG_PORT=${QA_TEST_POSTGRES_PORT:-5432}
REDIS_PORT=${QA_TEST_REDIS_PORT:-6379}

log() { echo "services: $*" >&2; }

start_postgres() {
    local version cluster
    version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
    cluster=$(pg_lsclusters -h | awk -v v="$version" '$1 == v {print $2; exit}')
    if [ -z "$cluster" ]; then
        cluster=main
        pg_createcluster --port "$PG_PORT" "$version" "$cluster" >&2
    fi
    if ! pg_lsclusters -h | awk -v v="$version" -v c="$cluster" '$1 == v && $2 == c {print $4}' | grep -q online; then
        # listen_addresses: loopback only, whatever the cluster's configuration says.
        pg_ctlcluster "$version" "$cluster" start -o "-c listen_addresses=127.0.0.1 -c fsync=off" >&2
    fi
    PG_PORT=$(pg_lsclusters -h | awk -v v="$version" -v c="$cluster" '$1 == v && $2 == c {print $3}')
    # The test role may create (and drop) one scratch database per test.
    su postgres -c "psql -q -p $PG_PORT -v ON_ERROR_STOP=1" >&2 <<SQL
DO \$\$ BEGIN
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = '$PG_ROLE') THEN
        ALTER ROLE $PG_ROLE WITH LOGIN CREATEDB PASSWORD '$PG_PASSWORD';
    ELSE
        CREATE ROLE $PG_ROLE WITH LOGIN CREATEDB PASSWORD '$PG_PASSWORD';
    END IF;
END \$\$;
SQL
    if ! su postgres -c "psql -p $PG_PORT -tAc \"SELECT 1 FROM pg_database WHERE datname = '$PG_ROLE'\"" | grep -q 1; then
        su postgres -c "createdb -p $PG_PORT -O $PG_ROLE $PG_ROLE" >&2
    fi
    log "PostgreSQL $version/$cluster on 127.0.0.1:$PG_PORT"
}

start_redis() {
    if ! redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null 2>&1; then
        redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --daemonize yes --save '' --appendonly no \
            --logfile /tmp/qa-test-redis.log >&2
        for _ in $(seq 50); do
            redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null 2>&1 && break
            sleep 0.1
        done
    fi
    redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null
    log "Redis on 127.0.0.1:$REDIS_PORT"
}

start_postgres
start_redis
echo "export QA_TEST_POSTGRES_URL=postgresql+psycopg://$PG_ROLE:$PG_PASSWORD@127.0.0.1:$PG_PORT/$PG_ROLE"
echo "export QA_TEST_REDIS_URL=redis://127.0.0.1:$REDIS_PORT"
