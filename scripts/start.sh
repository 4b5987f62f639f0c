#!/usr/bin/env bash
# Builds Tessera (backend, and the front end once it exists) and starts it on embedded
# defaults: SQLite metadata and sessions under ./tessera-data, nothing else needed.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

if [ -f static/package.json ]; then
  log "building the front end"
  (cd static && npm ci --no-audit --no-fund && npm run build)
fi
log "building the backend (release; the first build takes several minutes)"
cargo build --release --bin tessera
log "starting Tessera; the URL to open is printed below"
exec "$CARGO_TARGET_DIR/release/tessera" serve
