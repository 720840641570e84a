#!/usr/bin/env bash
# npm test: type-check, then every test against real Redis, PostgreSQL and PGlite.
source "$(dirname "$0")/lib.sh"
require_node
ensure_npm_deps
ensure_apt redis-server redis-server   # the reliability tests run their own redis-server
ensure_apt promtool prometheus         # rule checks and the Prometheus integration test
ensure_apt prometheus-alertmanager prometheus-alertmanager  # amtool routing tests and the alerting end-to-end test
ensure_apt chromium chromium           # the plugin's end-to-end tests and DLQ render benchmark
ensure_apt victoria-metrics victoria-metrics  # the long-term metrics test (Prometheus remote_write)
ensure_apt pdftotext poppler-utils     # the diagnostic report test reads and renders its PDF (pdftotext, pdftoppm)
ensure_apt haproxy haproxy             # the rollback's zero-downtime switch of storefront releases
ensure_apt prometheus-blackbox-exporter prometheus-blackbox-exporter  # synthetic probes (k6/blackbox.yml) in their end-to-end test

# Redis for the tests: REDIS_URL, else 127.0.0.1:6379, else a throwaway one of our own.
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379}"
if ! redis_up "$REDIS_URL"; then
  mkdir -p .data/test-redis
  port=$(node -e 's=require("net").createServer().listen(0,()=>{console.log(s.address().port);s.close()})')
  say "no Redis at $REDIS_URL: starting a throwaway redis-server on port $port"
  redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --dir "$ROOT/.data/test-redis" --daemonize yes --pidfile "$ROOT/.data/test-redis/pid" >/dev/null
  trap 'kill "$(cat "$ROOT/.data/test-redis/pid")" 2>/dev/null || true' EXIT
  export REDIS_URL="redis://127.0.0.1:$port"
  for _ in $(seq 50); do redis_up "$REDIS_URL" && break; sleep 0.1; done
fi
ensure_test_postgres

say "type-checking"
npm run typecheck
say "building the Grafana plugin (grafana-plugin/dist, loaded by its end-to-end tests)"
npm run build -w grafana-plugin --silent >/dev/null
say "running tests (Redis: $REDIS_URL, PostgreSQL: $TEST_DATABASE_URL)"
mkdir -p .data
set +e
npx vitest run --reporter=default --reporter=json --outputFile="$ROOT/.data/vitest.json"
status=$?
set -e
node -e 'const r=require(process.argv[1]); console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed`)' "$ROOT/.data/vitest.json" || true
[ $status -eq 0 ] || exit $status

say "benchmark smoke run (BENCH_SCALE=0.02; full figures: npm run bench)"
BENCH_SCALE=0.02 npm run bench --silent >/dev/null
say "all green"
