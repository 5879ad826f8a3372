#!/usr/bin/env bash
# CI: a production install of the built tree runs. In a temporary copy of what the image's run
# stage gets (package files, dist/, dist-server/, scripts/), `scripts/image.sh install` (npm ci
# --omit=dev), then `scripts/image.sh start` in real mode against a fake Procore started from this
# development tree. Passes when /readyz and /healthz answer 200, the app's page is served, /metrics
# answers with its token, and the install holds no development package (no fake Procore).
# Run after `npm run build` (or `scripts/image.sh build`).
set -euo pipefail
cd "$(dirname "$0")/.."

work=$(mktemp -d "${TMPDIR:-/tmp}/salus-prod-check.XXXXXX")
fake_pid=""
app_pid=""
cleanup() {
  [ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null && wait "$app_pid" 2>/dev/null || true
  [ -n "$fake_pid" ] && kill "$fake_pid" 2>/dev/null && wait "$fake_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

mkdir -p "$work/app/scripts"
cp package.json package-lock.json "$work/app/"
cp -r dist dist-server "$work/app/"
cp scripts/start.mjs scripts/image.sh "$work/app/scripts/"
"$work/app/scripts/image.sh" install

for dev in vite tsx msw esbuild react @procore/core-react vitest; do
  if [ -e "$work/app/node_modules/$dev" ]; then
    echo "prod-check: the production install holds the development package $dev" >&2
    exit 1
  fi
done

port=$(node -e "const s = require('node:net').createServer();
  s.listen(0, '127.0.0.1', () => { console.log(s.address().port); s.close(); });")
app_url="http://127.0.0.1:$port"
npm exec --no -- tsx scripts/fake-procore.ts "$app_url" >"$work/fake.out" 2>"$work/fake.err" &
fake_pid=$!
for _ in $(seq 1 100); do [ -s "$work/fake.out" ] && break; sleep 0.2; done
fake=$(head -n 1 "$work/fake.out")
[ -n "$fake" ] || { cat "$work/fake.err" >&2; echo "prod-check: the fake Procore did not start" >&2; exit 1; }
field() { node -e "console.log(JSON.parse(process.argv[1])[process.argv[2]])" "$fake" "$1"; }

metrics_token=prod-check-metrics-token-0123456789
(
  cd "$work/app"
  exec env -i PATH="$PATH" HOME="$HOME" \
    PROCORE_CLIENT_ID="$(field clientId)" PROCORE_CLIENT_SECRET="$(field clientSecret)" \
    PROCORE_LOGIN_URL="$(field url)" PROCORE_API_URL="$(field url)" \
    APP_BASE_URL="$app_url" HOST=127.0.0.1 PORT="$port" DATA_DIR="$work/data" \
    SESSION_SECRET=prod-check-session-secret-0123456789abcdef METRICS_TOKEN="$metrics_token" \
    scripts/image.sh start
) >"$work/app.log" 2>&1 &
app_pid=$!

status() { node -e "fetch(process.argv[1], { headers: process.argv[2] ? { Authorization: process.argv[2] } : {} })
  .then((r) => console.log(r.status), () => console.log(0))" "$@"; }
ready=0
for _ in $(seq 1 150); do
  if [ "$(status "$app_url/readyz")" = 200 ]; then ready=1; break; fi
  kill -0 "$app_pid" 2>/dev/null || break
  sleep 0.2
done
if [ "$ready" != 1 ]; then
  tail -n 30 "$work/app.log" >&2
  echo "prod-check: the production server never answered /readyz" >&2
  exit 1
fi
[ "$(status "$app_url/healthz")" = 200 ] || { echo "prod-check: /healthz did not answer 200" >&2; exit 1; }
[ "$(status "$app_url/metrics" "Bearer $metrics_token")" = 200 ] || { echo "prod-check: /metrics did not answer 200" >&2; exit 1; }
page=$(node -e "fetch(process.argv[1]).then((r) => r.text()).then(console.log)" "$app_url/?company_id=1")
echo "$page" | grep -q '<div id="root"></div>' || { echo "prod-check: / did not serve the app" >&2; exit 1; }
grep -m 1 -E '^SALUS Setup \([^,]+, commit [^)]+\) is running against Procore' "$work/app.log" || { tail -n 30 "$work/app.log" >&2; echo 'prod-check: no stamped build in the start line' >&2; exit 1; }
echo "prod-check: npm ci --omit=dev of the built tree runs in real mode and answers /readyz"
