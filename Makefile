# security-tooling: set-up, build, demo, tests and benchmarks.
# `make demo` and `make test` install what they need (Debian -dev packages, a Python venv).

SWIFT        ?= swift
PREFIX       ?= /usr/local
DEB_PACKAGES := zlib1g-dev libdeflate-dev libsqlite3-dev libyaml-dev libpq-dev libcurl4-openssl-dev libssl-dev chromium parallel
VENV         := .venv
PY_PACKAGES  := botocore cvss orjson "moto[server]" awscli
TOOLS        := normalize dedupe enrich route remediate sink
RELEASE_BIN  := .build/release
export PATH  := $(CURDIR)/$(VENV)/bin:$(PATH)

.PHONY: all setup venv build demo test test-scale bench install clean help report-screenshot

all: build

help:
	@echo "make setup    install missing Debian -dev packages and the test venv (idempotent)"
	@echo "make build    release build of every tool into $(RELEASE_BIN)"
	@echo "make demo     build, then run the suite on Samples/ into demo/"
	@echo "make test     build and run every test (XCTest)"
	@echo "make test-scale  the scale-out recipes (PySpark local[2], GNU parallel) against the single-machine pipeline"
	@echo "make bench    benchmarks with ratios against jq, Python and zcat, measured in the same run"
	@echo "make install  PREFIX=/opt/security-tooling  copy the tools to PREFIX/bin (never /usr)"
	@echo "make report-screenshot  render demo/report.html in headless Chromium to demo/report.png"

setup:
	@missing=""; for p in $(DEB_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi
	@$(MAKE) --no-print-directory venv

venv: $(VENV)/.ready

$(VENV)/.ready: Makefile
	python3 -m venv --system-site-packages $(VENV)
	( $(VENV)/bin/python3 -c "import botocore, cvss, orjson, moto.server, awscli" 2>/dev/null \
	  && command -v moto_server aws >/dev/null ) || $(VENV)/bin/pip install -q $(PY_PACKAGES)
	touch $@

build: setup
	$(SWIFT) build -c release

demo: build
	@bash Pipelines/demo.sh $(RELEASE_BIN)

test: setup
	$(SWIFT) build --build-tests
	$(SWIFT) test --disable-swift-testing

test-scale: setup
	$(VENV)/bin/python3 -c "import pyspark" 2>/dev/null || $(VENV)/bin/pip install -q pyspark
	$(SWIFT) build
	bash scale-out/test-scale.sh .build/debug

bench: build
	$(SWIFT) build -c release --product json-core-bench
	@bash bench/run.sh $(RELEASE_BIN)

report-screenshot: demo
	chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1280,2400 \
	  --user-data-dir=$(CURDIR)/demo/.chromium --screenshot=$(CURDIR)/demo/report.png file://$(CURDIR)/demo/report.html
	@echo "wrote demo/report.png"

install: build
	@case "$(PREFIX)" in /usr|/usr/|/) echo "refusing PREFIX=$(PREFIX): 'route' is also a system command; use e.g. /usr/local or /opt/security-tooling" >&2; exit 2;; esac
	install -d $(PREFIX)/bin
	install -m 0755 $(foreach t,$(TOOLS),$(RELEASE_BIN)/$(t)) $(PREFIX)/bin/

clean:
	rm -rf .build $(VENV) demo bench/out
