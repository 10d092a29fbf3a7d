#!/usr/bin/env bash
# A throwaway Redis server for the test suite and `make bench`: `start DIR PORT` prints a CACHE_URL,
# `stop DIR` shuts it down and removes DIR. Installs redis-server from apt when it is missing.
set -euo pipefail

ensure_installed() {
  command -v redis-server >/dev/null 2>&1 && return
  if [[ $(id -u) -ne 0 ]]; then
    echo "Redis is not installed; run: sudo apt-get install -y redis-server" >&2
    exit 1
  fi
  echo "Installing Redis from apt..." >&2
  apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
}

case "${1:-}" in
  start)
    dir=$2 port=$3
    ensure_installed
    rm -rf "$dir" && mkdir -p "$dir"
    # Memory only (no snapshots, no append-only file), on the loopback address only.
    redis-server --port "$port" --bind 127.0.0.1 --dir "$dir" --save '' --appendonly no \
      --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" --daemonize yes
    for _ in $(seq 50); do
      [[ $(redis-cli -p "$port" ping 2>/dev/null) == PONG ]] && { echo "redis://127.0.0.1:$port/0"; exit 0; }
      sleep 0.1
    done
    echo "Redis did not answer on port $port; see $dir/redis.log" >&2
    exit 1
    ;;
  stop)
    dir=$2
    if [[ -f $dir/redis.pid ]]; then
      pid=$(cat "$dir/redis.pid")
      kill "$pid" 2>/dev/null || true
      # Wait for it to exit, so the port and directory are free when this returns.
      for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    fi
    rm -rf "$dir"
    ;;
  *)
    echo "usage: $0 start DIR PORT | stop DIR" >&2
    exit 2
    ;;
esac
