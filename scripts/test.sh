#!/usr/bin/env bash
# The whole test suite: unit tests (*Test) and integration tests (*IT) against a real Docker
# engine, a real registry and a real HTTP release server, all on 127.0.0.1.
#   scripts/test.sh            # what CI runs
#   scripts/test.sh -Dit.test=UpgradeIT   # extra arguments go to Maven
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

scripts/test-env.sh
# shellcheck disable=SC1091
. .test-env/env
examples/spacetech/build.sh
./mvnw -B verify "$@"
