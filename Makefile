# Winnow — two commands do all the set-up on a fresh Debian/Ubuntu machine with Swift:
#   make run    install what is missing, build in release mode, clean the corpus pages (corpus/*.labels) into out/
#   make test   install what is missing, run every test (unit, rule examples, end-to-end, floors, rules test and lint)
SHELL := /bin/bash
SWIFT ?= swift
BIN_DIR = $(shell $(SWIFT) build -c release --show-bin-path 2>/dev/null)
WINNOW = .build/release/winnow
DEBUG_WINNOW = .build/debug/winnow
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: deps build embed-fresh run test rules-test gates accuracy bench-memory dist test-spark clean

## Install the system packages Winnow needs (PCRE2 and zlib headers and libraries, pkg-config), only when missing.
deps:
	@if ! pkg-config --exists libpcre2-8 zlib 2>/dev/null; then \
		echo "installing libpcre2-dev, zlib1g-dev and pkg-config"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq libpcre2-dev zlib1g-dev pkg-config >/dev/null; \
	fi

## The release build links the Swift runtime and Foundation into the binary (--static-swift-stdlib):
## a process starts in about 4 ms instead of 11 (no shared Swift libraries to load and bind), which
## every run pays, once per process. Every release build of the project uses these same flags
## (Tests/Benchmarks/*.sh build through this target): SwiftPM rebuilds everything when they change.
RELEASE_FLAGS = -c release --product winnow --static-swift-stdlib
build: deps embed-fresh
	$(SWIFT) build $(RELEASE_FLAGS)

## SwiftPM plans build-tool plugins once: a rule file added or edited since then would not be
## embedded again. Touching the manifest makes it plan anew when rules/ changed after the last embedding.
SCRATCH ?= .build
embed-fresh:
	@stamp=$$(ls -t $(SCRATCH)/plugins/outputs/*/Winnow/destination/EmbedResources/EmbeddedResources.swift 2>/dev/null | head -1); \
	if [ -n "$$stamp" ] && [ -n "$$(find rules -newer "$$stamp" -type f 2>/dev/null | head -1)" ]; then touch Package.swift; fi

run: build
	@rm -rf out
	$(WINNOW) clean corpus/*.labels --out out/ --summary
	@echo "cleaned articles are in out/"

## Every test: XCTest suites (unit, rule examples, corpus floors, end-to-end through the binary),
## then the default pack's own tests through the built binary: `winnow rules test` and `winnow rules lint`.
test: deps embed-fresh
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --disable-swift-testing 2>&1 | tee .build/test.log; exit $${PIPESTATUS[0]}
	$(DEBUG_WINNOW) rules test --profile pii --profile corpus-quality
	$(DEBUG_WINNOW) rules lint --errors-only

rules-test: build
	$(WINNOW) rules test --profile pii --profile corpus-quality
	$(WINNOW) rules lint

## After a deliberate change to the default rules (or to how the prefilter reads patterns): write down
## again how each default pattern is gated, which RulesCommandTests compares with the literal analysis.
gates: build
	$(WINNOW) rules patterns --literals > Tests/Snapshots/default-pattern-gates.txt
	@git --no-pager diff --stat -- Tests/Snapshots/default-pattern-gates.txt

## Corpus figures per label, moderation figures (verdicts, redactions per kind), and the dev-set snippet score when
## ../shared/devset exists (score.py on the cleaned files, then winnow's own scorer per language: the same figures).
accuracy: build
	$(WINNOW) eval corpus/
	$(WINNOW) eval --moderation corpus/moderation
	@if [ -d ../shared/devset/pages ]; then \
		rm -rf .build/devset-out && mkdir -p .build/devset-out && \
		$(WINNOW) clean ../shared/devset/pages/*.txt --out .build/devset-out/ && \
		python3 ../shared/devset/score.py .build/devset-out && \
		$(WINNOW) eval --expectations ../shared/devset/expectations.jsonl --by-language; \
	else echo "(../shared/devset not found: dev-set figures skipped)"; fi

## Peak memory of cleaning a generated 1 GiB JSONL file (release build, GNU time); see Tests/Benchmarks/memory.sh.
bench-memory: deps
	bash Tests/Benchmarks/memory.sh

## A relocatable binary, dist/winnow: release build with the Swift runtime and Foundation
## (--static-swift-stdlib), PCRE2, zlib and libstdc++ linked statically, so that it needs only the C
## library (libc, libm, libgcc_s). The linker is pointed at the static archives by pkg-config files
## of our own (.build-dist/pkgconfig) that name a folder holding only them. Built in .build-dist,
## apart from the normal build; Tests/Dist/check.sh then runs it from an empty folder with a bare environment.
DIST_SCRATCH = .build-dist
dist: deps
	@$(MAKE) --no-print-directory embed-fresh SCRATCH=$(DIST_SCRATCH)
	@set -e; rm -rf $(DIST_SCRATCH)/static-libs $(DIST_SCRATCH)/pkgconfig; \
	mkdir -p $(DIST_SCRATCH)/static-libs $(DIST_SCRATCH)/pkgconfig dist; \
	for spec in libpcre2-8:pcre2-8 zlib:z; do \
		pc=$${spec%%:*}; lib=$${spec##*:}; archive=$$(pkg-config --variable=libdir $$pc)/lib$$lib.a; \
		[ -f "$$archive" ] || { echo "make dist: no static $$archive (Debian's libpcre2-dev and zlib1g-dev ship them)"; exit 1; }; \
		ln -sf "$$archive" $(DIST_SCRATCH)/static-libs/; \
		printf 'Name: %s\nDescription: static %s for make dist\nVersion: %s\nLibs: -L%s -l%s\nCflags: %s\n' \
			$$pc $$pc "$$(pkg-config --modversion $$pc)" "$(CURDIR)/$(DIST_SCRATCH)/static-libs" $$lib "$$(pkg-config --cflags $$pc)" \
			> $(DIST_SCRATCH)/pkgconfig/$$pc.pc; \
	done; \
	cxx=$$(clang -print-file-name=libstdc++.a 2>/dev/null || true); \
	case "$$cxx" in /*) ln -sf "$$cxx" $(DIST_SCRATCH)/static-libs/ ;; *) echo "make dist: no libstdc++.a found; libstdc++ stays a shared library" ;; esac
	PKG_CONFIG_PATH=$(CURDIR)/$(DIST_SCRATCH)/pkgconfig $(SWIFT) build -c release --product winnow --static-swift-stdlib --scratch-path $(DIST_SCRATCH)
	strip -o dist/winnow $(DIST_SCRATCH)/release/winnow
	bash Tests/Dist/check.sh dist/winnow

## The Spark example end to end: PySpark in a virtual environment (.build/spark-venv, installed when
## missing; Java 17 from Debian when there is none), the job in local[2] over a few thousand generated
## documents, its output compared document for document with a single-machine `winnow clean`.
SPARK_VENV = .build/spark-venv
PYSPARK_VERSION = 3.5.8
test-spark: dist
	@if ! java -version >/dev/null 2>&1; then \
		echo "installing openjdk-17-jre-headless"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq openjdk-17-jre-headless >/dev/null; \
	fi
	@if ! $(SPARK_VENV)/bin/python -c 'import pyspark, sys; sys.exit(pyspark.__version__ != "$(PYSPARK_VERSION)")' 2>/dev/null; then \
		echo "installing pyspark $(PYSPARK_VERSION) into $(SPARK_VENV)"; \
		rm -rf $(SPARK_VENV); \
		python3 -m venv $(SPARK_VENV) 2>/dev/null || { \
			echo "installing python3-venv"; rm -rf $(SPARK_VENV); \
			$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq python3-venv >/dev/null && \
			python3 -m venv $(SPARK_VENV); }; \
		$(SPARK_VENV)/bin/pip install -q --disable-pip-version-check 'pyspark==$(PYSPARK_VERSION)'; \
	fi
	$(SPARK_VENV)/bin/python examples/spark/test_spark_job.py --winnow dist/winnow

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
	rm -rf .build $(DIST_SCRATCH) dist out
