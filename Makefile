# reprint: two commands on a fresh machine with Node, npm and make.
#   make build  install, compile, run the pipeline on input/ into output/
#   make test   install, compile, run the whole test suite
# compile = tsc, then the one-file bundle, its code cache and the packed word list (scripts/fast-start.mjs)
.PHONY: build test compile install deps clean eval bench

STAMP := node_modules/.reprint-installed

build: compile
	node dist/cli.js build input --out output

test: deps compile
	npx --no-install vitest run

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
