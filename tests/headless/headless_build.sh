#!/usr/bin/env bash
# usage: headless_build.sh SOURCE_DIR BUILD_DIR [BUILD_TYPE] [WARNINGS_AS_ERRORS]
# What a cluster installs: the engine, sextant-cli and the plugins built without Qt
# (`cmake --preset headless`), linking no Qt library, running the quick-start project.
# BUILD_DIR sits beside the main build so ccache (base_dir = the source folder, set by
# scripts/test) finds the objects that build compiled: mostly links, not compiles.
set -euo pipefail
source=$1 build=$2 type=${3:-RelWithDebInfo} werror=${4:-OFF}
export CCACHE_BASEDIR="$source" CCACHE_NOHASHDIR=true
mkdir -p "$build"  # its logs go inside it: beside it they would litter the checkout
cmake -S "$source" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE="$type" -DSEXTANT_WARNINGS_AS_ERRORS="$werror" \
  -DSEXTANT_BUILD_GUI=OFF -DSEXTANT_BUILD_TESTS=OFF -DSEXTANT_BUILD_BENCHMARKS=OFF >"$build/configure.log" 2>&1 ||
  { cat "$build/configure.log"; exit 1; }
cmake --build "$build" -j "$(nproc)" >"$build/build.log" 2>&1 || { tail -50 "$build/build.log"; exit 1; }
cli="$build/bin/sextant-cli"
# Debian's libtorch brings Qt 5 in through OpenCV, so torch plugins are checked for Qt 6 only.
if ldd "$cli" | grep -i 'libqt' || ldd "$build"/lib/sextant/plugins/*.so | grep 'libQt6'; then
  echo "the headless build links Qt (above)" >&2
  exit 1
fi
[ ! -e "$build/bin/sextant" ] || { echo "the headless build built the GUI" >&2; exit 1; }
work="$build/quickstart"
rm -rf "$work" && mkdir -p "$work"
cp "$source/experiments/quickstart.sextant" "$work/"
"$cli" validate "$work/quickstart.sextant"
"$cli" run "$work/quickstart.sextant" --jobs "$(nproc)" >/dev/null
runs=$("$cli" list "$work/quickstart.sextant" --format json)
done_runs=$(grep -c '"status": "done"' <<<"$runs" || true)
total=$(grep -c '"status":' <<<"$runs" || true)
[ "$total" -gt 0 ] && [ "$done_runs" = "$total" ] || { echo "quick-start: $done_runs of $total runs done" >&2; exit 1; }
echo "headless build: no Qt linked, quick-start ran $done_runs runs"
