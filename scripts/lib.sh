# Shared by start.sh and test.sh: where builds go, and bringing up local services.
# Builds live outside the clone so that a fresh clone still builds incrementally.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/tessera/target}"

log() { printf '==> %s\n' "$*" >&2; }

have() { command -v "$1" >/dev/null 2>&1; }

apt_install() {
  if [ "$(id -u)" != 0 ]; then
    log "missing Debian packages: $*; install them with: sudo apt-get install -y $*"
    return 1
  fi
  if [ -z "${TESSERA_APT_UPDATED:-}" ]; then
    apt-get update -qq >/dev/null
    export TESSERA_APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# PostgreSQL on 127.0.0.1:5432 accepting the `postgres` user without a password.
ensure_postgres() {
  if have pg_isready && pg_isready -q -h 127.0.0.1 -p 5432; then return 0; fi
  if ! have pg_ctlcluster; then
    log "installing PostgreSQL"
    apt_install postgresql
    local hba
    hba=$(ls /etc/postgresql/*/main/pg_hba.conf | head -n 1)
    # A fresh test server: trust loopback connections, as the tests expect.
    sed -i 's/^\(host\s.*127.0.0.1\/32\s*\)\S*$/\1trust/; s/^\(host\s.*::1\/128\s*\)\S*$/\1trust/' "$hba"
  fi
  log "starting PostgreSQL"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n 1)" main start || true
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && return 0; sleep 1; done
  log "PostgreSQL did not come up on 127.0.0.1:5432"; return 1
}

ensure_redis() {
  if have redis-cli && redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then return 0; fi
  have redis-server || { log "installing Redis"; apt_install redis-server; }
  log "starting Redis"
  mkdir -p /var/lib/redis /var/log/redis 2>/dev/null || true
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /tmp --logfile /tmp/tessera-test-redis.log
  for _ in $(seq 1 30); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && return 0; sleep 1; done
  log "Redis did not come up on 127.0.0.1:6379"; return 1
}

# MariaDB on 127.0.0.1:3306 with a passwordless root over TCP and a `test` database,
# for the MySQL plugin's tests.
ensure_mariadb() {
  if have mariadb-admin && mariadb-admin -h 127.0.0.1 -P 3306 -u root ping >/dev/null 2>&1; then return 0; fi
  have mariadbd || have mysqld || { log "installing MariaDB"; apt_install mariadb-server; }
  log "starting MariaDB"
  mkdir -p /run/mysqld && chown mysql:mysql /run/mysqld 2>/dev/null || true
  (mysqld_safe --bind-address=127.0.0.1 --port=3306 >/tmp/tessera-test-mariadb.log 2>&1 &)
  for _ in $(seq 1 30); do
    if mariadb-admin -h 127.0.0.1 -P 3306 -u root ping >/dev/null 2>&1; then break; fi
    # A fresh install lets root in only through the socket: open TCP for the tests.
    mariadb -u root -e "ALTER USER 'root'@'localhost' IDENTIFIED VIA mysql_native_password USING PASSWORD(''); CREATE USER IF NOT EXISTS 'root'@'127.0.0.1' IDENTIFIED BY ''; GRANT ALL ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION; FLUSH PRIVILEGES;" >/dev/null 2>&1 || true
    sleep 1
  done
  mariadb-admin -h 127.0.0.1 -P 3306 -u root ping >/dev/null 2>&1 || { log "MariaDB did not come up on 127.0.0.1:3306"; return 1; }
  mariadb -h 127.0.0.1 -P 3306 -u root -e "CREATE DATABASE IF NOT EXISTS test" >/dev/null
}
