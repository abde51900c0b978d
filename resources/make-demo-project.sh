#!/bin/sh
# Rebuilds resources/demo-project/, the project that fewshot-studio opens with
# the demo model on a first start. It contains generated 64x64 inspection images
# of the 8 defect classes (4 examples per class and an unlabeled pool of 12
# per class), with the demo model's prompt templates as the active set.
#
# Usage: resources/make-demo-project.sh [FEWSHOT]
#   FEWSHOT  the fewshot program to run (default: build/bin/fewshot in the
#            repository)
#
# The images come from generator seeds 5001 (examples) and 5002 (pool), which
# the demo model must not be trained on (`fewshot pretrain` uses --seed, 0 by
# default). Equal seeds give equal images, so a rebuild changes only the
# times and ids stored in the project file.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
fewshot=${1:-$here/../build/bin/fewshot}
output=$here/demo-project
project_name=defect-demo.fewshot
examples_per_class=4
pool_per_class=12
# The generator's classes, in the order the project lists them ("no defect"
# first, as in core/demo/demo_generator.cpp).
classes='no defect
scratch
crack
dent
rust
hole
stain
chipped edge'
class_count=$(printf '%s\n' "$classes" | wc -l)

if [ ! -x "$fewshot" ]; then
    echo "make-demo-project.sh: $fewshot not found; build the fewshot target first or pass its path" >&2
    exit 1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
staged=$work/demo-project
mkdir "$staged"

"$fewshot" generate --generator demo --count $((class_count * examples_per_class)) --seed 5001 \
    --output "$staged/examples"
"$fewshot" generate --generator demo --count $((class_count * pool_per_class)) --seed 5002 \
    --output "$work/pool-by-class"

# The generator writes one folder per class. Stop when they are not the
# classes listed above, so that the list cannot silently go out of date.
expected=$(printf '%s\n' "$classes" | LC_ALL=C sort)
generated=$(ls "$staged/examples" | LC_ALL=C sort)
if [ "$expected" != "$generated" ]; then
    echo "make-demo-project.sh: the generator wrote the classes" >&2
    printf '%s\n' "$generated" >&2
    echo "but this script lists" >&2
    printf '%s\n' "$expected" >&2
    echo "Update the class list in $0." >&2
    exit 1
fi

# The pool goes into one folder, so that its paths do not give the labels away.
# Image numbers are unique within a generated set, so no file names collide.
mkdir "$staged/pool"
for image in "$work"/pool-by-class/*/*.png; do
    mv "$image" "$staged/pool/"
done

project=$staged/$project_name
"$fewshot" project create "$project"
# The pool first, so that the grid, in the order images were added, opens on
# the unlabeled images and their predictions.
"$fewshot" project add "$project" --pool "$staged/pool"
printf '%s\n' "$classes" | while IFS= read -r class; do
    "$fewshot" project add "$project" --class "$class" "$staged/examples/$class"
done
"$fewshot" project templates "$project" --set "demo model" --demo
"$fewshot" project info "$project"

rm -rf "$output"
mv "$staged" "$output"
echo "make-demo-project.sh: wrote $output ($(du -sk "$output" | cut -f1) KiB)"
