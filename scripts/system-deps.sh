#!/usr/bin/env bash
# System packages the test suite uses: Chromium for the browser tests, poppler-utils to
# read PDFs back, DejaVu fonts for the browser (the PDF reports ship their own fonts in
# reports/fonts/), nginx for the deployment recipe in deploy/ (tests/e2e/test_deploy.py and
# benchmarks/bench_scale.py run their own nginx on loopback ports; the package's own
# service is not needed). Installed with apt-get when this runs as root and one is missing;
# otherwise the tests that need it skip and say why.
# It also installs axe-core for the browser tests' accessibility checks (npm, pinned by
# tests/e2e/package-lock.json) and starts the local PostgreSQL cluster if it is stopped.
set -uo pipefail

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)
command -v npm >/dev/null 2>&1 || missing+=(npm)
{ command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ]; } || missing+=(nginx)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing system packages: ${missing[*]}"
    apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null 2>&1 \
      || { apt-get update -q >/dev/null 2>&1 && apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null 2>&1; } \
      || echo "warning: could not install ${missing[*]}; tests that need them will skip"
  else
    echo "note: not root, not installing ${missing[*]}; tests that need them will skip"
  fi
fi

e2e_dir="$(dirname "$0")/../tests/e2e"
if [ ! -f "$e2e_dir/node_modules/axe-core/axe.min.js" ]; then
  if command -v npm >/dev/null 2>&1; then
    npm ci --prefix "$e2e_dir" --no-audit --no-fund --loglevel=error >/dev/null 2>&1 \
      || echo "warning: npm ci --prefix tests/e2e failed; the accessibility tests will skip"
  else
    echo "note: npm is missing; the accessibility tests will skip"
  fi
fi

if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ] && ! pg_isready -q -h 127.0.0.1 2>/dev/null; then
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start >/dev/null 2>&1 \
    || echo "note: PostgreSQL is not running; PostgreSQL tests will skip"
fi
exit 0
