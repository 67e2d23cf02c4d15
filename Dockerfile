# syntax=docker/dockerfile:1
#
# Herald, the Session Technology Foundation's announcement bot, as a container.
# See README.md ("Running with Docker"); `docker compose up` builds and runs it next to Redis.
#
# There is no build step: Node 24 runs the TypeScript source directly (type stripping), so the
# image is the production dependencies plus the source, nothing compiled.
#
# Why node:24-slim and not node:24-alpine: slim is Debian (glibc), the platform Node.js builds
# and tests as tier 1; Node on Alpine's musl is an "experimental" platform for Node.js, npm
# packages ship their prebuilt binaries for glibc first, and musl differs from glibc in places
# a network service feels (DNS resolution, thread stack sizes). For a bot whose whole job is
# talking to X, Mastodon, feeds and Redis, predictability beats the ~25 MB (compressed) that
# Alpine would save (Docker Hub: node:24 slim ~81 MB, alpine ~56 MB compressed, amd64).
#
# The base image is pinned by digest (both stages): a rebuild gets the exact bytes that were
# tested, not whatever `node:24-slim` points at that day. The digest is the multi-arch index of
# node:24-slim as public build logs resolved it (README.md, "Running with Docker" → "Security",
# says how it was chosen and how to move it: `docker buildx imagetools inspect node:24-slim`).
#
# test/container/image-runtime.test.ts reproduces this file's runtime without Docker (it reads
# this file, copies what it copies, runs its npm ci and starts its CMD), and
# test/container/compose.test.ts checks its promises (non-root, health check, signals, ...).
# Every RUN line must be one the image-runtime test knows how to reproduce or skip: keep them
# simple `&&` chains.

# ---- dependencies: production only ---------------------------------------------------------
FROM node:24-slim@sha256:0e0ff40c39bc087845bfb27465a0df4ea419520094bc35842ff83dd8cbe6f9b6 AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# --omit=dev        production dependencies only (no vitest, biome, dockerfile-ast, ...).
# --omit=optional   also drops two optional extras nothing needs at run time: the TypeScript 7
#                   compiler (~30 MB; npm keeps it otherwise, because it is both our
#                   devDependency and an optional peer of valibot, i.e. "devOptional") and
#                   msgpackr-extract, msgpackr's native accelerator (msgpackr falls back to its
#                   pure-JS path, plenty for Herald's handful of jobs). The image holds no native
#                   code of our own, the same on amd64 and arm64.
# --ignore-scripts  no install scripts run: the only ones in the tree are core-js's postinstall
#                   banner and msgpackr-extract's node-gyp fallback (omitted anyway, and it would
#                   need python3/make/g++, which slim does not have).
RUN npm ci --omit=dev --omit=optional --ignore-scripts --no-audit --no-fund

# ---- runtime -------------------------------------------------------------------------------
FROM node:24-slim@sha256:0e0ff40c39bc087845bfb27465a0df4ea419520094bc35842ff83dd8cbe6f9b6 AS runtime

LABEL org.opencontainers.image.title="herald" \
      org.opencontainers.image.description="Announcement bot of the Session Technology Foundation: posts every new feed item to X and Mastodon, exactly once, with a scam-warning footer." \
      org.opencontainers.image.vendor="Session Technology Foundation" \
      org.opencontainers.image.url="https://session.foundation" \
      org.opencontainers.image.licenses="MIT" \
      org.opencontainers.image.base.name="docker.io/library/node:24-slim" \
      org.opencontainers.image.base.digest="sha256:0e0ff40c39bc087845bfb27465a0df4ea419520094bc35842ff83dd8cbe6f9b6"

# tini as PID 1 (ENTRYPOINT below), from Debian's packages. Chosen over compose's `init: true`
# because it travels with the image: `docker run`, Kubernetes and compose all get it. PID 1
# gets no default signal handling from the kernel, so without an init a SIGTERM that arrives
# before Herald has installed its handlers (during start-up) is silently ignored and the stop
# ends in SIGKILL after the grace period; tini forwards every signal to Node and reaps zombies.
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini \
 && rm -rf /var/lib/apt/lists/*

ENV NODE_ENV=production
# Memory (issue 17; bench/startup.ts measures the idle RSS with and without these):
# --max-semi-space-size=1   V8's young generation at 1 MB per semi-space instead of up to 16:
#                           an idle service otherwise keeps some 16 MB more resident for it; a
#                           post at a time needs no larger nursery (more, cheaper scavenges).
# --max-old-space-size=128  caps the old generation, so a large backlog does not grow the heap
#                           (BENCHMARKS.md, throughput: 347 MB after 20000 jobs without it).
# MALLOC_ARENA_MAX=2        fewer glibc malloc arenas for Node's threads: some 2 MB less.
# NODE_COMPILE_CACHE        bin/herald.js enables Node's compile cache; under /tmp because the
#                           container's root may be read-only. Once a start has filled it (it
#                           lasts as long as the container's /tmp), later starts skip Node's type
#                           stripper, some 17 MB less.
ENV NODE_OPTIONS="--max-semi-space-size=1 --max-old-space-size=128" \
    MALLOC_ARENA_MAX=2 \
    NODE_COMPILE_CACHE=/tmp/herald-compile-cache
WORKDIR /app

# Owned by root and read-only for the user that runs Herald: the service cannot modify its own code.
COPY --from=deps /app/node_modules ./node_modules
COPY package.json package-lock.json ./
COPY config/ ./config/
COPY jobs/ ./jobs/
COPY src/ ./src/
COPY bin/ ./bin/

# `herald <command>` on PATH (e.g. `docker compose exec herald herald status`): bin/herald.js (the
# launcher that checks the Node version, then runs bin/herald.ts) is executable and starts with
# `#!/usr/bin/env node`.
RUN ln -s /app/bin/herald.js /usr/local/bin/herald

# The base image's unprivileged `node` user, numerically so Kubernetes' runAsNonRoot can verify it.
USER 1000:1000

EXPOSE 8080
STOPSIGNAL SIGTERM
# Liveness from inside the container without curl (slim has none): Node's own fetch.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node","-e","fetch('http://127.0.0.1:'+(process.env.HTTP_PORT||8080)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]

ENTRYPOINT ["/usr/bin/tini", "--"]
# --liftoff-only: WebAssembly stays in V8's baseline compiler. The one WebAssembly a running
# Herald executes is the HTTP parser of Node's fetch (undici's llhttp), which V8 otherwise
# recompiles with TurboFan after a few requests and keeps, some 12 MB resident; Herald makes a
# few requests a minute. A command-line flag because NODE_OPTIONS does not accept it.
CMD ["node", "--liftoff-only", "bin/herald.js", "start"]
