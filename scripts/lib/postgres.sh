# shellcheck shell=bash
# PostgreSQL helpers for scripts/run and scripts/test (sourced, not executed).
# Each cluster is private: its own data folder, 127.0.0.1 only, TCP only (no Unix socket,
# so it never meets the Debian package's own cluster in /var/run/postgresql).
# As root, PostgreSQL runs as the postgres user (initdb refuses root); otherwise as the current user.

# Print a message to stderr and stop.
fs_die() {
    echo "error: $*" >&2
    exit 1
}

# Run a command with root rights for apt-get: directly as root, else through sudo.
fs_as_root() {
    if [[ $EUID -eq 0 ]]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        fs_die "need root to run '$*' (run as root or install sudo)"
    fi
}

# Install Debian packages; apt-get update runs once per script run.
FS_APT_UPDATED=${FS_APT_UPDATED:-0}
fs_apt_install() {
    if [[ $FS_APT_UPDATED -eq 0 ]]; then
        echo "==> apt-get update" >&2
        fs_as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
        FS_APT_UPDATED=1
    fi
    echo "==> apt-get install $*" >&2
    fs_as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >&2
}

# Newest /usr/lib/postgresql/*/bin, or nothing.
pg_find_bin() {
    local dir
    dir=$(find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -type d -name bin 2>/dev/null | sort -V | tail -n 1)
    [[ -n $dir && -x $dir/initdb && -x $dir/pg_ctl ]] && echo "$dir"
}

# Make sure PostgreSQL is installed and set PG_BIN to its bin folder.
# (The Debian package may create and start its own cluster on port 5432; we never use it.)
pg_ensure_installed() {
    PG_BIN=$(pg_find_bin || true)
    if [[ -z $PG_BIN ]]; then
        echo "==> PostgreSQL not found; installing the Debian package" >&2
        fs_apt_install postgresql
        PG_BIN=$(pg_find_bin || true)
        [[ -n $PG_BIN ]] || fs_die "PostgreSQL installed but no /usr/lib/postgresql/*/bin/initdb found"
    fi
    export PG_BIN
}

# Run a PostgreSQL tool as the cluster owner, from / (postgres may not read the caller's folder).
pg_run() {
    local tool=$1
    shift
    if [[ $EUID -eq 0 ]]; then
        (cd / && runuser -u postgres -- "$PG_BIN/$tool" "$@")
    else
        "$PG_BIN/$tool" "$@"
    fi
}

# True when nothing accepts TCP connections on 127.0.0.1:PORT.
pg_port_free() {
    ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Create the data folder DIR and initialise a cluster in it, unless one is there already.
pg_init_cluster() {
    local dir=$1
    if [[ -f $dir/PG_VERSION ]]; then
        return 0
    fi
    mkdir -p "$dir"
    if [[ $EUID -eq 0 ]]; then
        chown postgres:postgres "$dir"
        # Every folder above DIR must be searchable by postgres (e.g. not under /root).
        runuser -u postgres -- test -w "$dir" ||
            fs_die "the postgres user cannot reach $dir; move the repository somewhere every user can read (e.g. /srv or /opt), or give its parent folders o+x"
    fi
    chmod 700 "$dir"
    echo "==> Creating PostgreSQL cluster in $dir" >&2
    pg_run initdb -D "$dir" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$dir.initdb.log" 2>&1 ||
        { cat "$dir.initdb.log" >&2; fs_die "initdb failed"; }
    rm -f "$dir.initdb.log"
}

# True when the cluster in DIR is running.
pg_is_running() {
    [[ -f $1/postmaster.pid ]] && pg_run pg_ctl -D "$1" status >/dev/null 2>&1
}

# Port of the running cluster in DIR (line 4 of postmaster.pid).
pg_running_port() {
    sed -n 4p "$1/postmaster.pid"
}

# Start the cluster in DIR on 127.0.0.1:PORT and wait until it accepts connections.
# Returns non-zero (without exiting) when it cannot start, e.g. the port is taken.
pg_start() {
    local dir=$1 port=$2
    pg_port_free "$port" || { echo "port $port on 127.0.0.1 is already in use" >&2; return 1; }
    # unix_socket_directories='' : TCP only; pg_ctl hands -o to /bin/sh, hence the quoting.
    if ! pg_run pg_ctl -D "$dir" -l "$dir/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=''" start >/dev/null; then
        tail -n 20 "$dir/server.log" >&2 || true
        return 1
    fi
    pg_wait_ready "$port"
}

# Wait (up to 30 s) until the server on 127.0.0.1:PORT accepts connections.
pg_wait_ready() {
    local port=$1 i
    for ((i = 0; i < 60; i++)); do
        if "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$port" -U postgres; then
            return 0
        fi
        sleep 0.5
    done
    echo "PostgreSQL on port $port did not become ready" >&2
    return 1
}

# The service's two PostgreSQL logins (docs/operations.md, "Database roles"): the schema owner runs the
# migrations; the runtime login is what the service works as, a member of the group role fitservice_runtime
# that the migrations grant to. Local clusters use trust authentication on 127.0.0.1, so no passwords.
FS_OWNER_ROLE=fitservice_owner
FS_RUNTIME_LOGIN=fitservice_app

# psql as the superuser on 127.0.0.1:PORT, database postgres; SQL on stdin (-v variables interpolate there).
pg_psql_admin() {
    local port=$1
    shift
    "$PG_BIN/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -XtAq -v ON_ERROR_STOP=1 "$@"
}

# Create the owner, the runtime group and the runtime login on 127.0.0.1:PORT unless they exist.
pg_create_roles() {
    local port=$1
    pg_psql_admin "$port" -v owner="$FS_OWNER_ROLE" -v login="$FS_RUNTIME_LOGIN" <<'SQL'
select format('create role %I login', :'owner') where not exists (select 1 from pg_roles where rolname = :'owner') \gexec
select 'create role fitservice_runtime nologin' where not exists (select 1 from pg_roles where rolname = 'fitservice_runtime') \gexec
select format('create role %I login in role fitservice_runtime', :'login') where not exists (select 1 from pg_roles where rolname = :'login') \gexec
SQL
}

# Create database NAME on 127.0.0.1:PORT, owned by the schema owner, unless it exists. A database made before
# the roles existed (owned by postgres) is handed to the owner, tables and functions included.
pg_create_database() {
    local port=$1 name=$2 exists
    pg_create_roles "$port"
    exists=$(pg_psql_admin "$port" -v name="$name" <<<"select 1 from pg_database where datname = :'name'")
    if [[ $exists != 1 ]]; then
        echo "==> Creating database $name" >&2
        "$PG_BIN/createdb" -h 127.0.0.1 -p "$port" -U postgres -O "$FS_OWNER_ROLE" "$name"
    else
        pg_hand_to_owner "$port" "$name"
    fi
}

# Make the schema owner own database NAME and everything in its public schema (idempotent).
pg_hand_to_owner() {
    local port=$1 name=$2
    "$PG_BIN/psql" -h 127.0.0.1 -p "$port" -U postgres -d "$name" -XtAq -v ON_ERROR_STOP=1 -v owner="$FS_OWNER_ROLE" \
        -f "$(dirname "${BASH_SOURCE[0]}")/../../db/hand-over-to-owner.sql"
}

# Stop the cluster in DIR (fast shutdown: rolls back open transactions), if it runs.
pg_stop() {
    local dir=$1
    if pg_is_running "$dir"; then
        pg_run pg_ctl -D "$dir" -m fast -w -t 60 stop >/dev/null
    fi
}

# Start the cluster in DIR on the first free port from FIRST (100 tried); print the port.
# If another process takes a port between the check and the start, the next one is tried.
pg_start_on_free_port() {
    local dir=$1 first=$2 port=$2
    while :; do
        if pg_port_free "$port"; then
            pg_start "$dir" "$port" >&2 && break
            pg_port_free "$port" && fs_die "PostgreSQL did not start (see above)"
        fi
        port=$((port + 1))
        ((port < first + 100)) || fs_die "no free port for PostgreSQL in $first-$((port - 1))"
    done
    echo "$port"
}
