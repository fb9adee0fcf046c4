#!/usr/bin/env bash
# usage: out_of_tree_plugin.sh BUILD_DIR SOURCE_DIR WORK_DIR
set -euo pipefail
build=$1 source=$2 work=$3
rm -rf "$work"
mkdir -p "$work"
# Install only what a plugin author needs (the SDK component is everything but the GUI).
cmake --install "$build" --prefix "$work/prefix" >/dev/null
# The package pins the nlohmann_json it was built with (its types cross the plugin boundary).
grep -Eq 'find_dependency\(nlohmann_json [0-9]+\.[0-9]+\.[0-9]+ EXACT\)' "$work"/prefix/lib*/cmake/Sextant/SextantConfig.cmake
cmake -S "$source/docs/examples/hello-plugin" -B "$work/hello" -G Ninja -DCMAKE_PREFIX_PATH="$work/prefix" >/dev/null
cmake --build "$work/hello" >/dev/null
test -f "$work/hello/sextant-plugin-hello.so"
cat > "$work/hello.sextant" <<'JSON'
{"sextant_project": 1, "name": "hello",
 "experiments": [{"name": "h", "plugin": "hello", "target": {"kind": "local"},
                  "params": {"steps": 5}, "sweep": {"grid": [{"param": "rate", "values": [0.1, 1.0]}]}}]}
JSON
export SEXTANT_PLUGIN_PATH="$work/hello"
cli="$work/prefix/bin/sextant-cli"
# Capture first: `grep -q` would close the pipe early and pipefail would see SIGPIPE.
plugins=$("$cli" plugins --json)
grep -q '"id": "hello"' <<<"$plugins"
"$cli" run "$work/hello.sextant" --jobs 1
runs=$("$cli" list "$work/hello.sextant" --format json)
[ "$(grep -c '"status": "done"' <<<"$runs")" = 2 ]
echo "out-of-tree plugin built against the installed SDK and ran 2 runs"
