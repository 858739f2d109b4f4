#!/usr/bin/env bash
# Installs what Cove needs from a fresh clone into the repo's own virtual environment (.venv):
# Chromium for browser tests (Debian package), node_modules, the Python package with its test
# extra, then builds py/cove/_static. Nothing installed by hand outside .venv can make the suite
# pass or fail: the venv does not see the system's site-packages. Idempotent: a second run skips
# the installs whose inputs did not change. Used by .ci/run and ./demo.sh.
#   COVE_PYTHON=python3.12 bash tools/setup.sh   another interpreter for the venv (default python3)
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

venv=$PWD/.venv
if [ ! -x "$venv/bin/python" ]; then
  step "python -m venv .venv"
  "${COVE_PYTHON:-python3}" -m venv "$venv"
fi
py=$venv/bin/python
pip_stamp=$(stamp pyproject.toml setup.py)  # setup.py places cove-marimo.pth
# The import check also catches a `cove` installed from another checkout of the repo.
if [ "$(cat "$venv/.cove-pip-stamp" 2>/dev/null)" != "$pip_stamp" ] ||
   ! "$py" -c "import cove, playwright, sys; sys.exit(not cove.__file__.startswith('$PWD/py/'))" 2>/dev/null; then
  step "pip install -e .[test] (into .venv)"
  "$py" -m pip install -q --disable-pip-version-check -e '.[test]'
  echo "$pip_stamp" > "$venv/.cove-pip-stamp"
fi

step "python build.py"
"$py" build.py
