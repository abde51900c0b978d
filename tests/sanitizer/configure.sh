#!/bin/sh
# Configures BUILD_DIR, unless it is configured already, as the sanitizer
# build that tests/sanitizer/run.sh and fuzz/run.sh share: clang,
# FEWSHOT_FUZZ=ON (which implies FEWSHOT_SANITIZE=address,undefined), the core
# tests, no GUI. One build folder serves both, so CI compiles the sanitized
# libraries once.
#
# Usage: tests/sanitizer/configure.sh BUILD_DIR
# Environment: FEWSHOT_FIXTURES (fixtures folder, default ../shared/fixtures).
# Exits 77 when clang++ is not installed.
set -eu

repo=$(cd "$(dirname "$0")/../.." && pwd)
build=$1

if ! command -v clang++ >/dev/null 2>&1; then
    echo "clang++ not found: the sanitizer and fuzz build needs the Debian packages clang and libclang-rt-14-dev" \
         "(packaging/install-deps.sh installs them)"
    exit 77
fi
[ -f "$build/CMakeCache.txt" ] && exit 0

# Release, as in the normal build. Line tables give each sanitizer report its
# file and line at a fraction of the size of -g.
cmake -S "$repo" -B "$build" -G Ninja -DCMAKE_CXX_COMPILER=clang++ \
    -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS=-gline-tables-only \
    -DFEWSHOT_FUZZ=ON -DFEWSHOT_BUILD_GUI=OFF -DFEWSHOT_BUILD_TESTS=ON \
    ${FEWSHOT_FIXTURES:+"-DFEWSHOT_FIXTURES=$FEWSHOT_FIXTURES"} >/dev/null
