#!/bin/sh
# Saves a PNG of each main view of fewshot-studio into docs/screenshots/,
# driving the application with a generated sample project under Xvfb.
#
# Usage: tests/gui/screenshots.sh BUILD_DIR [MODEL_DIR] [OUTPUT_DIR] [LOCALE]
#   BUILD_DIR   the CMake build folder with bin/fewshot-studio
#   MODEL_DIR   a CLIP checkpoint folder (default: the tiny test fixture, whose
#               random weights make the predictions meaningless but exercise
#               every view)
#   OUTPUT_DIR  where the PNGs go (default: docs/screenshots in the repository)
#   LOCALE      a locale such as zh_CN.UTF-8: the application runs in its
#               language and the files are named zh_CN-01-welcome.png and so on
#               (default: English, files named 01-welcome.png)
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${1:?usage: screenshots.sh BUILD_DIR [MODEL_DIR] [OUTPUT_DIR]}
model=${2:-$root/../shared/fixtures/tiny-clip-hf/model}
output=${3:-$root/docs/screenshots}
locale=${4:-C.UTF-8}

if [ ! -x "$build/bin/fewshot-studio" ]; then
    echo "screenshots.sh: $build/bin/fewshot-studio not found; build the fewshot-studio target first" >&2
    exit 1
fi
if [ ! -f "$model/config.json" ]; then
    echo "screenshots.sh: no CLIP checkpoint in $model (config.json missing); pass MODEL_DIR" >&2
    exit 1
fi
if ! command -v xvfb-run >/dev/null 2>&1; then
    echo "screenshots.sh: xvfb-run is not installed (Debian package xvfb)" >&2
    exit 1
fi

mkdir -p "$output"
# A private settings folder keeps the user's recent projects and models
# untouched, and leaves the language at "System default", so LANG decides.
settings=$(mktemp -d)
pictures=$(mktemp -d)
trap 'rm -rf "$settings" "$pictures"' EXIT
env -u LC_ALL -u LC_MESSAGES -u LANGUAGE LANG="$locale" \
    XDG_CONFIG_HOME="$settings" QT_QPA_PLATFORM=xcb \
    xvfb-run -a -s "-screen 0 1400x900x24" \
    "$build/bin/fewshot-studio" --model "$model" --screenshot "$pictures"
prefix=""
if [ -n "${4:-}" ]; then
    prefix="${locale%%.*}-"
fi
for picture in "$pictures"/*.png; do
    mv "$picture" "$output/$prefix$(basename "$picture")"
done
echo "screenshots written to $output"
ls "$output"
