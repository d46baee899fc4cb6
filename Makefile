# The two commands of the README: `make run` and `make test`. Both work on a fresh machine: they create a
# local virtual environment (.venv), install everything into it, then run.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test install system lint docs clean

# System packages the project needs: Chromium (PDF output and the browser tests), poppler-utils
# (the tests read PDFs back with pdftotext), a Java runtime (the local Spark session of the measurement
# engine test), PostgreSQL (the tracking store's tests start a throwaway cluster), and nginx and wrk
# (bench/track_redirects.py: nginx's bare 302 as the ceiling, wrk as the load generator of both).
# Installed with apt when missing (as root, or with sudo).
SYSTEM_PACKAGES := chromium poppler-utils default-jre-headless postgresql nginx-light wrk
SUDO := $(shell [ "$$(id -u)" = "0" ] || echo sudo)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP) system

system:
	@missing=""; command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || missing="chromium"; \
	command -v pdftotext >/dev/null 2>&1 || missing="$$missing poppler-utils"; \
	command -v java >/dev/null 2>&1 || missing="$$missing default-jre-headless"; \
	command -v pg_ctl >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || missing="$$missing postgresql"; \
	command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing="$$missing nginx-light"; \
	command -v wrk >/dev/null 2>&1 || missing="$$missing wrk"; \
	if [ -n "$$missing" ]; then \
		echo "installing system packages:$$missing"; \
		$(SUDO) apt-get update -q && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q $(SYSTEM_PACKAGES); \
	fi

run: install
	$(BIN)/mizaan plan examples/perfume-store-riyadh.yaml
	$(BIN)/mizaan serve --example examples/perfume-store-riyadh.yaml

test: install
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy
	$(BIN)/pytest

docs: $(STAMP)
	$(BIN)/python -m mizaan.cli.reference docs/cli.md

lint: $(STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/mypy

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache
