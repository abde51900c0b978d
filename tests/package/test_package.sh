#!/bin/sh
# Builds the Debian package, installs it, and runs the installed programs.
# On CI (CI=true, as root) the package is installed with dpkg like a user
# would; elsewhere it is unpacked into a temporary folder instead, so running
# the tests never changes the developer's system.
# Usage: test_package.sh BUILD_DIR FIXTURES_DIR gui|no-gui
set -eu
build=$1
fixtures=$2
gui=$3
output=$build/package-test
rm -rf "$output"
mkdir -p "$output"

(cd "$build" && cpack -G DEB -B "$output" > "$output/cpack.log") || {
    cat "$output/cpack.log"
    exit 1
}
deb=$(ls "$output"/*.deb)
echo "built $deb"
dpkg-deb --field "$deb" Depends

if [ "${CI:-}" = "true" ] && [ "$(id -u)" -eq 0 ]; then
    dpkg -i "$deb"
    root=""
else
    root=$output/root
    dpkg-deb -x "$deb" "$root"
fi

"$root/usr/bin/fewshot" --version
if [ "$gui" = "gui" ]; then
    test -x "$root/usr/bin/fewshot-studio"
fi
desktop-file-validate "$root/usr/share/applications/fewshot-studio.desktop"
appstreamcli validate --no-net "$root/usr/share/metainfo/org.fewshotstudio.FewShotStudio.metainfo.xml"
test -f "$root/usr/share/icons/hicolor/scalable/apps/fewshot-studio.svg"

if [ -d "$fixtures/tiny-clip-hf/model" ]; then
    "$root/usr/bin/fewshot" info --model "$fixtures/tiny-clip-hf/model"
else
    echo "reference fixtures not found at $fixtures: skipped 'fewshot info' on the fixture model"
fi
echo "package test passed"
