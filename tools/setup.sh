#!/usr/bin/env bash
# Installs what Cove needs from a fresh clone (Chromium for browser tests, node_modules, the
# Python package with its test extra) and builds py/cove/_static. Idempotent: a second run
# skips the installs whose inputs did not change. Used by .ci/run and ./demo.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
started=${started:-$SECONDS}
step() { echo "== $* [$((SECONDS - started))s]"; }

if [ ! -x /usr/bin/chromium ]; then
  step "apt-get install chromium"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi

# A stamp of the inputs of each install lets a repeated run skip it (npm ci alone takes seconds).
stamp() { cat "$@" | sha256sum | cut -d' ' -f1; }
npm_stamp=$(stamp package.json package-lock.json)
if [ "$(cat node_modules/.cove-stamp 2>/dev/null)" != "$npm_stamp" ]; then
  step "npm ci"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$npm_stamp" > node_modules/.cove-stamp
fi

pip_stamp=$(stamp pyproject.toml)-$(command -v python)
# The import check also catches a `cove` installed from another checkout of the repo.
if [ "$(cat build/.cove-pip-stamp 2>/dev/null)" != "$pip_stamp" ] ||
   ! python -c "import cove, playwright, sys; sys.exit(not cove.__file__.startswith('$PWD/py/'))" 2>/dev/null; then
  step "pip install -e .[test]"
  python -m pip install -q --disable-pip-version-check -e '.[test]'
  mkdir -p build && echo "$pip_stamp" > build/.cove-pip-stamp
fi

step "python build.py"
python build.py

