#!/usr/bin/env bash
# Checks entrypoint.sh's decisions without starting anything: URL parsing, the
# embedded-or-external choice, and reading values the backend's env-file writer quotes.
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=entrypoint.sh
. ./entrypoint.sh

failures=0
expect() {
  if [ "$2" != "$3" ]; then
    printf 'FAIL: %s: expected [%s], got [%s]\n' "$1" "$3" "$2" >&2
    failures=$((failures + 1))
  fi
}

expect host "$(url_host 'mongodb://u:p@localhost:27017/tessera?replicaSet=rs0')" localhost
expect port "$(url_port 'mongodb://u:p@localhost:27018/tessera' 27017)" 27018
expect default-port "$(url_port 'redis://127.0.0.1' 6379)" 6379
expect ipv6-host "$(url_host 'redis://[::1]:6380')" ::1
expect ipv6-port "$(url_port 'redis://[::1]:6380' 6379)" 6380
expect user "$(url_userinfo 'mongodb://tessera:p%40ss@127.0.0.1/x' user)" tessera
expect password "$(url_userinfo 'mongodb://tessera:p%40ss@127.0.0.1/x' password)" 'p@ss'
expect no-password "$(url_userinfo 'redis://127.0.0.1:6379' password)" ""

decide() {
  ( # A subshell per case, so that one case's variables cannot leak into the next.
    ENV_FILE=/dev/null
    export TESSERA_DB_URL=$1 TESSERA_REDIS_URL=$2
    decide_services 2>/dev/null
    echo "$EMBEDDED_MONGO $EMBEDDED_REDIS"
  )
}
expect default-container "$(decide 'mongodb://u:p@127.0.0.1:27017/tessera?replicaSet=rs0' 'redis://127.0.0.1:6379')" "true true"
expect external-mongo "$(decide 'mongodb://u:p@mongo.internal:27017/tessera' 'redis://localhost:6379')" "false true"
expect replica-list "$(decide 'mongodb://u:p@127.0.0.1:27017,127.0.0.1:27018/t' '')" "false false"
expect postgres-on-localhost "$(decide 'postgres://postgres@127.0.0.1:5432/x' 'redis://cache:6379')" "false false"

env_file=$(mktemp)
trap 'rm -f "$env_file"' EXIT
cat >"$env_file" <<'VALUES'
# a comment
TESSERA_A='plain value'
export TESSERA_B="it's \"quoted\" \\ and \$HOME"
TESSERA_A='the last one wins'
VALUES
# Read by the sourced functions:
# shellcheck disable=SC2034
ENV_FILE=$env_file
expect single-quoted "$(env_file_get TESSERA_A)" 'the last one wins'
expect double-quoted "$(env_file_get TESSERA_B)" "it's \"quoted\" \\ and \$HOME"
expect missing "$(env_file_get TESSERA_C)" ""
env_file_default TESSERA_A 'never replaced' 2>/dev/null
expect kept "$(env_file_get TESSERA_A)" 'the last one wins'
env_file_default TESSERA_C 'added' 2>/dev/null
expect added "$(env_file_get TESSERA_C)" 'added'

printf "TESSERA_D='no newline at the end'" >"$env_file"
env_file_default TESSERA_E 'appended' 2>/dev/null
expect no-joined-lines "$(env_file_get TESSERA_D)|$(env_file_get TESSERA_E)" 'no newline at the end|appended'

if [ "$failures" != 0 ]; then exit 1; fi
echo "entrypoint functions: all checks passed"
