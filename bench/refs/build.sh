#!/usr/bin/env bash
# Build the C reference programs of the benchmarks into .build/bench/:
#   canned-bolt     bench/canned/canned_bolt.c, the canned-response Bolt server
#   ldap-bind-loop  bench/refs/ldap_bind_loop.c, needs libldap-dev
#   pam-loop        bench/refs/pam_loop.c, needs libpam0g-dev
# scripts/setup.sh installs both Debian packages, and `cc` comes with the Swift toolchain's
# dependencies (gcc or clang).
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
output="$repo/.build/bench"
cc=${CC:-cc}
flags=(-O2 -std=gnu11 -Wall -Wextra -pthread)

require_header() {
    local header=$1 package=$2
    if ! echo "#include <$header>" | "$cc" -E -x c - >/dev/null 2>&1; then
        echo "build.sh: missing <$header>; install the Debian package $package (scripts/setup.sh does)" >&2
        exit 1
    fi
}

require_header ldap.h libldap-dev
require_header security/pam_appl.h libpam0g-dev
mkdir -p "$output"

"$cc" "${flags[@]}" -o "$output/canned-bolt" "$repo/bench/canned/canned_bolt.c"
"$cc" "${flags[@]}" -o "$output/ldap-bind-loop" "$repo/bench/refs/ldap_bind_loop.c" "$repo/bench/refs/timed_loop.c" \
    -lldap -llber -lm
"$cc" "${flags[@]}" -o "$output/pam-loop" "$repo/bench/refs/pam_loop.c" "$repo/bench/refs/timed_loop.c" -lpam -lm
echo "built canned-bolt, ldap-bind-loop and pam-loop in $output"
