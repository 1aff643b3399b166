#!/usr/bin/env bash
# NESTED_SETUP hook of check.sh step 5 (tests/nested/run.sh calls it as
# nested-setup.sh ROOT BUILD): copies the KVM selftests that
# nested-scenarios runs from $KSELFTESTS (the built x86_64 directory) to
# ROOT/payload/selftests.
set -euo pipefail
root=$1
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$root/payload/selftests"
for t in $(sed -n 's#.*| /payload/selftests/\([A-Za-z0-9_]*\).*#\1#p' "$here/nested-scenarios"); do
	cp "$KSELFTESTS/$t" "$root/payload/selftests/$t"
done
