# The two commands: `make run` opens the app, `make test` passes the tests.
# Each builds .venv itself and installs the Debian packages Qt needs (scripts/system-deps.sh).
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
# Every package, app and dev, pinned with hashes for Linux and Windows alike (`make lock`).
LOCK   := requirements.lock
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml $(LOCK) | cksum | cut -d' ' -f1)
# The second run of the suite: a new year, a leap year, outside the demo's year.
FAKE_NOW ?= 2028-01-03 09:00:00

.PHONY: run test test-faketime lint bench forms bundle deb demo screenshots clean lock sysdeps-run sysdeps-test

$(STAMP): pyproject.toml $(LOCK)
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "需要 Python 3.11 或更新版本 / Python >= 3.11 required")'
	bash scripts/system-deps.sh run
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --require-hashes --no-deps -r $(LOCK)
	$(PY) -m pip install -q --no-deps -e .
	rm -f $(VENV)/.installed-*
	touch $@

# Refresh the lock from pyproject.toml's ranges (uv resolves once for every platform).
lock: $(STAMP)
	$(PY) -m pip install -q 'uv>=0.9,<1'
	$(VENV)/bin/uv pip compile pyproject.toml --extra dev --universal --python-version 3.11 \
		--generate-hashes --no-header --quiet -o $(LOCK)

sysdeps-test:
	bash scripts/system-deps.sh test

run: $(STAMP)
	$(VENV)/bin/selfgov-desktop $(if $(DATA),--data-dir $(DATA))

demo: $(STAMP)
	$(VENV)/bin/selfgov-desktop $(if $(DATA),--data-dir $(DATA)) demo

# static checks (configured in pyproject.toml); `make test` runs them before the tests
lint: $(STAMP)
	$(VENV)/bin/ruff check . && $(VENV)/bin/mypy

test: $(STAMP) sysdeps-test lint
	QT_QPA_PLATFORM=$${QT_QPA_PLATFORM:-offscreen} $(PY) -m pytest -q

# The suite again with the system clock at $(FAKE_NOW) (libfaketime): nothing may lean on
# the real date. The bundle was built and tested by `make test` already.
test-faketime: $(STAMP) sysdeps-test
	QT_QPA_PLATFORM=$${QT_QPA_PLATFORM:-offscreen} faketime '$(FAKE_NOW)' \
		$(PY) -m pytest -q -m 'not bench and not bundle'

# as an installed copy runs: from bytecode compiled ahead (pip and PyInstaller both do), not
# from sources compiled again by every process (PYTHONDONTWRITEBYTECODE keeps none)
bench: $(STAMP) sysdeps-test
	$(PY) -m compileall -q selfgov_desktop
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -m bench -p no:randomly tests/bench -s

# Recompile Qt Designer forms: forms/NAME.ui -> selfgov_desktop/ui/forms/ui_NAME.py
forms: $(STAMP)
	$(PY) scripts/compile_forms.py

bundle: $(STAMP)
	$(VENV)/bin/pyinstaller --noconfirm --clean build.spec

# The Debian package (Debian/Ubuntu, 统信 UOS, 银河麒麟) from the bundle: dist/selfgov-desktop_VERSION_ARCH.deb
# (packaging/linux/build_deb.py; dpkg-deb and binutils, no network)
deb: bundle
	$(PY) packaging/linux/build_deb.py --bundle dist/selfgov-desktop --out dist

screenshots: $(STAMP) sysdeps-test
	QT_QPA_PLATFORM=offscreen $(PY) scripts/screenshots.py

clean:
	rm -rf $(VENV) build dist .pytest_cache
