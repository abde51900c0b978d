#!/bin/sh
# Builds the core test programs and the fuzz programs with clang,
# AddressSanitizer and UndefinedBehaviorSanitizer in one build folder
# (tests/sanitizer/configure.sh), then runs the core test programs. Any
# sanitizer report fails the run. `fuzz/run.sh --build BUILD_DIR` runs the
# fuzz programs from the same folder.
#
# Usage: tests/sanitizer/run.sh [--build-only | --no-build] [BUILD_DIR]
#   BUILD_DIR     default build-sanitize in the repository
#   --build-only  configure and build, run nothing
#   --no-build    run what an earlier --build-only built
# Environment: FEWSHOT_FIXTURES (fixtures folder for a new build folder),
# FEWSHOT_SANITIZE_JOBS (parallel compile jobs, default: the number of CPUs).
# Exits 77, which CTest reports as skipped, when clang++ is not installed.
set -eu

repo=$(cd "$(dirname "$0")/../.." && pwd)
build=$repo/build-sanitize
build_step=yes
test_step=yes
while [ $# -gt 0 ]; do
    case "$1" in
        --build-only) test_step=no ;;
        --no-build) build_step=no ;;
        *) build=$1 ;;
    esac
    shift
done
# The options apply to the test programs that CMake runs after building them
# (gtest_discover_tests lists their tests) and to the runs below.
# allocator_may_return_null: the out-of-memory tests ask for more memory than
# exists and expect the allocator to fail, not AddressSanitizer to abort.
# fast_unwind_on_malloc=0: LibTorch has no frame pointers, so only the slow
# unwinder finds the function names that lsan.supp matches.
export ASAN_OPTIONS="allocator_may_return_null=1:detect_stack_use_after_return=1:fast_unwind_on_malloc=0:${ASAN_OPTIONS:-}"
export LSAN_OPTIONS="suppressions=$repo/tests/sanitizer/lsan.supp:print_suppressions=0:${LSAN_OPTIONS:-}"
export UBSAN_OPTIONS="print_stacktrace=1:${UBSAN_OPTIONS:-}"

programs="test_base test_model test_engine test_tokenizer test_image test_store test_fuzz_regressions test_faults"

if [ "$build_step" = yes ]; then
    status=0
    sh "$repo/tests/sanitizer/configure.sh" "$build" || status=$?
    [ "$status" -eq 0 ] || exit "$status"
    start=$(date +%s)
    # shellcheck disable=SC2086
    cmake --build "$build" --target $programs fuzz_all -j "${FEWSHOT_SANITIZE_JOBS:-$(nproc)}"
    echo "== built in $(($(date +%s) - start)) s"
fi
[ "$test_step" = yes ] || exit 0
if ! command -v clang++ >/dev/null 2>&1; then
    echo "clang++ not found: nothing was built in $build"
    exit 77
fi

# Tests that check a time bound measure the sanitizers' overhead here, not the code.
timing_tests="TokenizerGolden.PromptTakesMicroseconds"

failed=""
for program in $programs; do
    echo "== $program"
    start=$(date +%s)
    if "$build/bin/$program" --gtest_brief=1 --gtest_filter="-$timing_tests"; then
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
