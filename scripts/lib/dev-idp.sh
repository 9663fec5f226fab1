# shellcheck shell=bash
# The development OpenID Connect provider (scripts/dev-idp, npm package oidc-provider), sourced, not executed.
# Needs scripts/lib/postgres.sh (fs_die, fs_apt_install, pg_port_free).

DEV_IDP_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/../dev-idp" && pwd)

# idp_ensure_installed: Node.js 20.12+ (Debian's packages when missing) and the locked npm packages (npm ci).
# oidc-provider 9 needs crypto.hash (Node.js 20.12): Debian 13 ships 20.19; Debian 12's own nodejs (18) is too old.
idp_ensure_installed() {
    if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
        echo "==> Node.js not found; installing it for the development identity provider" >&2
        fs_apt_install nodejs npm
    fi
    node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 12) ? 0 : 1)' ||
        fs_die "the development identity provider needs Node.js 20.12 or later (found $(node --version)); on Debian 12 install a newer nodejs package (e.g. NodeSource's 20.x or 22.x)"
    npm_ci_when_changed "$DEV_IDP_DIR"
}

# npm_ci_when_changed DIR: installs DIR's locked npm packages (npm ci) when they are missing or the lock file changed.
npm_ci_when_changed() {
    local dir=$1
    if [[ ! -f $dir/node_modules/.package-lock.json || $dir/package-lock.json -nt $dir/node_modules/.package-lock.json ]]; then
        echo "==> npm ci ($dir)" >&2
        (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >&2)
    fi
}

# idp_start PORT CLIENT_URL LOG: starts the provider on 127.0.0.1:PORT for the service at CLIENT_URL; sets IDP_PID.
idp_start() {
    local port=$1 client_url=$2 log=$3 _
    pg_port_free "$port" || fs_die "port $port on 127.0.0.1 is already in use (set FITSERVICE_IDP_PORT to use another port)"
    ASPNETCORE_ENVIRONMENT=Development DEV_IDP_PORT=$port DEV_IDP_CLIENT_URL=$client_url \
        node "$DEV_IDP_DIR/server.js" >"$log" 2>&1 &
    IDP_PID=$!
    for _ in $(seq 60); do
        curl -sf "http://127.0.0.1:$port/.well-known/openid-configuration" >/dev/null && return 0
        kill -0 "$IDP_PID" 2>/dev/null || break
        sleep 0.25
    done
    tail -n 20 "$log" >&2
    fs_die "the development identity provider did not start"
}

# idp_stop: stops the provider idp_start started, if it runs.
idp_stop() {
    [[ -n ${IDP_PID:-} ]] || return 0
    kill "$IDP_PID" 2>/dev/null || true
    wait "$IDP_PID" 2>/dev/null || true
    IDP_PID=""
}
