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
