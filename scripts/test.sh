#!/usr/bin/env bash
# The whole test suite: unit tests (*Test) and integration tests (*IT) against a real Docker
# engine, a real registry and a real HTTP release server, all on 127.0.0.1.
#   scripts/test.sh            # what CI runs
#   scripts/test.sh -Dit.test=UpgradeIT   # extra arguments go to Maven
# After the Maven run, a smoke run of the benchmark (bench/bench.sh --smoke: N=2, one repetition,
# about a minute) checks that it still works; SHIPSHAPE_SKIP_BENCH_SMOKE=1 skips it.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

scripts/test-env.sh
# shellcheck disable=SC1091
. .test-env/env
examples/spacetech/build.sh
./mvnw -B verify "$@"
if [ "${SHIPSHAPE_SKIP_BENCH_SMOKE:-0}" != 1 ]; then
  bench/bench.sh --smoke
fi
