# reprint: two commands on a fresh machine with Node, npm and make.
#   make build  install, compile, run the pipeline on input/ into output/
#   make test   install, compile, run the whole test suite
# compile = tsc, then the one-file bundle, its code cache and the packed word list (scripts/fast-start.mjs)
.PHONY: build test compile install clean eval bench

STAMP := node_modules/.reprint-installed

build: compile
	node dist/cli.js build input --out output

test: compile
	npx --no-install vitest run

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
