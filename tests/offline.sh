#!/usr/bin/env bash
# Run a command with no network but loopback, to prove a test needs nothing from outside:
#   tests/offline.sh python -m pytest -q tests/browser tests/node
# A new network namespace (unshare -n, needs root or user namespaces) has only a down `lo`.
set -euo pipefail
if [ "$#" -eq 0 ]; then echo "usage: tests/offline.sh COMMAND [ARGS...]" >&2; exit 2; fi
if [ "$(id -u)" -eq 0 ]; then
  exec unshare --net -- sh -c 'ip link set lo up && exec "$@"' sh "$@"
fi
# Not root: a user namespace maps us to root inside, which may create the network namespace.
exec unshare --user --map-root-user --net -- sh -c 'ip link set lo up && exec "$@"' sh "$@"
