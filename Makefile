# Two commands do everything on a fresh machine: `make serve` and `make test`.
# Both create .venv on first use and reinstall only when pyproject.toml changes.
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
HOST   ?= 127.0.0.1
PORT   ?= 8000

TOOLS  ?= .venv-tools
TOOLS_STAMP := $(TOOLS)/.installed

.PHONY: serve test install browser vendor screenshots

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check torch==2.13.0
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

# Serves the bundled graph: /ask, /search, /sparql, /resource/NAME, /mcp, /health, /docs (HOST=... PORT=... to move it).
serve: $(STAMP)
	HF_HUB_OFFLINE=1 $(VENV)/bin/kubekg serve --host $(HOST) --port $(PORT)

test: $(STAMP) $(TOOLS_STAMP) browser
	HF_HUB_OFFLINE=1 KUBEKG_DEPLOY_TOOLS=$(TOOLS)/bin $(PY) -m pytest -q

# checkov and kubernetes-validate, for the manifests in deploy/ (their own venv: checkov pins a lot).
$(TOOLS_STAMP): deploy/validate-requirements.txt
	test -x $(TOOLS)/bin/python || python3 -m venv $(TOOLS)
	$(TOOLS)/bin/python -m pip install --quiet --disable-pip-version-check -r deploy/validate-requirements.txt
	touch $@

# The browser tests drive Debian's chromium, with CJK fonts for Hangul. Installed here where apt-get can
# (as root); elsewhere those tests skip and say why. Checked on every run, installed once.
CHROMIUM ?= /usr/bin/chromium
CJK_FONTS := /usr/share/fonts/opentype/noto
browser:
	@if [ -x $(CHROMIUM) ] && [ -d $(CJK_FONTS) ]; then :; \
	elif command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
	  echo "installing chromium and fonts-noto-cjk for the browser tests"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    chromium fonts-noto-cjk >/dev/null) || echo "could not install chromium: the browser tests will skip"; \
	else echo "no chromium at $(CHROMIUM) and no apt-get as root: the browser tests will skip"; fi

# Rebuilds service/kubekg/web/static/vendor from frontend/package-lock.json (needs npm; the result is committed).
vendor: $(STAMP)
	$(PY) frontend/vendor.py

# Writes docs/screenshots/*.png (1280x800) and prints how soon an answer appears after Enter.
screenshots: $(STAMP) browser
	HF_HUB_OFFLINE=1 $(PY) frontend/screenshots.py --chromium $(CHROMIUM)
