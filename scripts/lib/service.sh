# shellcheck shell=bash
# Start the service for the benchmarks (sourced, not executed): the Release build in the background on
# 127.0.0.1, with a throwaway signing key that scripts/dev-token can sign with. Needs scripts/lib/postgres.sh.

# fs_start_service PORT PG_PORT DATABASE KEY_FILE LOG [NAME=VALUE ...]: builds, starts as the runtime login (migrating
# as the owner; see pg_create_database), waits for /health/ready; sets SERVICE_PID. Extra connection settings: FS_PG_EXTRA.
fs_start_service() {
    local port=$1 pg_port=$2 database=$3 key_file=$4 log=$5 root connection
    shift 5
    connection="Host=127.0.0.1;Port=$pg_port;Database=$database${FS_PG_EXTRA:+;$FS_PG_EXTRA}"
    root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
    pg_port_free "$port" || fs_die "port $port on 127.0.0.1 is already in use"
    [[ -s $key_file ]] || (umask 077 && openssl rand -base64 32 >"$key_file")
    echo "==> Building (Release) and starting the service on 127.0.0.1:$port" >&2
    dotnet build "$root/src/FitService.Api" -c Release -nologo -v quiet >/dev/null
    # A benchmark drives one token far past the per-user limits (~7,000 writes a minute): it measures the service,
    # not the rate limiter, so the limits are raised out of the way.
    env ConnectionStrings__FitService="$connection;Username=$FS_RUNTIME_LOGIN" \
        ConnectionStrings__Migrations="$connection;Username=$FS_OWNER_ROLE" Auth__DevSigningKeyFile="$key_file" Demo__Seed=false \
        Serilog__MinimumLevel__Default=Warning RateLimits__WritesPerMinute=10000000 RateLimits__ReportsPerMinute=10000000 "$@" \
        dotnet "$root/src/FitService.Api/bin/Release/net10.0/FitService.Api.dll" --urls "http://127.0.0.1:$port" \
        --contentRoot "$root/src/FitService.Api" >"$log" 2>&1 &
    SERVICE_PID=$!
    local _
    for _ in $(seq 120); do curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null && return 0; sleep 0.5; done
    tail -n 30 "$log" >&2
    fs_die "the service did not start"
}

# fs_stop_service: stops the service fs_start_service started, if it runs.
fs_stop_service() {
    [[ -n ${SERVICE_PID:-} ]] || return 0
    kill "$SERVICE_PID" 2>/dev/null || true
    wait "$SERVICE_PID" 2>/dev/null || true
    SERVICE_PID=""
}
