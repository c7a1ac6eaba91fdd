# Winnow — two commands do all the set-up on a fresh Debian/Ubuntu machine with Swift:
#   make run    install what is missing, build in release mode, clean the corpus pages (corpus/*.labels) into out/
#   make test   install what is missing, run every test (unit, rule examples, end-to-end, floors)
SHELL := /bin/bash
SWIFT ?= swift
BIN_DIR = $(shell $(SWIFT) build -c release --show-bin-path 2>/dev/null)
WINNOW = .build/release/winnow
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: deps build embed-fresh run test rules-test accuracy clean

## Install the system packages Winnow needs (PCRE2 headers and library, pkg-config), only when missing.
deps:
	@if ! pkg-config --exists libpcre2-8 2>/dev/null; then \
		echo "installing libpcre2-dev and pkg-config"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq libpcre2-dev pkg-config >/dev/null; \
	fi

build: deps embed-fresh
	$(SWIFT) build -c release --product winnow

## SwiftPM plans build-tool plugins once: a rule file added or edited since then would not be
## embedded again. Touching the manifest makes it plan anew when rules/ changed after the last embedding.
embed-fresh:
	@stamp=$$(ls -t .build/plugins/outputs/*/Winnow/destination/EmbedResources/EmbeddedResources.swift 2>/dev/null | head -1); \
	if [ -n "$$stamp" ] && [ -n "$$(find rules -newer "$$stamp" -type f 2>/dev/null | head -1)" ]; then touch Package.swift; fi

run: build
	@rm -rf out
	$(WINNOW) clean corpus/*.labels --out out/ --summary
	@echo "cleaned articles are in out/"

## Every test: XCTest suites (unit, rule examples, corpus floors, end-to-end through the binary).
test: deps embed-fresh
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --disable-swift-testing 2>&1 | tee .build/test.log; exit $${PIPESTATUS[0]}

rules-test: build
	$(WINNOW) rules test --profile pii --profile corpus-quality

## Corpus figures per label, moderation figures (verdicts, redactions per kind), and the dev-set snippet score when ../shared/devset exists.
accuracy: build
	$(WINNOW) eval corpus/
	$(WINNOW) eval --moderation corpus/moderation
	@if [ -d ../shared/devset/pages ]; then \
		rm -rf .build/devset-out && mkdir -p .build/devset-out && \
		$(WINNOW) clean ../shared/devset/pages/*.txt --out .build/devset-out/ && \
		python3 ../shared/devset/score.py .build/devset-out; \
	else echo "(../shared/devset not found: dev-set figures skipped)"; fi

## Throughput: Winnow (one job and all cores) against the naive pcre2grep pass, the line-splitting
## floor and a C4-style Python filter, on 50 MB and 200 MB of pages generated from the corpus
## (several runs; BENCH_PEERS=1 adds trafilatura and jusText on the dev set's HTML). See Tests/Benchmarks/bench.py.
.PHONY: bench bench-quick
bench: deps
	bash Tests/Benchmarks/bench.sh

## The same on 10 MB and 40 MB, one run each: a quick look, not figures to quote.
bench-quick: deps
	BENCH_SIZES="10 40" BENCH_RUNS=1 bash Tests/Benchmarks/bench.sh

clean:
	rm -rf .build out
