#!/usr/bin/env bash
# npm start: the embedded stack (ops API + workers) on the demo storefront (demo/src/start.ts);
# `npm start -- --fresh` first deletes what an earlier run left under the key prefix.
source "$(dirname "$0")/lib.sh"
require_node
ensure_npm_deps
ensure_apt prometheus-blackbox-exporter prometheus-blackbox-exporter || true  # synthetic probes (optional: npm start runs without)
# Redis: REDIS_URL, else 127.0.0.1:6379, else the demo starts redis-server from PATH under .data/.
if [ -z "${REDIS_URL:-}" ] && ! redis_up redis://127.0.0.1:6379; then ensure_apt redis-server redis-server; fi
ensure_apt haproxy haproxy || true  # the rollback demo (storefront releases behind haproxy); npm start runs without it
exec npm run start -w demo -- "$@"
