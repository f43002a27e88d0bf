#!/usr/bin/env bash
# Builds the docbot binary exactly as the Docker image does (the Dockerfile
# runs this script), so CI, which has no Docker engine, builds it the same way.
#   scripts/build.sh [OUTPUT]     (default ./docbot)
# DOCBOT_VERSION and DOCBOT_COMMIT stamp the version (docbot version);
# without them they come from git, else "dev" and "unknown".
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-docbot}
version=${DOCBOT_VERSION:-$(git describe --tags --always --dirty 2>/dev/null || echo dev)}
commit=${DOCBOT_COMMIT:-$(git rev-parse --short HEAD 2>/dev/null || echo unknown)}

# go-sqlite3 is cgo: without a C compiler Go would turn cgo off and stop at
# "undefined: sqlite3.Error", which names neither cgo nor the compiler.
cc=$(CGO_ENABLED=1 go env CC)
if ! command -v "${cc%% *}" >/dev/null 2>&1; then
	cat >&2 <<MSG
docbot needs cgo, and cgo needs a C compiler: "${cc%% *}" was not found.
Install one, then run this again:
  Debian, Ubuntu:  sudo apt-get install gcc libc6-dev
  Fedora, RHEL:    sudo dnf install gcc
  Alpine:          apk add build-base
  macOS:           xcode-select --install
  Windows:         install MSYS2, run pacman -S mingw-w64-ucrt-x86_64-gcc, put its bin folder on PATH
(or set CC to the compiler you have)
MSG
	exit 1
fi

# FTS5 needs the sqlite_fts5 build tag.
CGO_ENABLED=1 go build -tags sqlite_fts5 -trimpath \
	-ldflags "-s -w -X main.version=${version} -X main.commit=${commit}" \
	-o "$out" ./cmd/docbot
echo "built $out ($version, $commit)"
