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

# Until the HTTP service lands, `make serve` loads the bundled graph and answers a SPARQL query.
serve: $(STAMP)
	$(VENV)/bin/kubekg stats
	$(VENV)/bin/kubekg sparql 'PREFIX k: <https://w3id.org/kubekg/ontology#> SELECT ?cli ?purpose WHERE { ?cli a k:CLI ; k:purpose ?purpose } ORDER BY ?cli'

test: $(STAMP)
	HF_HUB_OFFLINE=1 $(PY) -m pytest -q
