# The two commands of the README: `make run` and `make test`. Each sets itself up.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CATALOGUES := $(wildcard web/translations/*/LC_MESSAGES/messages.po)
COMPILED := $(CATALOGUES:.po=.mo)

VENDOR := web/static/vendor/socket.io.min.js web/static/vendor/Sortable.min.js web/static/vendor/noble-ed25519.js

.PHONY: run test chromium lint typecheck security bench messages clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

# The web application's translations, compiled from the .po files kept in the repository.
%.mo: %.po $(STAMP)
	$(BIN)/pybabel compile -i $< -o $@

# The browser's Socket.IO client, SortableJS (the live board's drag and drop) and noble-ed25519, from the npm
# registry (package-lock.json), never from a CDN.
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund

web/static/vendor/socket.io.min.js: node_modules/.package-lock.json
	mkdir -p $(dir $@)
	cp node_modules/socket.io-client/dist/socket.io.min.js $@

web/static/vendor/Sortable.min.js: node_modules/.package-lock.json
	mkdir -p $(dir $@)
	cp node_modules/sortablejs/Sortable.min.js $@

# Ed25519 for the proof pages' check in the browser, where WebCrypto has no Ed25519 (an ES module).
web/static/vendor/noble-ed25519.js: node_modules/.package-lock.json
	mkdir -p $(dir $@)
	cp node_modules/@noble/ed25519/index.js $@

# Run the product on the embedded SQLite default, with the demo data, at http://127.0.0.1:5000.
# Plain HTTP on the loopback: the session cookie cannot be Secure there.
# Served by Flask-SocketIO (socketio.run) so that the live pages get their WebSocket.
# The demo's local authority is invented, its logo drawn for it (application/demo/logo.svg).
run: $(STAMP) $(COMPILED) $(VENDOR)
	$(BIN)/dialogue demo
	FLASK_SESSION_COOKIE_SECURE=false \
	ORGANISATION_NAME="Communauté de communes du Val de Vèze" ORGANISATION_URL=https://val-de-veze.example \
	ORGANISATION_LOGO=application/demo/logo.svg ORGANISATION_COLOUR=#0b5d4b \
	ORGANISATION_CONTACT=dialogue@val-de-veze.example ORGANISATION_HOST="Hébergeur fictif de la démonstration" \
	$(BIN)/python -m web.serve --host 127.0.0.1 --port 5000

# The whole test suite (SQLite and PostgreSQL), lint and type checks.
test: $(STAMP) $(COMPILED) $(VENDOR) chromium lint typecheck security
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
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

# Static security checks (docs/security.md): bandit, no medium or high finding in the product's code;
# pip-audit, no known vulnerability in the installed dependencies (it fails on one). Dependencies it
# cannot look up (where PyPI's vulnerability data is out of reach) are counted and said, not hidden.
security: $(STAMP)
	$(BIN)/bandit -q -c pyproject.toml -r domain application projections web cli --severity-level medium
	@mkdir -p -m 700 var
	@$(BIN)/pip-audit --skip-editable --progress-spinner off -f json -o var/pip-audit.json \
	  || { echo "pip-audit: known vulnerabilities (or no answer), see var/pip-audit.json"; exit 1; }
	@$(BIN)/python -c "import json; d = json.load(open('var/pip-audit.json'))['dependencies']; \
	  n = sum('skip_reason' in x for x in d); \
	  print(f'pip-audit: {len(d) - n} of {len(d)} dependencies audited (no known vulnerability among them);', \
	        f'{n} NOT audited: no vulnerability data reachable from here (docs/security.md)')"

# The benchmarks of bench/ and their targets (docs/performance.md): a quick size by default,
# FULL=1 for the sizes the issues name. PostgreSQL at BENCH_POSTGRES_URL (default: the test database).
bench: $(STAMP) $(COMPILED)
	$(BIN)/python bench/run_all.py $(if $(FULL),--full)

# After changing the UI's strings: extract them and update each catalogue (then translate).
messages: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg --no-location --sort-output -o web/translations/messages.pot .
	$(BIN)/pybabel update --no-wrap --ignore-obsolete -i web/translations/messages.pot -d web/translations

clean:
	rm -rf $(VENV) var $(COMPILED) node_modules web/static/vendor
