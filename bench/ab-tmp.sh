#!/bin/sh
# usage: ab-tmp.sh rounds "ENV1" "ENV2" ...  → runs ep-tmp.mjs 2 under each env in turn
rounds=$1; shift
for r in $(seq $rounds); do for e in "$@"; do printf '%s: ' "$e"; env $e node ep-tmp.mjs ${THREADS:-2}; done; done
