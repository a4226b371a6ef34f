# The two commands of the README: `make run` and `make test`. Each sets itself up.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CATALOGUES := $(wildcard web/translations/*/LC_MESSAGES/messages.po)
COMPILED := $(CATALOGUES:.po=.mo)

VENDOR := web/static/vendor/socket.io.min.js

.PHONY: run test chromium lint typecheck messages clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

# The web application's translations, compiled from the .po files kept in the repository.
%.mo: %.po $(STAMP)
	$(BIN)/pybabel compile -i $< -o $@

# The browser's Socket.IO client, from the npm registry (package-lock.json), never from a CDN.
$(VENDOR): package.json package-lock.json
	npm ci --no-audit --no-fund
	mkdir -p $(dir $@)
	cp node_modules/socket.io-client/dist/socket.io.min.js $@

# Run the product on the embedded SQLite default, with the demo data, at http://127.0.0.1:5000.
# Plain HTTP on the loopback: the session cookie cannot be Secure there.
# Served by Flask-SocketIO (socketio.run) so that the live pages get their WebSocket.
run: $(STAMP) $(COMPILED) $(VENDOR)
	$(BIN)/dialogue demo
	FLASK_SESSION_COOKIE_SECURE=false $(BIN)/python -m web.serve --host 127.0.0.1 --port 5000

# The whole test suite (SQLite and PostgreSQL), lint and type checks.
test: $(STAMP) $(COMPILED) $(VENDOR) chromium lint typecheck
	$(BIN)/pytest

# Debian's Chromium for the browser tests (tests/browser), installed with apt-get when it is missing
# (as root, e.g. in CI); Playwright drives it, nothing is downloaded by `playwright install`.
chromium:
	@if [ ! -x /usr/bin/chromium ] && command -v apt-get >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update && apt-get install -y chromium; \
	  else echo "Chromium is missing: run 'sudo apt-get install -y chromium' for the browser tests"; fi; \
	fi

lint: $(STAMP)
	$(BIN)/ruff check .

typecheck: $(STAMP)
	$(BIN)/mypy

# After changing the UI's strings: extract them and update each catalogue (then translate).
messages: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k _l --no-location --sort-output -o web/translations/messages.pot .
	$(BIN)/pybabel update --no-wrap -i web/translations/messages.pot -d web/translations

clean:
	rm -rf $(VENV) var $(COMPILED) node_modules web/static/vendor
