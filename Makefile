# Winnow — two commands do all the set-up on a fresh Debian/Ubuntu machine with Swift:
#   make run    install what is missing, build in release mode, clean corpus/ into out/
#   make test   install what is missing, run every test (unit, rule examples, end-to-end, floors, rules test and lint)
SHELL := /bin/bash
SWIFT ?= swift
BIN_DIR = $(shell $(SWIFT) build -c release --show-bin-path 2>/dev/null)
WINNOW = .build/release/winnow
DEBUG_WINNOW = .build/debug/winnow
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: deps build run test rules-test accuracy devset-eval clean

## Install the system packages Winnow needs (PCRE2 headers and library, pkg-config), only when missing.
deps:
	@if ! pkg-config --exists libpcre2-8 2>/dev/null; then \
		echo "installing libpcre2-dev and pkg-config"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq libpcre2-dev pkg-config >/dev/null; \
	fi

build: deps
	$(SWIFT) build -c release --product winnow

run: build
	@rm -rf out
	$(WINNOW) clean corpus/ --out out/ --summary
	@echo "cleaned articles are in out/"

## Every test: XCTest suites (unit, rule examples, corpus floors, end-to-end through the binary),
## then the default pack's own tests through the built binary: `winnow rules test` and `winnow rules lint`.
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --disable-swift-testing 2>&1 | tee .build/test.log; exit $${PIPESTATUS[0]}
	$(DEBUG_WINNOW) rules test
	$(DEBUG_WINNOW) rules lint --errors-only

rules-test: build
	$(WINNOW) rules test
	$(WINNOW) rules lint

## Corpus figures per label, and the dev-set snippet score when ../shared/devset exists
## (score.py on the cleaned files, then winnow's own scorer per language: the same figures).
accuracy: build
	$(WINNOW) eval corpus/
	@if [ -d ../shared/devset/pages ]; then \
		rm -rf .build/devset-out && mkdir -p .build/devset-out && \
		$(WINNOW) clean ../shared/devset/pages/*.txt --out .build/devset-out/ && \
		python3 ../shared/devset/score.py .build/devset-out && \
		$(WINNOW) eval --expectations ../shared/devset/expectations.jsonl --by-language; \
	else echo "(../shared/devset not found: dev-set figures skipped)"; fi

clean:
	rm -rf .build out
