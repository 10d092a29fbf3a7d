#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the test suite: `start DIR PORT` prints a DATABASE_URL,
# `stop DIR` shuts it down and removes it. Installs PostgreSQL from apt when it is missing.
set -euo pipefail

bindir() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [[ -z $dir ]]; then
    if [[ $(id -u) -ne 0 ]]; then
      echo "PostgreSQL is not installed; run: sudo apt-get install -y postgresql" >&2
      exit 1
    fi
    echo "Installing PostgreSQL from apt..." >&2
    apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
    dir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  fi
  echo "$dir"
}

# The server refuses to run as root, so as root it runs as the postgres user.
as_owner() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "${1:-}" in
  start)
    dir=$2 port=$3 bin=$(bindir)
    rm -rf "$dir" && mkdir -p "$dir"
    [[ $(id -u) -eq 0 ]] && chown postgres: "$dir"
    as_owner "$bin/initdb" -D "$dir/data" -U app --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log"
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c synchronous_commit=off" start >/dev/null
    as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U app app
    echo "postgres://app@127.0.0.1:$port/app"
    ;;
  stop)
    dir=$2 bin=$(bindir)
    [[ -d $dir/data ]] && as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
    rm -rf "$dir"
    ;;
  *)
    echo "usage: $0 start DIR PORT | stop DIR" >&2
    exit 2
    ;;
esac
