#!/usr/bin/env bash
# Rebuilds every *.wasm here from its *.wat with wat2wasm from wabt.js (WABT compiled to
# WebAssembly, run by Node, so no native tool is needed), then records the SHA-256 of each
# source in SOURCES.sha256; WatModulesTest fails when a .wat changed without a rebuild.
set -euo pipefail
cd "$(dirname "$0")"
WABT_VERSION=1.0.39
for source in *.wat; do
    npx --yes -p "wabt@${WABT_VERSION}" wat2wasm "$source" -o "${source%.wat}.wasm"
done
sha256sum *.wat > SOURCES.sha256
