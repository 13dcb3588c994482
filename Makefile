# Two commands do everything on a fresh machine: `make serve` and `make test`.
# Both create .venv on first use and reinstall only when pyproject.toml changes.
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
HOST   ?= 127.0.0.1
PORT   ?= 8000

TOOLS  ?= .venv-tools
TOOLS_STAMP := $(TOOLS)/.installed

.PHONY: serve test install system-deps vendor screenshots

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check torch==2.13.0
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

# Serves the bundled graph: /ask, /search, /sparql, /resource/NAME, /mcp, /health, /docs (HOST=... PORT=... to move it).
serve: $(STAMP)
	HF_HUB_OFFLINE=1 $(VENV)/bin/kubekg serve --host $(HOST) --port $(PORT)

test: $(STAMP) $(TOOLS_STAMP) system-deps
	HF_HUB_OFFLINE=1 KUBEKG_DEPLOY_TOOLS=$(TOOLS)/bin $(PY) -m pytest -q

# checkov and kubernetes-validate, for the manifests in deploy/ (their own venv: checkov pins a lot).
$(TOOLS_STAMP): deploy/validate-requirements.txt
	test -x $(TOOLS)/bin/python || python3 -m venv $(TOOLS)
	$(TOOLS)/bin/python -m pip install --quiet --disable-pip-version-check -r deploy/validate-requirements.txt
	touch $@

# Debian packages some tests drive: chromium and CJK fonts for Hangul (the browser tests), nginx (the
# reverse-proxy test), Virtuoso's server (store mode over a second SPARQL store). Installed here where
# apt-get can (as root); elsewhere those tests skip and say why.
# Checked on every run, installed once.
CHROMIUM ?= /usr/bin/chromium
CJK_FONTS := /usr/share/fonts/opentype/noto
system-deps:
	@missing=""; \
	[ -x $(CHROMIUM) ] || missing="$$missing chromium"; \
	[ -d $(CJK_FONTS) ] || missing="$$missing fonts-noto-cjk"; \
	[ -x /usr/sbin/nginx ] || command -v nginx >/dev/null 2>&1 || missing="$$missing nginx"; \
	command -v virtuoso-t >/dev/null 2>&1 || missing="$$missing virtuoso-opensource-7-bin"; \
	if [ -z "$$missing" ]; then :; \
	elif command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
	  echo "installing$$missing for the browser, proxy and store tests"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null) \
	    || echo "could not install$$missing: the tests that need them will skip"; \
	else echo "missing$$missing and no apt-get as root: the tests that need them will skip"; fi

# Rebuilds service/kubekg/web/static/vendor from frontend/package-lock.json (needs npm; the result is committed).
vendor: $(STAMP)
	$(PY) frontend/vendor.py

# Writes docs/screenshots/*.png (1280x800) and prints how soon an answer appears after Enter.
screenshots: $(STAMP) system-deps
	HF_HUB_OFFLINE=1 $(PY) frontend/screenshots.py --chromium $(CHROMIUM)
