#!/usr/bin/env bash
# Start the local services the tests use when none is listening (Redis on 127.0.0.1:6379).
set -euo pipefail
port=${AUDIT_REDIS_PORT:-6379}
if ! (exec 3<>/dev/tcp/127.0.0.1/"$port") 2>/dev/null; then
  if command -v redis-server >/dev/null 2>&1; then
    echo "services: starting redis-server on 127.0.0.1:$port"
    redis-server --daemonize yes --bind 127.0.0.1 --port "$port" --save "" --appendonly no \
      --dir "${TMPDIR:-/tmp}" --logfile "${TMPDIR:-/tmp}/school-audit-redis.log"
  else
    echo "services: no Redis on port $port and redis-server is not installed" >&2
  fi
fi
