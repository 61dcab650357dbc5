#!/usr/bin/env bash
# Render despin's HTML report of the seed in headless Chromium and save a screenshot,
# to look at (needs Debian's chromium: apt-get install chromium).
#   scripts/check_html.sh [OUT.png]
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-/tmp/despin-report.png}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
despin restore seeds/000_b6238a691932a9a6.txt -o "$tmp/out" --html "$tmp/report.html" -q
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$tmp/profile" --window-size=1400,1000 \
  --screenshot="$out" "file://$tmp/report.html" 2>/dev/null
echo "screenshot: $out"
