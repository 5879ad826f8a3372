#!/usr/bin/env bash
# The container image's steps in one script, called by the Dockerfile and run as is by CI
# (.ci/run, through scripts/prod-check.sh), since no Docker engine runs on our build machines.
#   scripts/image.sh build    in a full checkout: npm ci, then npm run build (dist/, dist-server/)
#   scripts/image.sh install  where package.json, package-lock.json, dist/, dist-server/ and
#                             scripts/ were copied: the production install (npm ci --omit=dev)
#   scripts/image.sh start    the compiled server with NODE_ENV=production, on the Node 22 of the
#                             `node` dependency (the system's Node may be older)
set -euo pipefail
cd "$(dirname "$0")/.."

case "${1:-}" in
  build)
    npm ci --no-audit --no-fund
    npm run build
    ;;
  install)
    for needed in package.json package-lock.json dist/index.html dist-server/start.js; do
      [ -e "$needed" ] || { echo "image.sh install: $needed is missing (run 'image.sh build' first)" >&2; exit 1; }
    done
    npm ci --omit=dev --no-audit --no-fund
    ;;
  start)
    export NODE_ENV=production
    exec node_modules/.bin/node scripts/start.mjs
    ;;
  *)
    echo "usage: scripts/image.sh build|install|start" >&2
    exit 2
    ;;
esac
