# syntax=docker/dockerfile:1
# Build: docker build -t docbot --build-arg DOCBOT_VERSION=$(git describe --tags --always --dirty) \
#          --build-arg DOCBOT_COMMIT=$(git rev-parse --short HEAD) .
#        (the context has no .git: without the args, docbot version says "dev (commit unknown)")
# Run:   docker run -e DISCORD_TOKEN=… -v docbot-data:/data docbot
#        (docker compose up: see compose.yaml)

FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG DOCBOT_VERSION=dev
ARG DOCBOT_COMMIT=unknown
# The same script CI runs: cgo on, -tags sqlite_fts5, -trimpath, version stamped.
RUN DOCBOT_VERSION=${DOCBOT_VERSION} DOCBOT_COMMIT=${DOCBOT_COMMIT} scripts/build.sh /out/docbot \
 && mkdir -p /out/data

# distroless/cc has glibc (for cgo SQLite) and CA certificates, runs as nonroot.
FROM gcr.io/distroless/cc-debian12:nonroot
COPY --from=build /out/docbot /docbot
# /data must belong to nonroot (uid 65532) for the volume to be writable.
COPY --from=build --chown=65532:65532 /out/data /data
# The default corpus is embedded in the binary; mount a folder and set
# DOCBOT_CORPUS=/corpus to serve your own.
ENV DOCBOT_DB=/data/docbot.db \
    DOCBOT_HTTP_ADDR=:9090 \
    DOCBOT_LOG_FORMAT=json
VOLUME /data
EXPOSE 9090
USER nonroot:nonroot
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 CMD ["/docbot", "health"]
ENTRYPOINT ["/docbot"]
CMD ["serve"]
