# Two commands do everything on a fresh machine: `make serve` and `make test`.
# Both create .venv on first use and reinstall only when pyproject.toml changes.
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: serve test install

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check torch==2.13.0
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

# Serves the bundled graph: /ask, /search, /sparql, /resource/NAME, /mcp, /health, /docs (HOST=... PORT=... to move it).
serve: $(STAMP)
	HF_HUB_OFFLINE=1 $(VENV)/bin/kubekg serve --host $(HOST) --port $(PORT)

test: $(STAMP)
	HF_HUB_OFFLINE=1 $(PY) -m pytest -q
