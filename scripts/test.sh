#!/usr/bin/env bash
# Runs every test: Rust unit and integration tests against the machine's real
# PostgreSQL, MariaDB and Redis (started or installed when missing), checks the OpenAPI
# document with an independent validator, and runs the container on this host
# (tests/container/run.sh). MongoDB tests run only when
# TESSERA_TEST_MONGODB_URL is set.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

ensure_postgres
ensure_redis
ensure_mariadb
# The container test runs entrypoint.sh on this host with Debian's nginx and supervisord.
have nginx || { log "installing nginx"; apt_install nginx-light; }
have supervisord || { log "installing supervisor"; apt_install supervisor; }
have openssl || { log "installing openssl"; apt_install openssl; }

if [ -z "${TESSERA_TEST_MONGODB_URL:-}" ]; then
  log "MongoDB: SKIPPED — TESSERA_TEST_MONGODB_URL is not set, so the MongoDB store tests return early"
fi

log "Rust tests"
cargo test --workspace --all-targets

log "container test (entrypoint.sh, supervisord, nginx, embedded Redis, PostgreSQL store)"
TESSERA_TEST_BIN_DIR="" tests/container/run.sh

log "OpenAPI document validation"
if ! python3 -c 'import openapi_spec_validator' 2>/dev/null; then
  python3 -m pip install --quiet --disable-pip-version-check openapi-spec-validator
fi
spec=$(mktemp --suffix=.json)
"$CARGO_TARGET_DIR/debug/tessera" openapi > "$spec"
python3 -m openapi_spec_validator "$spec"
rm -f "$spec"

if [ -f static/package.json ]; then
  log "front-end unit tests (Vitest) and build"
  (cd static && npm ci --no-audit --no-fund && npm test && npm run build)
  # Browser tests drive Debian's chromium; no browser is ever downloaded.
  have chromium || { log "installing chromium"; apt_install chromium; }
  log "front-end end-to-end tests (real backend, headless chromium)"
  node --test --test-concurrency=1 tests/e2e/*.test.mjs
fi
log "all tests passed"
