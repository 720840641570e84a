#!/usr/bin/env bash
# npm start: the embedded stack (ops API + workers + demo producer).
source "$(dirname "$0")/lib.sh"
require_node
ensure_npm_deps
# Redis: REDIS_URL, else 127.0.0.1:6379, else main.ts starts redis-server from PATH under .data/.
if [ -z "${REDIS_URL:-}" ] && ! redis_up redis://127.0.0.1:6379; then ensure_apt redis-server redis-server; fi
exec npm run start -w exporters
