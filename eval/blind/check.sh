#!/bin/sh
# Validate the blind gold files with the shared checker; extra args (e.g. --summary) pass through.
cd "$(dirname "$0")/../.." && exec python eval/check_gold.py "$@" eval/blind/gold/*.yaml
