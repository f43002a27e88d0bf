#!/usr/bin/env bash
# Builds the docbot binary exactly as the Docker image does (the Dockerfile
# runs this script), so CI, which has no Docker engine, builds it the same way.
#   scripts/build.sh [OUTPUT]     (default ./docbot)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-docbot}
version=${DOCBOT_VERSION:-$(git describe --tags --always --dirty 2>/dev/null || echo dev)}
commit=${DOCBOT_COMMIT:-$(git rev-parse --short HEAD 2>/dev/null || echo unknown)}
# go-sqlite3 is cgo; FTS5 needs the sqlite_fts5 build tag.
CGO_ENABLED=1 go build -tags sqlite_fts5 -trimpath \
	-ldflags "-s -w -X main.version=${version} -X main.commit=${commit}" \
	-o "$out" ./cmd/docbot
echo "built $out ($version, $commit)"
