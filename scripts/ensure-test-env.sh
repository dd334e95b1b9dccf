#!/usr/bin/env bash
# Everything the test suite needs beyond npm: a Python venv with the real Jupyter clients, moto,
# the AWS CLI, boto3 and pyspark; Java for pyspark; Chromium for the JupyterLab browser test.
# Idempotent: a stamp records what was installed.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-node-deps.sh

venv=.venv
reqs=scripts/test-requirements.txt
stamp=$venv/.glue-kernel-reqs.sha
want=$(sha256sum "$reqs" | cut -d' ' -f1)
if [ ! -x "$venv/bin/python" ]; then python3 -m venv "$venv"; fi
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  "$venv/bin/python" -m pip install --quiet --upgrade pip
  "$venv/bin/python" -m pip install --quiet -r "$reqs"
  echo "$want" > "$stamp"
fi

need_apt=()
command -v java >/dev/null 2>&1 || need_apt+=(default-jre-headless)
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
  else
    echo "warning: missing ${need_apt[*]}; install them (apt-get) for the full test set" >&2
  fi
fi
