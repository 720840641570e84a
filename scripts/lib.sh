# Shared by start.sh and test.sh: install what a fresh Debian/Ubuntu machine lacks.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

say() { printf '\033[1m[trafi-ops]\033[0m %s\n' "$*" >&2; }

require_node() {
  command -v node >/dev/null || { say "Node.js 20+ is required: https://nodejs.org or apt-get install -y nodejs npm"; exit 1; }
  local major; major=$(node -p 'process.versions.node.split(".")[0]')
  [ "$major" -ge 20 ] || { say "Node.js 20+ is required (found $(node -v))"; exit 1; }
}

# npm dependencies: install when missing or when the lockfile changed since the last install.
ensure_npm_deps() {
  if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    say "installing npm dependencies (npm ci)"
    npm ci --no-audit --no-fund
  fi
}

# Debian packages: installed when running as root, else we say what to install.
ensure_apt() { # ensure_apt <binary> <package>
  command -v "$1" >/dev/null && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "installing $2 (apt-get)"
    if [ -z "${TRAFI_APT_UPDATED:-}" ]; then apt-get update -qq; export TRAFI_APT_UPDATED=1; fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null
  else
    say "missing '$1': install it with: sudo apt-get install -y $2"
    return 1
  fi
}

redis_up() { # redis_up <url>
  node -e '
    const net = require("node:net"); const u = new URL(process.argv[1]);
    const s = net.connect(Number(u.port || 6379), u.hostname);
    s.setTimeout(1000); s.on("connect", () => s.write("PING\r\n"));
    s.on("data", d => process.exit(String(d).startsWith("+PONG") ? 0 : 1));
    s.on("error", () => process.exit(1)); s.on("timeout", () => process.exit(1));' "$1"
}

pg_up() { # pg_up <url>
  (cd "$ROOT/exporters" && node -e '
    const { Client } = require("pg"); const c = new Client({ connectionString: process.argv[1], connectionTimeoutMillis: 2000 });
    c.connect().then(() => c.query("select 1")).then(() => process.exit(0), () => process.exit(1));' "$1")
}

# PostgreSQL for the tests: TEST_DATABASE_URL, else the local server; on a machine without
# one (and as root) install Debian's and create a role and database for the tests.
ensure_test_postgres() {
  export TEST_DATABASE_URL="${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}"
  pg_up "$TEST_DATABASE_URL" && return 0
  local url=postgres://trafi:trafi@127.0.0.1:5432/trafi_test
  if pg_up "$url"; then export TEST_DATABASE_URL=$url; return 0; fi
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
    say "no PostgreSQL at $TEST_DATABASE_URL: install it (sudo apt-get install -y postgresql) or set TEST_DATABASE_URL"
    return 1
  fi
  ensure_apt pg_ctlcluster postgresql
  local version; version=$(ls /etc/postgresql | sort -V | tail -1)
  pg_ctlcluster --skip-systemctl-redirect "$version" main start 2>/dev/null || true
  for _ in $(seq 30); do su postgres -c "psql -qAtc 'select 1'" >/dev/null 2>&1 && break; sleep 1; done
  su postgres -c "psql -qc \"do \\\$\\\$ begin if not exists (select from pg_roles where rolname='trafi') then create role trafi login password 'trafi'; end if; end \\\$\\\$\"" >/dev/null
  su postgres -c "psql -qAtc \"select 1 from pg_database where datname='trafi_test'\"" | grep -q 1 || su postgres -c "createdb -O trafi trafi_test"
  export TEST_DATABASE_URL=$url
  pg_up "$TEST_DATABASE_URL" || { say "PostgreSQL was installed but $TEST_DATABASE_URL does not answer"; return 1; }
}
