# syntax=docker/dockerfile:1.7
#
# Tessera's single image: nginx in front, the backend (`tessera`), the realtime server
# (`tessera-rts`), and — when their URLs point at localhost — MongoDB and Redis, all run
# by supervisord. Everything that must survive the container lives in the one volume,
# /tessera-stacks (configuration with the generated secrets, data, logs, git storage,
# TLS certificates, custom CA roots, backups).
#
#   docker build -t tessera .
#   docker run -d --name tessera -p 80:80 -p 443:443 -v tessera-stacks:/tessera-stacks \
#     --stop-timeout 60 tessera
#
# Three stages keep compilers out of the final image: the Rust build, the front-end
# build, and a Debian bookworm-slim runtime.

ARG RUST_VERSION=1.95
ARG NODE_VERSION=20
ARG MONGODB_VERSION=8.0

# --- 1. the backend and the rts ---------------------------------------------------------
FROM rust:${RUST_VERSION}-bookworm AS rust-build
WORKDIR /src
# libssl-dev and pkg-config: git2 builds its own libgit2 and libssh2 against OpenSSL.
# libxmlsec1-dev, libxml2-dev and libclang-dev: SAML signature verification (samael).
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      libssl-dev pkg-config libxmlsec1-dev libxml2-dev libclang-dev \
 && rm -rf /var/lib/apt/lists/*
COPY Cargo.toml Cargo.lock ./
COPY rts/Cargo.toml rts/Cargo.toml
COPY src src
COPY rts/src rts/src
# The caches make rebuilds incremental; the binaries are copied out in the same step
# because a cache mount is not part of the image.
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/src/target \
    cargo build --release --locked --workspace --bins \
 && mkdir -p /out \
 && cp target/release/tessera target/release/tessera-rts /out/

# --- 2. the front end -------------------------------------------------------------------
FROM node:${NODE_VERSION}-bookworm-slim AS web-build
WORKDIR /static
COPY static/ ./
# Built only when the front end exists (static/package.json); otherwise the image still
# has a page that says so.
RUN if [ -f package.json ]; then \
      npm ci --no-audit --no-fund && npm run build; \
    else \
      mkdir -p dist \
      && printf '%s\n' '<!doctype html><meta charset="utf-8"><title>Tessera</title>' \
           '<p>The Tessera editor has not been built into this image.' > dist/index.html; \
    fi

# --- 3. the runtime ---------------------------------------------------------------------
FROM debian:bookworm-slim
ARG MONGODB_VERSION

# nginx-light: the reverse proxy and static files (TLS and gzip are built in).
# supervisor: runs and restarts every service. redis-server: embedded sessions.
# git and openssh-client: git-connected apps. ca-certificates: TLS to datasources, and
# the store that custom CA roots from <stacks>/ca-certs are added to. curl: HEALTHCHECK.
# libxmlsec1, libxmlsec1-openssl, libxml2, libxslt1.1, libssl3: SAML at run time.
# gnupg is needed only to add MongoDB's signing key and is removed again.
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      ca-certificates curl gnupg nginx-light supervisor redis-server git openssh-client \
      libxmlsec1 libxmlsec1-openssl libxml2 libxslt1.1 libssl3 \
 # MongoDB is not in Debian: it comes from MongoDB's official repository for bookworm.
 # mongod 5.0 and later need a CPU with AVX on x86-64.
 && curl -fsSL "https://www.mongodb.org/static/pgp/server-${MONGODB_VERSION}.asc" \
      | gpg --dearmor -o "/usr/share/keyrings/mongodb-server-${MONGODB_VERSION}.gpg" \
 && echo "deb [ signed-by=/usr/share/keyrings/mongodb-server-${MONGODB_VERSION}.gpg ] http://repo.mongodb.org/apt/debian bookworm/mongodb-org/${MONGODB_VERSION} main" \
      > "/etc/apt/sources.list.d/mongodb-org-${MONGODB_VERSION}.list" \
 && apt-get update \
 # mongodb-org-server is mongod alone; mongosh is needed once, to create the replica
 # set and the user on the first start of the embedded MongoDB.
 && apt-get install -y --no-install-recommends mongodb-org-server mongodb-mongosh \
 && apt-get purge -y gnupg \
 && apt-get autoremove -y \
 && rm -rf /var/lib/apt/lists/* /etc/nginx/sites-enabled/default

# The layout entrypoint.sh expects by default (each path can be overridden by a variable).
COPY --from=rust-build /out/tessera /out/tessera-rts /opt/tessera/bin/
COPY --from=web-build /static/dist /opt/tessera/static
COPY supervisor /opt/tessera/supervisor
COPY entrypoint.sh /opt/tessera/entrypoint.sh

# Set here, these are "fixed by the environment": the admin settings page shows them
# but refuses to change them, because the container layout depends on them.
# TESSERA_ENV_FILE lets `docker exec … tessera backup` see the same settings as the server.
ENV TESSERA_STACKS_DIR=/tessera-stacks \
    TESSERA_ENV_FILE=/tessera-stacks/configuration/docker.env \
    TESSERA_APP_DIR=/opt/tessera \
    TESSERA_STATIC_DIR=/opt/tessera/static \
    TESSERA_RUN_DIR=/tmp/tessera \
    PATH=/opt/tessera/bin:$PATH

VOLUME /tessera-stacks
EXPOSE 80 443

# Through nginx, so that a broken proxy counts as unhealthy too. -L follows the
# redirect to HTTPS when a certificate is installed; -k because it may be self-signed.
HEALTHCHECK --interval=15s --timeout=5s --start-period=90s --retries=3 \
  CMD curl -fsSLk -o /dev/null "http://127.0.0.1:${TESSERA_HTTP_PORT:-80}/api/v1/health" || exit 1

# supervisord stops every program in reverse start order on SIGTERM; give the backend
# its shutdown timeout with `docker run --stop-timeout 60` (the default is 10 s).
STOPSIGNAL SIGTERM
ENTRYPOINT ["/opt/tessera/entrypoint.sh"]
# entrypoint.sh adds `-c <generated config>`; --nodaemon keeps it in the foreground as PID 1's child.
CMD ["supervisord", "--nodaemon"]
