#!/bin/sh
# Builds the libFuzzer programs with clang and runs each for a fixed time.
#
# Usage: fuzz/run.sh [--quick] [--build DIR] [SECONDS] [PROGRAM...]
#   SECONDS   time per program (default 20)
#   PROGRAM   names such as safetensors or fuzz_safetensors (default: all)
#   --quick   only the programs that do not link LibTorch
#   --build   the build folder (default build-sanitize in the repository),
#             configured by tests/sanitizer/configure.sh when new, so that
#             tests/sanitizer/run.sh can share it
# Environment: FEWSHOT_FIXTURES (fixtures folder for a new build folder),
# FEWSHOT_FUZZ_JOBS (parallel compile jobs, default: the number of CPUs).
#
# Each program fuzzes its corpus in DIR/fuzz-corpus/NAME, which keeps growing
# from run to run, seeded from fuzz/corpus/NAME, the reference fixtures
# (FEWSHOT_FIXTURES) and tests/data/fuzz/NAME. Inputs that crash are written
# to DIR/fuzz-artifacts. The results table goes to stdout and to
# DIR/fuzz-results.md. Exits 1 when a program found a problem, and 77 (which
# CTest reports as skipped) when clang++ is not installed.
set -eu

repo=$(cd "$(dirname "$0")/.." && pwd)
build="$repo/build-sanitize"
seconds=20
quick=no
programs=""
while [ $# -gt 0 ]; do
    case "$1" in
        --quick) quick=yes ;;
        --build) build=$2; shift ;;
        [0-9]*) seconds=$1 ;;
        *) programs="$programs ${1#fuzz_}" ;;
    esac
    shift
done

quick_programs="safetensors clip_config preprocess_config npy tokenizer_encode tokenizer_files image_decode csv_import"
torch_programs="open_clip_config torch_bin"
if [ -z "$programs" ]; then
    programs=$quick_programs
    [ "$quick" = yes ] || programs="$programs $torch_programs"
fi

status=0
sh "$repo/tests/sanitizer/configure.sh" "$build" || status=$?
[ "$status" -eq 0 ] || exit "$status"
targets=""
for name in $programs; do targets="$targets fuzz_$name"; done
# shellcheck disable=SC2086
cmake --build "$build" --target $targets -j "${FEWSHOT_FUZZ_JOBS:-$(nproc)}"

fixtures=$(sed -n 's/^FEWSHOT_FIXTURES:PATH=//p' "$build/CMakeCache.txt")

# Copies the reference fixtures that suit program $1 into seed folder $2.
add_fixture_seeds() {
    [ -d "$fixtures" ] || return 0
    model="$fixtures/tiny-clip-hf/model"
    case "$1" in
        clip_config) cp "$model/config.json" "$2/" ;;
        preprocess_config) cp "$model/preprocessor_config.json" "$2/" ;;
        tokenizer_files) { cat "$model/vocab.json"; printf '\000'; cat "$model/merges.txt"; } >"$2/tiny-clip-hf" ;;
        tokenizer_encode) cp "$fixtures/tiny-clip-hf/expected.json" "$fixtures/clip-vocab/expected_tokens.json" "$2/" ;;
        npy) cp "$fixtures"/tiny-clip-hf/*features.npy "$fixtures"/tiny-clip-hf/logits.npy \
                "$fixtures"/fewshot-features/*labels.npy "$2/" ;;
        image_decode) find "$fixtures/preprocess-224/images" -type f -size -128k -exec cp {} "$2/" \; ;;
    esac
}

# The largest input each program tries: big enough for its seeds, small
# enough that every run stays fast.
max_len() {
    case "$1" in
        image_decode) echo 131072 ;;
        tokenizer_files) echo 65536 ;;
        *) echo 16384 ;;
    esac
}

results="$build/fuzz-results.md"
mkdir -p "$build/fuzz-artifacts"
{
    echo "| program | seconds | executions | executions/s | corpus files | result |"
    echo "|---|---|---|---|---|---|"
} >"$results"
failed=0
for name in $programs; do
    corpus="$build/fuzz-corpus/$name"
    seeds="$build/fuzz-seeds/$name"
    rm -rf "$seeds"
    mkdir -p "$corpus" "$seeds"
    add_fixture_seeds "$name" "$seeds"
    log="$build/fuzz-artifacts/$name.log"
    set -- "$corpus" "$seeds" "$repo/fuzz/corpus/$name"
    [ -d "$repo/tests/data/fuzz/$name" ] && set -- "$@" "$repo/tests/data/fuzz/$name"
    # LibTorch and Qt allocate at start-up and never free, which is no finding.
    status=0
    ASAN_OPTIONS="detect_leaks=0:allocator_may_return_null=1:${ASAN_OPTIONS:-}" \
        "$build/bin/fuzz_$name" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 \
        -max_len="$(max_len "$name")" -print_final_stats=1 \
        -artifact_prefix="$build/fuzz-artifacts/$name-" "$@" >"$log" 2>&1 || status=$?
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    time=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$log" | tail -n 1)
    files=$(find "$corpus" -type f | wc -l)
    if [ "$status" -eq 0 ]; then
        result="no findings"
    else
        result="FINDING, see $log"
        failed=1
    fi
    rate=$([ -n "$runs" ] && [ -n "$time" ] && [ "$time" -gt 0 ] && echo $((runs / time)) || echo "-")
    echo "| fuzz_$name | ${time:-$seconds} | ${runs:--} | $rate | $files | $result |" >>"$results"
done
cat "$results"
exit $failed
