# The README's commands. Each script installs whatever it needs first.
.PHONY: run test bench reliability dev visual-update lint fmt

run:    ## build client and server, run on SQLite with demo data
	./scripts/run.sh

test:   ## every test: unit, server functions over HTTP, browser
	./scripts/test.sh

bench:  ## print bundle sizes and response times
	./scripts/bench.sh

reliability:  ## print the crash (kill -9) and fuzz figures
	./scripts/reliability.sh

dev:    ## designer's loop: server on :3000, trunk serve with reload on :8080
	./scripts/dev.sh

visual-update:  ## write the gallery's reference screenshots anew (after a change that is meant)
	./scripts/visual-update.sh

lint:
	cargo fmt --check
	cargo clippy --features ssr --all-targets -- -D warnings

fmt:
	cargo fmt
