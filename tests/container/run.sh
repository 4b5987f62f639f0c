#!/usr/bin/env bash
# The container, run on this host: entrypoint.sh with a temporary stacks folder, the
# machine's PostgreSQL as the store (a fresh database), embedded Redis, and Debian's
# nginx and supervisord, all on unprivileged ports. Checks, through nginx:
#   static files (index.html fallback, hashed asset caching, gzip, security headers),
#   the rts, sign-up, PUT /api/v1/admin/env, restart, the new value in effect, refusal
#   of a key fixed by the environment, kill -9 of the backend (back within 10 s, nothing
#   lost), restore under supervisord, and a second entrypoint run on the same stacks
#   (same secrets, same data, TLS once a certificate is present).
# Prints the start-to-healthy time and the idle memory of nginx + backend + rts + redis.
#
# Binaries come from $TESSERA_TEST_BIN_DIR (default: the debug build, built here).
# Set TESSERA_TEST_KEEP=1 to keep the temporary folder for inspection.
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/lib.sh

tests/container/entrypoint_functions.sh

for tool in nginx supervisord supervisorctl redis-server curl psql python3 openssl; do
  have "$tool" || { log "container test needs $tool"; exit 1; }
done

WORK=$(mktemp -d)
# nginx's workers run as www-data when the test runs as root: they must read the files.
chmod 755 "$WORK"

# The binaries are copied: a build directory shared with other checkouts may be
# relinked from their sources while this test runs. The copy is checked to be this
# checkout's (it has the admin endpoints), rebuilding if another build got in between.
BIN_DIR=$WORK/bin
mkdir -p "$BIN_DIR"
# Through a file: grep -q closing the pipe early would fail the pipeline.
has_admin_endpoints() {
  "$BIN_DIR/tessera" openapi >"$WORK/openapi.json" && grep -q '/api/v1/admin/env' "$WORK/openapi.json"
}
if [ -n "${TESSERA_TEST_BIN_DIR:-}" ]; then
  cp "$TESSERA_TEST_BIN_DIR/tessera" "$TESSERA_TEST_BIN_DIR/tessera-rts" "$BIN_DIR/"
else
  log "building the backend and the rts (debug)"
  for _ in 1 2 3; do
    cargo build --workspace --bins --quiet
    cp "$CARGO_TARGET_DIR/debug/tessera" "$CARGO_TARGET_DIR/debug/tessera-rts" "$BIN_DIR/"
    has_admin_endpoints && break
  done
fi
has_admin_endpoints || { log "the tessera binary lacks the admin endpoints"; exit 1; }
STACKS=$WORK/stacks
RUN=$WORK/run
DIST=$WORK/dist
JAR=$WORK/cookies
DB=tessera_ct_$(date +%s)_$$
SUPERVISORD_PID=""

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}
HTTP_PORT=$(free_port)
HTTPS_PORT=$(free_port)
BACKEND_PORT=$(free_port)
RTS_PORT=$(free_port)
REDIS_PORT=$(free_port)
BASE=http://127.0.0.1:$HTTP_PORT

ctl() { supervisorctl -c "$RUN/supervisord.conf" "$@"; }

cleanup() {
  local status=$?
  if [ -n "$SUPERVISORD_PID" ] && kill -0 "$SUPERVISORD_PID" 2>/dev/null; then
    ctl shutdown >/dev/null 2>&1 || kill "$SUPERVISORD_PID" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$SUPERVISORD_PID" 2>/dev/null || break; sleep 0.1; done
  fi
  psql -q -h 127.0.0.1 -U postgres -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true
  if [ "$status" != 0 ]; then
    log "container test FAILED; last lines of the container's stdout:"
    tail -n 40 "$WORK/stdout.log" >&2 2>/dev/null || true
  fi
  if [ -n "${TESSERA_TEST_KEEP:-}" ]; then log "kept $WORK"; else rm -rf "$WORK"; fi
  exit "$status"
}
trap cleanup EXIT

fail() { log "FAIL: $*"; exit 1; }
pass() { log "ok: $*"; }

# The built front end when there is one (copied, so a rebuild cannot change it under
# the test), else a tiny one: index.html and one hashed asset big enough to be gzipped.
mkdir -p "$STACKS/ca-certs"
built=$(find static/dist/assets -maxdepth 1 -name '*.js' -size +2k 2>/dev/null | head -n 1 || true)
if [ -f static/dist/index.html ] && [ -n "$built" ]; then
  cp -r static/dist "$DIST"
  ASSET=$(basename "$built")
else
  mkdir -p "$DIST/assets"
  ASSET=app-3f9a1c7e.js
  printf '<!doctype html><title>Tessera test</title><div id="app">tessera-index</div><script src="/assets/%s"></script>\n' "$ASSET" >"$DIST/index.html"
  for i in $(seq 1 200); do printf 'console.log("tessera asset line %s");\n' "$i"; done >"$DIST/assets/$ASSET"
fi
mkdir -p "$DIST/docs"
echo 'tessera-docs-index' >"$DIST/docs/index.html"

# A custom CA root to be installed (into a folder of the test's own).
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=Tessera Test CA" \
  -keyout "$WORK/ca.key" -out "$STACKS/ca-certs/test-ca.pem" 2>/dev/null

psql -q -h 127.0.0.1 -U postgres -d postgres -c "CREATE DATABASE $DB" >/dev/null

container_env=(
  TESSERA_STACKS_DIR="$STACKS" TESSERA_RUN_DIR="$RUN" TESSERA_TEMPLATES_DIR="$PWD/supervisor"
  TESSERA_BIN_DIR="$BIN_DIR" TESSERA_STATIC_DIR="$DIST"
  TESSERA_HTTP_PORT="$HTTP_PORT" TESSERA_HTTPS_PORT="$HTTPS_PORT"
  TESSERA_BACKEND_PORT="$BACKEND_PORT" TESSERA_RTS_PORT="$RTS_PORT"
  TESSERA_CA_STORE_DIR="$WORK/ca-store" TESSERA_UPDATE_CA_CMD=true
  TESSERA_DB_URL="postgres://postgres@127.0.0.1:5432/$DB"
  TESSERA_REDIS_URL="redis://127.0.0.1:$REDIS_PORT"
)

start_container() {
  env "${container_env[@]}" ./entrypoint.sh >>"$WORK/stdout.log" 2>&1 &
  SUPERVISORD_PID=$!
}

now_ms() { date +%s%3N; }

# Polls a URL until it answers 200; prints the milliseconds it took.
wait_healthy() {
  local url=$1 limit_ms=$2 start
  start=$(now_ms)
  while [ $(($(now_ms) - start)) -lt "$limit_ms" ]; do
    if [ "$(curl -sk -o /dev/null -w '%{http_code}' "$url" 2>/dev/null)" = 200 ]; then
      echo $(($(now_ms) - start))
      return 0
    fi
    sleep 0.05
  done
  return 1
}

# api METHOD PATH [JSON] -> prints the status; the body is in $WORK/body.
api() {
  local args=(-sk -o "$WORK/body" -w '%{http_code}' -b "$JAR" -c "$JAR"
    -H 'X-Requested-By: tessera' -H 'Content-Type: application/json' -X "$1")
  [ $# -ge 3 ] && args+=(--data "$3")
  curl "${args[@]}" "$BASE$2"
}

# json EXPR: evaluates a Python expression on the last body, bound to `b`.
json() { python3 -c "import json,sys; b=json.load(open(sys.argv[1])); print($1)" "$WORK/body"; }

header_of() { curl -sk -D - -o /dev/null "${@:3}" "$1" | tr -d "\r" | grep -i "^$2:" || true; }

# --- first start ------------------------------------------------------------------
T0=$(now_ms)
start_container
wait_healthy "$BASE/api/v1/health" 60000 >/dev/null || fail "not healthy through nginx within 60 s"
START_TO_HEALTHY=$(($(now_ms) - T0))
pass "healthy through nginx $START_TO_HEALTHY ms after entrypoint.sh started"

[ -s "$STACKS/configuration/docker.env" ] || fail "docker.env was not written"
grep -q "^TESSERA_ENCRYPTION_PASSWORD=" "$STACKS/configuration/docker.env" || fail "no generated secret"
[ "$(stat -c %a "$STACKS/configuration/docker.env")" = 600 ] || fail "docker.env must be private"
for dir in configuration data/backend data/redis logs/backend logs/nginx logs/redis git-storage ssl ca-certs backups; do
  [ -d "$STACKS/$dir" ] || fail "stacks layout lacks $dir"
done
ls "$WORK/ca-store"/tessera-*.crt >/dev/null 2>&1 || fail "custom CA root not installed"
ctl status mongodb >/dev/null 2>&1 && fail "MongoDB must not run when the store is PostgreSQL"
pass "stacks layout, private env file with secrets, CA roots; no MongoDB for an external store"

# --- static files -------------------------------------------------------------------
curl -s "$BASE/" | cmp -s - "$DIST/index.html" || fail "index.html not served"
curl -s "$BASE/apps/some/page" | cmp -s - "$DIST/index.html" || fail "app route does not fall back to index.html"
[ "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/assets/missing-1234.js")" = 404 ] || fail "missing asset must 404"
cache=$(header_of "$BASE/assets/$ASSET" cache-control)
[[ $cache == *max-age=31536000* && $cache == *immutable* ]] || fail "hashed asset cache header: $cache"
[[ $(header_of "$BASE/" cache-control) == *no-cache* ]] || fail "index.html must be revalidated"
[[ $(header_of "$BASE/assets/$ASSET" content-encoding -H 'Accept-Encoding: gzip') == *gzip* ]] || fail "no gzip"
[[ $(header_of "$BASE/" content-security-policy) == *"frame-ancestors 'self'"* ]] || fail "CSP frame-ancestors missing"
[[ $(header_of "$BASE/assets/$ASSET" x-content-type-options) == *nosniff* ]] || fail "nosniff missing on assets"
[[ $(header_of "$BASE/" referrer-policy) == *strict-origin* ]] || fail "referrer policy missing"
pass "index.html, app-route fallback, $ASSET with '$cache', gzip, security headers"

[ "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/rts-api/v1/health-check")" = 200 ] || fail "rts not reachable through nginx"
pass "rts reachable under /rts"
[[ $(curl -s "$BASE/docs/") == *tessera-docs-index* ]] || fail "a folder's index.html is not served"
pass "a folder's own index.html wins over the app fallback"

# --- accounts and settings ----------------------------------------------------------
[ "$(api POST /api/v1/users '{"email":"ada@example.com","password":"correct horse battery","name":"Ada"}')" = 201 ] ||
  fail "sign-up: $(cat "$WORK/body")"
[ "$(api POST /api/v1/workspaces '{"name":"Before the crash"}')" = 201 ] || fail "workspace: $(cat "$WORK/body")"
WORKSPACE=$(json 'b["data"]["id"]')
pass "signed up and created workspace $WORKSPACE"

status=$(api PUT /api/v1/admin/env '{"TESSERA_DB_URL":"postgres://elsewhere/x"}')
[ "$status" = 400 ] || fail "env-fixed key: expected 400, got $status: $(cat "$WORK/body")"
[ "$(json 'b["responseMeta"]["error"]["code"]')" = SETTING_FIXED_BY_ENVIRONMENT ] || fail "wrong refusal: $(cat "$WORK/body")"
pass "changing a key fixed by the environment is refused: $(json 'b["responseMeta"]["error"]["message"]')"

big=$WORK/big.json
head -c $((2 * 1024 * 1024)) /dev/zero | tr '\0' 'x' >"$big"
post_big() { curl -s -o /dev/null -w '%{http_code}' -b "$JAR" -H 'X-Requested-By: tessera' -H 'Content-Type: application/json' --data-binary "@$big" "$BASE/api/v1/workspaces"; }
[ "$(post_big)" != 413 ] || fail "a 2 MB body must pass the default 10 MB limit"
[ "$(api PUT /api/v1/admin/env '{"TESSERA_MAX_BODY_MB":"1"}')" = 200 ] || fail "PUT env: $(cat "$WORK/body")"
grep -q "^TESSERA_MAX_BODY_MB='1'$" "$STACKS/configuration/docker.env" || fail "setting not written to docker.env"
old_pid=$(ctl pid tessera)
[ "$(api POST /api/v1/admin/restart)" = 202 ] || fail "restart: $(cat "$WORK/body")"
[ "$(json 'b["data"]["mode"]')" = supervisord ] || fail "restart must go through supervisord"
for _ in $(seq 1 200); do
  pid=$(ctl pid tessera 2>/dev/null || echo 0)
  [ "$pid" != "$old_pid" ] && [ "$pid" != 0 ] && break
  sleep 0.05
done
wait_healthy "$BASE/api/v1/health" 30000 >/dev/null || fail "not healthy after restart"
[ "$(post_big)" = 413 ] || fail "the new body limit is not in effect after the restart"
[ "$(api GET /api/v1/admin/env)" = 200 ] || fail "session lost over the restart"
[ "$(json '[s for s in b["data"]["settings"] if s["key"]=="TESSERA_MAX_BODY_MB"][0]["pendingRestart"]')" = False ] ||
  fail "MAX_BODY_MB still pending"
pass "PUT /api/v1/admin/env, restart through supervisord, healthy again, 1 MB limit in effect"

# --- idle memory --------------------------------------------------------------------
sleep 3
rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }
nginx_master=$(ctl pid nginx)
nginx_pids="$nginx_master $(pgrep -P "$nginx_master" | tr '\n' ' ')"
mem_report=""
total=0
for entry in "nginx:$nginx_pids" "backend:$(ctl pid tessera)" "rts:$(ctl pid tessera-rts)" "redis:$(ctl pid redis)"; do
  name=${entry%%:*}
  kb=0
  for pid in ${entry#*:}; do kb=$((kb + $(rss_kb "$pid"))); done
  total=$((total + kb))
  mem_report="$mem_report $name=$((kb / 1024))MB"
done
pass "idle RSS:$mem_report total=$((total / 1024))MB (binaries from ${TESSERA_TEST_BIN_DIR:-the debug build})"

# --- kill -9 of the backend ---------------------------------------------------------
victim=$(ctl pid tessera)
killed_at=$(now_ms)
kill -9 "$victim"
# Healthy counts only once supervisord has started a new backend process.
while [ $(($(now_ms) - killed_at)) -lt 10000 ]; do
  new=$(ctl pid tessera 2>/dev/null || echo 0)
  [ "$new" != "$victim" ] && [ "$new" != 0 ] && break
  sleep 0.05
done
if [ "$new" = "$victim" ] || [ "$new" = 0 ]; then fail "supervisord did not restart the backend within 10 s"; fi
wait_healthy "$BASE/api/v1/health" $((10000 - ($(now_ms) - killed_at))) >/dev/null ||
  fail "health not back within 10 s of kill -9"
recovery=$(($(now_ms) - killed_at))
[ "$(api GET "/api/v1/workspaces/$WORKSPACE")" = 200 ] || fail "workspace lost after kill -9: $(cat "$WORK/body")"
pass "kill -9 of the backend: healthy again after $recovery ms, session and workspace intact"

# --- backup, and restore under supervisord ------------------------------------------
cli() { env "${container_env[@]}" TESSERA_ENV_FILE="$STACKS/configuration/docker.env" "$BIN_DIR/tessera" "$@"; }
archive=$(cli backup 2>>"$WORK/cli.log")
[ -f "$archive" ] || fail "backup archive missing"
[ "$(api POST /api/v1/workspaces '{"name":"After the backup"}')" = 201 ] || fail "second workspace"
LATER=$(json 'b["data"]["id"]')
cli restore "$archive" 2>>"$WORK/cli.log" || fail "restore failed: $(tail -n 5 "$WORK/cli.log")"
wait_healthy "$BASE/api/v1/health" 30000 >/dev/null || fail "not healthy after restore"
[ "$(api GET "/api/v1/workspaces/$WORKSPACE")" = 200 ] || fail "restored workspace missing"
[ "$(api GET "/api/v1/workspaces/$LATER")" != 200 ] || fail "a workspace created after the backup survived the restore"
pass "backup, then restore with supervisord stopping and starting the backend: data as at backup"

# --- logs ---------------------------------------------------------------------------
[ -s "$STACKS/logs/backend/backend.log" ] || fail "no backend log file"
[ -s "$STACKS/logs/nginx/nginx.log" ] || fail "no nginx log file"
grep -q "Tessera listening" "$WORK/stdout.log" || fail "backend log not copied to stdout"
pass "logs per service under the stacks folder and on stdout"

# --- second run on the same stacks (now with a certificate: TLS) --------------------
cp "$STACKS/configuration/docker.env" "$WORK/env-before"
ctl shutdown >/dev/null
for _ in $(seq 1 300); do kill -0 "$SUPERVISORD_PID" 2>/dev/null || break; sleep 0.1; done
kill -0 "$SUPERVISORD_PID" 2>/dev/null && fail "supervisord did not stop"
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=localhost" \
  -keyout "$STACKS/ssl/privkey.pem" -out "$STACKS/ssl/fullchain.pem" 2>/dev/null
start_container
HTTPS_BASE=https://127.0.0.1:$HTTPS_PORT
wait_healthy "$HTTPS_BASE/api/v1/health" 60000 >/dev/null || fail "second start not healthy over TLS"
cmp -s "$WORK/env-before" "$STACKS/configuration/docker.env" || fail "second run changed docker.env"
redirect=$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' "$BASE/apps/x")
[[ $redirect == "301 https://127.0.0.1:$HTTPS_PORT/apps/x" ]] || fail "http must redirect to https: $redirect"
BASE=$HTTPS_BASE
[ "$(api POST /api/v1/login '{"email":"ada@example.com","password":"correct horse battery"}')" = 200 ] ||
  fail "log-in after the second run: $(cat "$WORK/body")"
[ "$(api GET "/api/v1/workspaces/$WORKSPACE")" = 200 ] || fail "data lost by the second run"
pass "second run: same secrets and env file, same data, TLS with http -> https redirect"

log "container test passed (start to healthy ${START_TO_HEALTHY} ms; idle RSS:$mem_report total=$((total / 1024))MB)"
