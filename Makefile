# reprint: two commands on a fresh machine with Node, npm and make.
#   make build  install, compile, run the pipeline on input/ into output/
#   make test   install, compile, run the whole test suite
# compile = tsc, then the one-file bundle, its code cache and the packed word list (scripts/fast-start.mjs)
.PHONY: build test compile install deps browser clean eval bench

STAMP := node_modules/.reprint-installed

build: compile
	node dist/cli.js build input --out output

test: deps browser compile
	npx --no-install vitest run

# The page tests (tests/pages-browser.test.ts) run Debian's chromium through
# playwright-core; nothing downloads a browser. Installed here when missing
# and we are root; otherwise those tests fail and say how to get one.
browser:
	@if [ -z "$$REPRINT_CHROMIUM" ] && ! command -v chromium >/dev/null 2>&1 && ! command -v chromium-browser >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo 'make: installing chromium for the browser tests'; \
	    export DEBIAN_FRONTEND=noninteractive; \
	    apt-get install -y --no-install-recommends chromium || (apt-get update && apt-get install -y --no-install-recommends chromium) \
	      || echo 'make: could not install chromium: the browser tests will fail' >&2; \
	  else echo 'make: no chromium and not root: the browser tests will fail (apt-get install -y chromium, or set REPRINT_CHROMIUM)' >&2; fi; \
	fi

# Tools the tests use to check PDFs: qpdf (--check) and poppler-utils (pdfinfo).
# Installed with apt when missing (as root); otherwise those checks are skipped, with this warning.
deps:
	@command -v qpdf >/dev/null && command -v pdfinfo >/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && apt-get install -y -qq --no-install-recommends qpdf poppler-utils; \
	  else echo "make deps: qpdf or pdfinfo (poppler-utils) missing and not root: the PDF checks that need them are skipped" >&2; fi; }

compile: install
	npx --no-install tsc -p tsconfig.json
	node scripts/fast-start.mjs
	chmod +x dist/cli.js

install: $(STAMP)

$(STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $(STAMP)

eval: compile
	node scripts/eval.mjs

bench: compile
	node bench/run.mjs

clean:
	rm -rf dist output
