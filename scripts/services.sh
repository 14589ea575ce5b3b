#!/usr/bin/env bash
# Installs (from Debian) and starts the real services the tests use, idempotently:
#   Docker engine (docker.io, dockerd), an OCI registry (docker-registry) on 127.0.0.1:5000,
#   PostgreSQL on 127.0.0.1:5432 (user postgres, password postgres), and the AWS CLI when none is on PATH.
# Needs root. Quick when everything is already installed and running.
set -euo pipefail

REGISTRY_ADDR=${REGISTRY_ADDR:-127.0.0.1:5000}
PG_PORT=${PG_PORT:-5432}
STATE=/var/lib/org-actions
mkdir -p "$STATE"

log() { echo "[services] $*"; }

missing=()
command -v dockerd >/dev/null 2>&1 || missing+=(docker.io)
[ -x /usr/bin/docker-registry ] || missing+=(docker-registry)
ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || missing+=(postgresql)
# The AWS CLI for the emulator README snippet test; the CI image already has one (pyenv), Debian has 2.x.
command -v aws >/dev/null 2>&1 || missing+=(awscli)
if [ ${#missing[@]} -gt 0 ]; then
  log "installing ${missing[*]} from Debian"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

wait_for() { # name, seconds, command...
  local name=$1 seconds=$2
  shift 2
  for _ in $(seq 1 $((seconds * 4))); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.25
  done
  log "$name did not come up in ${seconds}s"
  return 1
}

# Docker engine. The Debian client is 20.10; any newer docker client on PATH negotiates down.
if ! docker info >/dev/null 2>&1; then
  log "starting dockerd"
  nohup dockerd >"$STATE/dockerd.log" 2>&1 &
  wait_for dockerd 60 docker info || { tail -20 "$STATE/dockerd.log"; exit 1; }
fi

# Registry without auth on loopback (docker treats 127.0.0.0/8 as an insecure registry).
if ! curl -fsS "http://$REGISTRY_ADDR/v2/" >/dev/null 2>&1; then
  log "starting docker-registry on $REGISTRY_ADDR"
  mkdir -p "$STATE/registry"
  cat >"$STATE/registry.yml" <<YAML
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $STATE/registry
  delete:
    enabled: true
http:
  addr: $REGISTRY_ADDR
YAML
  nohup /usr/bin/docker-registry serve "$STATE/registry.yml" >"$STATE/registry.log" 2>&1 &
  wait_for registry 20 curl -fsS "http://$REGISTRY_ADDR/v2/" || { tail -20 "$STATE/registry.log"; exit 1; }
fi

# PostgreSQL: the Debian cluster, with a password for TCP logins.
if ! pg_isready -q -h 127.0.0.1 -p "$PG_PORT"; then
  version=$(ls /usr/lib/postgresql | sort -V | tail -1)
  if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -q "^$version main$"; then
    pg_createcluster "$version" main -p "$PG_PORT" >/dev/null
  fi
  log "starting PostgreSQL $version"
  pg_ctlcluster "$version" main start
  wait_for postgresql 30 pg_isready -h 127.0.0.1 -p "$PG_PORT"
fi
runuser -u postgres -- psql -q -p "$PG_PORT" -c "ALTER USER postgres PASSWORD 'postgres'" >/dev/null

log "docker $(docker version --format '{{.Server.Version}}'), registry http://$REGISTRY_ADDR, postgres 127.0.0.1:$PG_PORT: ready"
