#!/bin/sh
# Validate the held-out gold with the shared checker (which accepts file paths).
# Usage: sh eval/heldout/check.sh [--summary] [--verbose]
here=$(cd "$(dirname "$0")" && pwd)
exec python3 "$here/../check_gold.py" "$@" "$here"/gold/*.yaml
