#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# examples/ as an outside project: `cmake --install` of a built tree into a
# temporary prefix, examples/CMakeLists.txt configured alone against it
# (find_package(virtkit 9) through CMAKE_PREFIX_PATH), built, and its tests
# (the examples.* checks of the main build) run there, on the installed
# libraries. The C++ example is also built with `pkg-config virtkit`, a
# program on the companions' targets (virtkit::virt-qemu ...) too, and
# find_package(virtkit 10) must fail (SameMajorVersion).
# usage: examples_check.sh BUILD_DIR SOURCE_DIR
set -eu
build=$1
src=$2
tmp=$(mktemp -d "${TMPDIR:-/tmp}/virtkit-examples.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
cmake --install "$build" --prefix "$tmp/p" > /dev/null
lib=$(cd "$tmp/p" && ls -d lib* | head -1)
gen=
command -v ninja > /dev/null && gen="-G Ninja"
# shellcheck disable=SC2086
cmake -S "$src/examples" -B "$tmp/b" $gen -DCMAKE_PREFIX_PATH="$tmp/p" -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_C_FLAGS="-Wall -Werror" -DCMAKE_CXX_FLAGS="-Wall -Werror" > "$tmp/configure.log" 2>&1 ||
  { cat "$tmp/configure.log"; echo "FAIL: examples/ does not configure against the prefix"; exit 1; }
found=$(sed -n 's/^virtkit_DIR:PATH=//p' "$tmp/b/CMakeCache.txt")
[ "$found" = "$tmp/p/$lib/cmake/virtkit" ] || { echo "FAIL: find_package(virtkit) found $found"; exit 1; }
cmake --build "$tmp/b" > "$tmp/build.log" 2>&1 ||
  { cat "$tmp/build.log"; echo "FAIL: examples/ does not build against the prefix"; exit 1; }
for p in example_list_domains example_domains_cxx; do
  ldd "$tmp/b/$p" | grep -q "libvirt.so.0 => $tmp/p/" ||
    { echo "FAIL: $p does not load the prefix's libvirt.so.0"; ldd "$tmp/b/$p"; exit 1; }
done
ctest --test-dir "$tmp/b" --output-on-failure
# shellcheck disable=SC2046
c++ -std=c++20 -Wall -Werror -o "$tmp/domains" "$src/examples/domains.cc" \
  $(PKG_CONFIG_PATH="$tmp/p/$lib/pkgconfig" pkg-config --cflags --libs virtkit) -Wl,-rpath,"$tmp/p/$lib"
"$tmp/domains" test:///default | grep -q 'lookup failed: code=42 domain=12' ||
  { echo "FAIL: domains.cc built with pkg-config virtkit"; exit 1; }
# The version file: 9.x is accepted, another major version refused; with
# 9.0, tests/abi/companions.c is built on the companions' imported targets.
mkdir "$tmp/v"
for want in 9.0 10; do
  {
    printf 'cmake_minimum_required(VERSION 3.20)\nproject(v C)\nfind_package(virtkit %s REQUIRED)\n' "$want"
    printf 'add_executable(companions %s)\n' "$src/tests/abi/companions.c"
    printf 'target_link_libraries(companions virtkit::virt-qemu virtkit::virt-lxc virtkit::virt-admin)\n'
  } > "$tmp/v/CMakeLists.txt"
  if cmake -S "$tmp/v" -B "$tmp/v/b$want" -DCMAKE_PREFIX_PATH="$tmp/p" > "$tmp/v/$want.log" 2>&1 &&
     cmake --build "$tmp/v/b$want" >> "$tmp/v/$want.log" 2>&1; then
    [ "$want" = 9.0 ] || fail=1
  else
    [ "$want" = 10 ] || fail=1
  fi
  [ -z "${fail:-}" ] || { cat "$tmp/v/$want.log"; echo "FAIL: find_package(virtkit $want)"; exit 1; }
done
for l in libvirt.so.0 libvirt-qemu.so.0 libvirt-lxc.so.0 libvirt-admin.so.0; do
  ldd "$tmp/v/b9.0/companions" | grep -q "$l => $tmp/p/" || { echo "FAIL: companions: $l"; exit 1; }
done
"$tmp/v/b9.0/companions" > /dev/null || { echo "FAIL: companions on the imported targets"; exit 1; }
echo "examples/ built against the installed package (find_package, pkg-config) and passed; find_package(virtkit 10) refused"
