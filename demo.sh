#!/usr/bin/env bash
# The demo, from a fresh clone: set up, check and run the example notebook as a script, export
# it as a static site, and serve that site on 127.0.0.1 (open the printed URL; Ctrl+C stops).
#   ./demo.sh            the above
#   ./demo.sh --no-serve stop after exporting (what CI-like checks use)
set -euo pipefail
cd "$(dirname "$0")"
bash tools/setup.sh
export PATH="$PWD/.venv/bin:$PATH" VIRTUAL_ENV="$PWD/.venv"
echo "== cove check examples/intro.py"
cove check examples/intro.py
echo "== python examples/intro.py (the notebook as a script)"
python examples/intro.py
echo "== cove export examples/intro.py -o build/demo-site"
cove export examples/intro.py -o build/demo-site
if [ "${1:-}" != "--no-serve" ]; then
  echo "== cove serve build/demo-site   (or: cove edit examples/intro.py for the editor)"
  exec cove serve build/demo-site
fi
