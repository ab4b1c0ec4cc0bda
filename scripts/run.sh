#!/usr/bin/env bash
# Install (if needed) and start the web app on http://localhost:8000 – embedded mode, no LLM, no server.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1
# demo data, router, handbook index and the first questions' models: fitted once, then only loaded (seconds);
# oven plans, back-tests and the yearly replay (minutes) follow after the server start in its background worker
.venv/bin/synerki data generate --defer
exec .venv/bin/synerki serve --port "${PORT:-8000}"
