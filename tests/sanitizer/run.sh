#!/bin/sh
# Builds the core test programs with AddressSanitizer and
# UndefinedBehaviorSanitizer (FEWSHOT_SANITIZE=address,undefined) in a build
# folder of their own and runs them. Any sanitizer report fails the run.
#
# Usage: tests/sanitizer/run.sh [BUILD_DIR]   (default: build-asan)
# Environment: FEWSHOT_SANITIZE_JOBS (parallel compile jobs, default 2).
set -eu

repo=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$repo/build-asan}
programs="test_base test_model test_engine test_tokenizer test_image test_store test_fuzz_regressions test_faults"

cmake -S "$repo" -B "$build" -G Ninja -DFEWSHOT_SANITIZE=address,undefined -DFEWSHOT_BUILD_GUI=OFF >/dev/null
# shellcheck disable=SC2086
cmake --build "$build" --target $programs -j "${FEWSHOT_SANITIZE_JOBS:-2}"

# allocator_may_return_null: the out-of-memory tests ask for more memory than
# exists and expect the allocator to fail, not AddressSanitizer to abort.
export ASAN_OPTIONS="allocator_may_return_null=1:detect_stack_use_after_return=1:${ASAN_OPTIONS:-}"
export LSAN_OPTIONS="suppressions=$repo/tests/sanitizer/lsan.supp:print_suppressions=0:${LSAN_OPTIONS:-}"
export UBSAN_OPTIONS="print_stacktrace=1:${UBSAN_OPTIONS:-}"

failed=""
for program in $programs; do
    echo "== $program"
    start=$(date +%s)
    if "$build/bin/$program" --gtest_brief=1; then
        echo "== $program passed in $(($(date +%s) - start)) s"
    else
        echo "== $program FAILED in $(($(date +%s) - start)) s"
        failed="$failed $program"
    fi
done
if [ -n "$failed" ]; then
    echo "Failed under the sanitizers:$failed"
    exit 1
fi
echo "All test programs passed under AddressSanitizer and UndefinedBehaviorSanitizer."
