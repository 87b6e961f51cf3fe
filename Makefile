# security-tooling: set-up, build, demo, tests and benchmarks.
# `make demo` and `make test` install what they need (Debian -dev packages, a Python venv).

SWIFT        ?= swift
PREFIX       ?= /usr/local
DEB_PACKAGES := zlib1g-dev libsqlite3-dev libyaml-dev libpq-dev libcurl4-openssl-dev libssl-dev
VENV         := .venv
PY_PACKAGES  := botocore cvss orjson awscli 'moto[server]'
TOOLS        := normalize remediate
RELEASE_BIN  := .build/release
export PATH  := $(CURDIR)/$(VENV)/bin:$(PATH)

.PHONY: all setup venv build demo test bench install clean help

all: build

help:
	@echo "make setup    install missing Debian -dev packages and the test venv (idempotent)"
	@echo "make build    release build of every tool into $(RELEASE_BIN)"
	@echo "make demo     build, then run the suite on Samples/ into demo/"
	@echo "make test     build and run every test (XCTest)"
	@echo "make bench    benchmarks with ratios against jq, Python and zcat, measured in the same run"
	@echo "make install  PREFIX=/opt/security-tooling  copy the tools to PREFIX/bin (never /usr)"

setup:
	@missing=""; for p in $(DEB_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi
	@$(MAKE) --no-print-directory venv

venv: $(VENV)/.ready

$(VENV)/.ready:
	python3 -m venv --system-site-packages $(VENV)
	$(VENV)/bin/python3 -c "import botocore, cvss, orjson, awscli, moto" 2>/dev/null || $(VENV)/bin/pip install -q $(PY_PACKAGES)
	touch $@

build: setup
	$(SWIFT) build -c release $(foreach t,$(TOOLS),--product $(t))

demo: build
	@bash Pipelines/demo.sh $(RELEASE_BIN)

test: setup
	$(SWIFT) build --build-tests
	$(SWIFT) test --disable-swift-testing

bench: build
	$(SWIFT) build -c release --product json-core-bench
	@bash bench/run.sh $(RELEASE_BIN)

install: build
	@case "$(PREFIX)" in /usr|/usr/|/) echo "refusing PREFIX=$(PREFIX): 'route' is also a system command; use e.g. /usr/local or /opt/security-tooling" >&2; exit 2;; esac
	install -d $(PREFIX)/bin
	install -m 0755 $(foreach t,$(TOOLS),$(RELEASE_BIN)/$(t)) $(PREFIX)/bin/

clean:
	rm -rf .build $(VENV) demo bench/out
