#!/usr/bin/env bash
# Many variables are read only by `render`, through ${!name}:
# shellcheck disable=SC2034
# Tessera's container start. Prepares the stacks folder, keeps the env file with its
# generated secrets, decides which services run inside the container, writes the
# supervisord and nginx configs from templates, installs custom CA roots, then execs
# its arguments (supervisord by default).
#
# Idempotent: running it again on the same stacks folder changes no secret and no data.
# Every path and port can be overridden through the environment, so the same script
# runs on a plain host in tests (see tests/container/run.sh).
#
# The values of the env file are read here but never exported: the backend reads the
# file itself, so that only variables really set on the container count as "fixed by
# the environment" on the admin settings page.
set -euo pipefail

log() { printf 'entrypoint: %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }

STACKS=${TESSERA_STACKS_DIR:-/tessera-stacks}
APP_DIR=${TESSERA_APP_DIR:-/opt/tessera}
BIN_DIR=${TESSERA_BIN_DIR:-$APP_DIR/bin}
TEMPLATES=${TESSERA_TEMPLATES_DIR:-$APP_DIR/supervisor}
STATIC_DIR=${TESSERA_STATIC_DIR:-$APP_DIR/static}
RUN_DIR=${TESSERA_RUN_DIR:-/tmp/tessera}
HTTP_PORT=${TESSERA_HTTP_PORT:-80}
HTTPS_PORT=${TESSERA_HTTPS_PORT:-443}
BACKEND_PORT=${TESSERA_BACKEND_PORT:-8080}
RTS_PORT=${TESSERA_RTS_PORT:-8091}
NGINX=${TESSERA_NGINX:-nginx}
NGINX_MIME_TYPES=${TESSERA_NGINX_MIME_TYPES:-/etc/nginx/mime.types}
REDIS_SERVER=${TESSERA_REDIS_SERVER:-redis-server}
MONGOD=${TESSERA_MONGOD:-mongod}
MONGOSH=${TESSERA_MONGOSH:-mongosh}
CA_STORE_DIR=${TESSERA_CA_STORE_DIR:-/usr/local/share/ca-certificates/tessera}
UPDATE_CA_CMD=${TESSERA_UPDATE_CA_CMD:-update-ca-certificates}

CONFIG_DIR=$STACKS/configuration
ENV_FILE=$CONFIG_DIR/docker.env
DATA=$STACKS/data
LOGS=$STACKS/logs

# --- stacks layout -----------------------------------------------------------------

make_layout() {
  local dir
  for dir in "$CONFIG_DIR" "$DATA/backend" "$DATA/mongodb" "$DATA/redis" \
    "$LOGS/backend" "$LOGS/rts" "$LOGS/nginx" "$LOGS/mongodb" "$LOGS/redis" "$LOGS/supervisor" \
    "$STACKS/git-storage" "$STACKS/ssl" "$STACKS/ca-certs" "$STACKS/backups" \
    "$RUN_DIR/supervisor/conf.d" "$RUN_DIR/nginx"; do
    mkdir -p "$dir"
  done
  # Secrets live here; nobody but the owner needs to read them.
  chmod 700 "$CONFIG_DIR" "$STACKS/backups"
}

# --- the env file --------------------------------------------------------------------

random_hex() { od -An -N"$1" -tx1 /dev/urandom | tr -d ' \n'; }

# Prints the value of KEY in the env file (last assignment wins, as for the backend).
# Understands the quoting the backend writes: 'literal' and "escaped \" \\ \$".
env_file_get() {
  local key=$1 line value=""
  [ -f "$ENV_FILE" ] || return 0
  while IFS= read -r line || [ -n "$line" ]; do
    line=${line#"${line%%[![:space:]]*}"}
    line=${line#export }
    case $line in
      "$key="*) value=${line#"$key="} ;;
    esac
  done <"$ENV_FILE"
  if [[ $value == \'*\' && ${#value} -ge 2 ]]; then
    value=${value:1:${#value}-2}
  elif [[ $value == \"*\" && ${#value} -ge 2 ]]; then
    value=${value:1:${#value}-2}
    value=${value//\\\"/\"}
    value=${value//\\\$/\$}
    value=${value//\\\\/\\}
  fi
  printf '%s' "$value"
}

# A key is "present" when the file assigns it, even to an empty value.
env_file_has() {
  [ -f "$ENV_FILE" ] && grep -Eq "^[[:space:]]*(export[[:space:]]+)?$1=" "$ENV_FILE"
}

# Appends KEY=VALUE unless the file already has KEY: existing values are never replaced.
env_file_default() {
  local key=$1 value=$2
  env_file_has "$key" && return 0
  # A hand-edited file may lack its last newline; appending must not join two lines.
  if [ -s "$ENV_FILE" ] && [ -n "$(tail -c 1 "$ENV_FILE")" ]; then echo >>"$ENV_FILE"; fi
  printf "%s='%s'\n" "$key" "$value" >>"$ENV_FILE"
  log "added $key to the env file"
}

# The effective value of a setting: the container's variable wins over the file.
setting() {
  local key=$1 default=${2:-} from_env
  from_env=$(printenv "$key" || true)
  if [ -n "$from_env" ]; then
    printf '%s' "$from_env"
    return
  fi
  local from_file
  from_file=$(env_file_get "$key")
  printf '%s' "${from_file:-$default}"
}

prepare_env_file() {
  if [ ! -f "$ENV_FILE" ]; then
    (
      umask 077
      cat >"$ENV_FILE" <<'EOF'
# Tessera's settings. Written once on first start; edit here or on the admin settings
# page, then restart. Variables set on the container (docker run -e) override this file.
# Keep this file: stored secrets cannot be decrypted without the encryption values.
EOF
    )
    log "first start: created $ENV_FILE"
  fi
  chmod 600 "$ENV_FILE"
  # Generated once; upgrades that introduce a new generated key add only that key.
  env_file_default TESSERA_ENCRYPTION_PASSWORD "$(random_hex 32)"
  env_file_default TESSERA_ENCRYPTION_SALT "$(random_hex 16)"
  env_file_default TESSERA_MONGODB_USER "tessera"
  env_file_default TESSERA_MONGODB_PASSWORD "$(random_hex 24)"
  # The container's default store is the embedded MongoDB, and Redis for sessions; a
  # store chosen on the container is not shadowed by a default written here.
  if [ -z "$(printenv TESSERA_DB_URL || true)" ]; then
    env_file_default TESSERA_DB_URL "mongodb://$(env_file_get TESSERA_MONGODB_USER):$(env_file_get \
      TESSERA_MONGODB_PASSWORD)@127.0.0.1:27017/tessera?authSource=admin&replicaSet=rs0"
  fi
  if [ -z "$(printenv TESSERA_REDIS_URL || true)" ]; then
    env_file_default TESSERA_REDIS_URL "redis://127.0.0.1:6379"
  fi
}

# --- embedded or external -------------------------------------------------------------

# The host[:port] part of a URL, without user information.
url_authority() {
  local rest=${1#*://}
  rest=${rest%%/*}
  rest=${rest%%\?*}
  printf '%s' "${rest##*@}"
}

url_host() {
  local authority
  authority=$(url_authority "$1")
  if [[ $authority == \[* ]]; then
    authority=${authority#[}
    printf '%s' "${authority%%]*}"
  else
    printf '%s' "${authority%%:*}"
  fi
}

url_port() {
  local authority port
  authority=$(url_authority "$1")
  port=${authority##*]}
  if [[ $port == *:* ]]; then
    printf '%s' "${port##*:}"
  else
    printf '%s' "$2"
  fi
}

# user or password from the URL's user information, percent-decoded.
url_userinfo() {
  local rest=${1#*://} info
  rest=${rest%%/*}
  [[ $rest == *@* ]] || return 0
  info=${rest%@*}
  if [ "$2" = user ]; then info=${info%%:*}; else
    [[ $info == *:* ]] || return 0
    info=${info#*:}
  fi
  printf '%b' "${info//%/\\x}"
}

is_local() {
  case $1 in
    localhost | 127.* | ::1) return 0 ;;
    *) return 1 ;;
  esac
}

decide_services() {
  DB_URL=$(setting TESSERA_DB_URL)
  REDIS_URL=$(setting TESSERA_REDIS_URL)
  EMBEDDED_MONGO=false
  EMBEDDED_REDIS=false
  # Several hosts (a replica set list) always mean an external MongoDB.
  if [[ $DB_URL == mongodb://* ]] && [[ $(url_authority "$DB_URL") != *,* ]] &&
    is_local "$(url_host "$DB_URL")"; then
    EMBEDDED_MONGO=true
    MONGO_PORT=$(url_port "$DB_URL" 27017)
  fi
  if [[ $REDIS_URL == redis://* ]] && is_local "$(url_host "$REDIS_URL")"; then
    EMBEDDED_REDIS=true
    REDIS_PORT=$(url_port "$REDIS_URL" 6379)
  fi
  log "metadata store: $([ "$EMBEDDED_MONGO" = true ] && echo "embedded MongoDB" || echo "${DB_URL%%://*} (external)");" \
    "sessions: $([ "$EMBEDDED_REDIS" = true ] && echo "embedded Redis" ||
      { [ -n "$REDIS_URL" ] && echo "external Redis"; } || echo "metadata store")"
}

# First start of the embedded MongoDB: a single-node replica set (transactions and
# change streams need one) and the user from the store URL. Runs without --auth once,
# then never again; a crash half-way is repaired on the next start.
init_mongodb() {
  local marker=$DATA/mongodb/.tessera-initialised keyfile=$CONFIG_DIR/mongodb.key
  if [ ! -f "$keyfile" ]; then
    (umask 077 && random_hex 48 >"$keyfile")
  fi
  chmod 400 "$keyfile"
  [ -f "$marker" ] && return 0
  command -v "$MONGOD" >/dev/null || die "TESSERA_DB_URL points at a local MongoDB but $MONGOD is not installed"
  log "first start of the embedded MongoDB: creating the replica set and the user"
  "$MONGOD" --dbpath "$DATA/mongodb" --port "$MONGO_PORT" --bind_ip 127.0.0.1 --replSet rs0 \
    --fork --logpath "$LOGS/mongodb/first-start.log" >/dev/null
  for _ in $(seq 1 60); do
    "$MONGOSH" --quiet --port "$MONGO_PORT" --eval 'db.runCommand({ping: 1}).ok' >/dev/null 2>&1 && break
    sleep 1
  done
  # Credentials travel through the environment of mongosh only, never its arguments.
  TESSERA_INIT_USER=$(url_userinfo "$DB_URL" user) TESSERA_INIT_PASSWORD=$(url_userinfo "$DB_URL" password) \
    "$MONGOSH" --quiet --port "$MONGO_PORT" --eval "
      try { rs.initiate({_id: 'rs0', members: [{_id: 0, host: '127.0.0.1:$MONGO_PORT'}]}); }
      catch (e) { if (e.codeName !== 'AlreadyInitialized') throw e; }
      while (!db.hello().isWritablePrimary) { sleep(200); }
      const user = process.env.TESSERA_INIT_USER, pwd = process.env.TESSERA_INIT_PASSWORD;
      if (user) {
        const admin = db.getSiblingDB('admin');
        if (!admin.getUser(user)) { admin.createUser({user, pwd, roles: ['root']}); }
      }" >/dev/null
  "$MONGOD" --dbpath "$DATA/mongodb" --shutdown >/dev/null
  touch "$marker"
}

write_redis_conf() {
  local password
  password=$(url_userinfo "$REDIS_URL" password)
  (
    umask 077
    {
      echo "# Written by entrypoint.sh on every start."
      echo "bind 127.0.0.1"
      echo "port $REDIS_PORT"
      echo "dir $DATA/redis"
      # Sessions must survive restarts: append-only file, synced every second.
      echo "appendonly yes"
      echo "appendfsync everysec"
      echo "save \"\""
      echo "logfile \"\""
      echo "daemonize no"
      if [ -n "$password" ]; then echo "requirepass \"$password\""; fi
    } >"$RUN_DIR/redis.conf"
  )
}

# --- templates -----------------------------------------------------------------------

# Fills {{NAME}} placeholders from the shell variables of the same name.
render() {
  local template=$1 out=$2 text name value
  [ -f "$template" ] || die "missing template $template"
  text=$(<"$template")
  while [[ $text =~ \{\{([A-Z0-9_]+)\}\} ]]; do
    name=${BASH_REMATCH[1]}
    [ -n "${!name+set}" ] || die "template $template uses {{$name}}, which is not set"
    value=${!name}
    text=${text//"{{$name}}"/"$value"}
  done
  printf '%s\n' "$text" >"$out"
}

write_supervisor_conf() {
  local conf_d=$RUN_DIR/supervisor/conf.d program
  rm -f "$conf_d"/*.conf
  SUPERVISOR_USER_LINE=""
  [ "$(id -u)" = 0 ] && SUPERVISOR_USER_LINE="user=root"
  local shutdown
  shutdown=$(setting TESSERA_SHUTDOWN_TIMEOUT_SECS 30)
  [[ $shutdown =~ ^[0-9]+$ ]] || shutdown=30
  BACKEND_STOP_SECS=$((shutdown + 5))
  LOG_FILES="$LOGS/backend/backend.log $LOGS/rts/rts.log $LOGS/nginx/nginx.log"
  local programs="tessera tessera-rts nginx"
  if $EMBEDDED_MONGO; then
    programs="mongodb $programs"
    LOG_FILES="$LOG_FILES $LOGS/mongodb/mongodb.log"
  fi
  if $EMBEDDED_REDIS; then
    programs="redis $programs"
    LOG_FILES="$LOG_FILES $LOGS/redis/redis.log"
  fi
  render "$TEMPLATES/supervisord.conf.template" "$RUN_DIR/supervisord.conf"
  for program in $programs logs; do
    render "$TEMPLATES/programs/$program.conf.template" "$conf_d/$program.conf"
  done
  log "supervisord runs: $programs"
}

write_nginx_conf() {
  local out=$RUN_DIR/nginx dir
  for dir in client_body proxy fastcgi uwsgi scgi; do mkdir -p "$out/$dir"; done
  NGINX_USER_LINE=""
  if [ "$(id -u)" = 0 ] && id -u www-data >/dev/null 2>&1; then
    NGINX_USER_LINE="user www-data;"
  fi
  FRAME_ANCESTORS=$(setting TESSERA_FRAME_ANCESTORS "'self'")
  # The value lands inside an nginx string: refuse anything that could end it.
  if ! [[ $FRAME_ANCESTORS =~ ^[A-Za-z0-9\ :/.*\'_-]+$ ]]; then
    log "TESSERA_FRAME_ANCESTORS has characters a CSP source list cannot have; using 'self'"
    FRAME_ANCESTORS="'self'"
  fi
  HTTP_LISTEN_V6="" HTTPS_LISTEN_V6=""
  if [ -e /proc/net/if_inet6 ]; then
    HTTP_LISTEN_V6="listen [::]:$HTTP_PORT default_server;"
    HTTPS_LISTEN_V6="listen [::]:$HTTPS_PORT ssl http2 default_server;"
  fi
  SSL_CERT=$STACKS/ssl/fullchain.pem
  SSL_KEY=$STACKS/ssl/privkey.pem
  HTTPS_PORT_SUFFIX=""
  [ "$HTTPS_PORT" = 443 ] || HTTPS_PORT_SUFFIX=":$HTTPS_PORT"
  render "$TEMPLATES/nginx/nginx.conf.template" "$out/nginx.conf"
  render "$TEMPLATES/nginx/locations.conf.template" "$out/locations.conf"
  render "$TEMPLATES/nginx/headers.conf.template" "$out/headers.conf"
  render "$TEMPLATES/nginx/proxy.conf.template" "$out/proxy.conf"
  if [ -s "$SSL_CERT" ] && [ -s "$SSL_KEY" ]; then
    render "$TEMPLATES/nginx/https.conf.template" "$out/servers.conf"
    log "TLS on port $HTTPS_PORT with the certificate in $STACKS/ssl; port $HTTP_PORT redirects"
  else
    render "$TEMPLATES/nginx/http.conf.template" "$out/servers.conf"
    log "plain HTTP on port $HTTP_PORT (put fullchain.pem and privkey.pem in $STACKS/ssl for TLS)"
  fi
  if command -v "$NGINX" >/dev/null; then
    "$NGINX" -t -q -c "$out/nginx.conf" -g "daemon off;" || die "the generated nginx config is invalid"
  fi
}

# --- custom CA roots -------------------------------------------------------------------

install_ca_certs() {
  local cert found=false name
  mkdir -p "$CA_STORE_DIR"
  rm -f "$CA_STORE_DIR"/tessera-*.crt
  for cert in "$STACKS"/ca-certs/*.crt "$STACKS"/ca-certs/*.pem; do
    [ -f "$cert" ] || continue
    name=$(basename "$cert")
    cp "$cert" "$CA_STORE_DIR/tessera-${name%.*}.crt"
    found=true
  done
  if $found; then
    "$UPDATE_CA_CMD" >/dev/null 2>&1 || log "could not run $UPDATE_CA_CMD; custom CA roots may be ignored"
    log "installed custom CA roots from $STACKS/ca-certs"
  fi
}

main() {
  make_layout
  prepare_env_file
  decide_services
  if $EMBEDDED_MONGO; then init_mongodb; fi
  if $EMBEDDED_REDIS; then write_redis_conf; fi
  write_supervisor_conf
  write_nginx_conf
  install_ca_certs
  if [ $# -eq 0 ]; then set -- supervisord --nodaemon; fi
  # supervisord is started with the config just written unless told otherwise.
  if [ "$(basename "$1")" = supervisord ] && [[ " $* " != *" -c "* ]]; then
    set -- "$@" -c "$RUN_DIR/supervisord.conf"
  fi
  log "starting: $*"
  exec "$@"
}

# Sourcing the script (as its tests do) defines the functions without running anything.
if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
  main "$@"
fi
