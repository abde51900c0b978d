#!/bin/sh
# Installs the Debian 12 packages needed to build and test FewShot Studio.
# Safe to run again: apt-get skips what is already installed.
set -eu

packages="cmake ninja-build g++ pkg-config
  qt6-base-dev qt6-qpa-plugins qt6-tools-dev qt6-l10n-tools qt6-tools-dev-tools libqt6sql6-sqlite
  libqt6svg6 qt6-translations-l10n
  libtorch-dev libopenblas0-openmp
  libopencv-dev
  libqcustomplot-dev libqcustomplot2.1-qt6
  nlohmann-json3-dev libgtest-dev
  clang libclang-rt-14-dev
  xvfb xauth
  dpkg-dev desktop-file-utils appstream"

run_as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    else
        sudo "$@"
    fi
}

missing=""
for package in $packages; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $package"
    fi
done

if [ -n "$missing" ]; then
    echo "Installing:$missing"
    run_as_root apt-get update -qq
    # shellcheck disable=SC2086
    run_as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing
else
    echo "All build dependencies are installed."
fi
