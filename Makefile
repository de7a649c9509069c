# Two commands do everything on a fresh machine:
#   make book   build the website into _build/html (creates .venv, installs pinned packages)
#   make test   run every test: the library, every notebook under nbval, the built site in Chromium
#   make check  the library's unit tests and doctests only, in under a minute (no site, no notebooks)
# Also: make book-student (the site without solutions, in _build/student/html),
#       make serve (site on http://127.0.0.1:8000), make lab (notebooks with live demos),
#       make bench (benchmark ratios), make outputs [NB=path.ipynb] (re-run notebooks, save outputs),
#       make lock (refresh constraints.txt after changing dependencies), make clean,
#       make portability [NB=...] (notebooks under nbval with each OpenBLAS kernel and 1 or 2 threads).

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := book
MAKEFLAGS += --no-print-directory

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8000
# Where the site is built (override to build side by side, e.g. SITE=_build/html-mine STAGE=_build/stage-mine).
STAGE  ?= _build/stage
SITE   ?= _build/html
# The table of contents to build (a smaller one builds a few pages quickly).
TOC    ?= _toc.yml
STUDENT_SRC   ?= _build/student-src
STUDENT_STAGE ?= _build/student-stage
STUDENT_SITE  ?= _build/student/html
ASSETS := _build/assets/vendor
# Records a step's wall time in _build/timings/ (make bench splits the build's time with them).
TIMED  := tools/timed.sh
# Long computations of the notebooks kept between the runs of one command (lfd.cache): the
# website's build fills it, the student edition and nbval replay them.
LFD_CACHE := $(CURDIR)/_build/lfd-cache
# Each command installs what it needs and no more: the book needs Jupyter Book
# and the library; the tests add pytest, nbval, Playwright and torch; the lab
# adds JupyterLab; the benchmarks add micrograd.
INSTALLED       := $(VENV)/.installed-book
TEST_INSTALLED  := $(VENV)/.installed-test
LAB_INSTALLED   := $(VENV)/.installed-lab
BENCH_INSTALLED := $(VENV)/.installed-bench

.PHONY: book book-student serve lab test check bench lock clean prereqs node-prereqs outputs portability

prereqs:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || { \
	  echo "error: Python 3.11 or newer is needed (tried '$(PYTHON)')."; \
	  echo "       Install it (Debian/Ubuntu: apt-get install python3 python3-venv) or run 'make PYTHON=/path/to/python3.11'."; \
	  exit 1; }
	@$(PYTHON) -c 'import venv, ensurepip' 2>/dev/null || { \
	  echo "error: '$(PYTHON)' cannot create virtual environments (Debian/Ubuntu: apt-get install python3-venv)."; exit 1; }

node-prereqs:
	@command -v node >/dev/null && command -v npm >/dev/null || { \
	  echo "error: node and npm are needed to fetch the site's JavaScript (MathJax, require.js, the ipywidgets HTML manager)."; \
	  echo "       Install them (Debian/Ubuntu: apt-get install nodejs npm; or https://nodejs.org)."; \
	  exit 1; }

# The Python environment, pinned by constraints.txt (see 'make lock').
$(INSTALLED): pyproject.toml constraints.txt | prereqs
	@echo "==> creating $(VENV) and installing the pinned packages that build the book"
	@rm -f $@
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(TIMED) install-pip $(BIN)/python -m pip install --quiet --upgrade pip
	$(TIMED) install-book $(BIN)/python -m pip install --quiet -c constraints.txt -e '.[book]'
	@touch $@

$(TEST_INSTALLED): $(INSTALLED)
	@echo "==> installing the pinned packages that run the tests"
	$(TIMED) install-test $(BIN)/python -m pip install --quiet -c constraints.txt -e '.[book,test]'
	@touch $@

$(LAB_INSTALLED): $(INSTALLED)
	$(TIMED) install-lab $(BIN)/python -m pip install --quiet -c constraints.txt -e '.[book,lab]'
	@touch $@

# The site's JavaScript, from the npm registry, pinned by package-lock.json.
node_modules/.package-lock.json: package.json package-lock.json | node-prereqs
	@echo "==> installing the site's JavaScript from the npm registry"
	$(TIMED) install-npm npm ci --no-audit --no-fund --loglevel=error
	@touch $@

$(ASSETS)/.copied: node_modules/.package-lock.json
	@rm -rf $(ASSETS) && mkdir -p $(ASSETS)/mathjax $(ASSETS)/html-manager
	cp -R node_modules/mathjax/es5/. $(ASSETS)/mathjax/
	rm -rf $(ASSETS)/mathjax/sre
	cp node_modules/requirejs/require.js $(ASSETS)/require.js
	cd node_modules/@jupyter-widgets/html-manager/dist && \
	  cp embed-amd.js *.woff *.woff2 *.ttf *.eot *.svg $(CURDIR)/$(ASSETS)/html-manager/
	@touch $@

# Notebooks are executed during the build (cached in _build/.jupyter_cache);
# any error or Sphinx warning fails it. The site is built in $(STAGE) and
# copied to $(SITE) only when the build succeeds, so a failed build never
# leaves a site that looks complete. Each edition also serves, in downloads/,
# the lfd wheel and a zip of the student notebooks (tools/downloads.py; the
# page "Run it yourself" links them).
book: $(INSTALLED) $(ASSETS)/.copied
	@rm -rf $(SITE)
	@echo "==> building the website (executing notebooks that changed)"
	@$(TIMED) book-build env LFD_STATIC_DEMOS=1 LFD_CACHE=$(LFD_CACHE) $(BIN)/jupyter-book build . --toc $(TOC) --path-output $(STAGE) --builder html \
	    --warningiserror --nitpick --keep-going || { \
	  echo; echo "error: the book did not build (see the messages above); $(SITE) was removed."; exit 1; }
	@echo "==> the downloads of 'Run it yourself': the lfd wheel and the student notebooks"
	@$(BIN)/python tools/downloads.py . $(STAGE)/_build/html/downloads $(TOC)
	@cp -R $(STAGE)/_build/html $(SITE)
	@echo; echo "The website is in $(SITE): open $(SITE)/index.html, or run 'make serve'."

# The student edition: the same site with every solution removed, from the
# sources themselves (notebooks stripped of gated solutions, hide_solutions on).
book-student: $(INSTALLED) $(ASSETS)/.copied
	@rm -rf $(STUDENT_SITE)
	@echo "==> building the student edition (no solutions)"
	$(BIN)/python tools/student_edition.py . $(STUDENT_SRC)
	@cp $(TOC) $(STUDENT_SRC)/_toc.yml
	@$(TIMED) student-build env LFD_STATIC_DEMOS=1 LFD_CACHE=$(LFD_CACHE) $(BIN)/jupyter-book build $(STUDENT_SRC) --path-output $(STUDENT_STAGE) --builder html \
	    --warningiserror --nitpick --keep-going || { \
	  echo; echo "error: the student edition did not build (see above); $(STUDENT_SITE) was removed."; exit 1; }
	@$(BIN)/python tools/downloads.py . $(STUDENT_STAGE)/_build/html/downloads $(TOC)
	@mkdir -p $(dir $(STUDENT_SITE)) && cp -R $(STUDENT_STAGE)/_build/html $(STUDENT_SITE)
	@echo; echo "The student edition is in $(STUDENT_SITE)."

serve: book
	@echo "Serving $(SITE) on http://127.0.0.1:$(PORT)/ (Ctrl-C to stop)"
	$(BIN)/python -m http.server $(PORT) --bind 127.0.0.1 --directory $(SITE)

lab: $(LAB_INSTALLED)
	$(BIN)/jupyter lab --notebook-dir=.

test: $(TEST_INSTALLED) book book-student
	@command -v chromium >/dev/null || test -x "$${LFD_CHROMIUM:-}" || { \
	  echo "error: the site tests need Chromium (Debian/Ubuntu: apt-get install chromium), or set LFD_CHROMIUM."; exit 1; }
	$(TIMED) pytest env LFD_CACHE=$(LFD_CACHE) LFD_SITE=$(SITE) LFD_STUDENT_SITE=$(STUDENT_SITE) LFD_STAGE=$(STAGE) LFD_STUDENT_STAGE=$(STUDENT_STAGE) LFD_TOC=$(TOC) $(BIN)/python -m pytest

# The library's unit tests and doctests, and the build tooling's tests: no site, no notebook.
check: $(TEST_INSTALLED)
	$(BIN)/python -m pytest -o addopts="-ra --doctest-modules" -m "not site" lib/lfd tests \
	    --ignore=tests/test_notebooks.py

$(BENCH_INSTALLED): $(TEST_INSTALLED)
	$(TIMED) install-bench $(BIN)/python -m pip install --quiet -c constraints.txt -e '.[book,test,bench]'
	@touch $@

bench: $(BENCH_INSTALLED) book
	$(BIN)/python benchmarks/run.py

# Rewrite constraints.txt from what is installed now (after changing pyproject.toml).
lock: prereqs
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -e '.[book,test,lab,bench]'
	$(BIN)/python -m pip freeze --exclude-editable | grep -v '^lfd' | sed 's/+cpu$$//' > constraints.txt
	@echo "constraints.txt updated: $$(wc -l < constraints.txt) pins"

clean:
	rm -rf _build .pytest_cache .hypothesis

# Re-run every notebook from a clean kernel and save its outputs (what nbval compares).
# Widget state is not saved: the website shows the static form of each demo.
NOTEBOOKS = $(wildcard chapters/*.ipynb exercises/*.ipynb)
outputs: $(TEST_INSTALLED)
	for nb in $(or $(NB),$(NOTEBOOKS)); do \
	  echo "==> $$nb"; \
	  $(BIN)/jupyter nbconvert --to notebook --execute --inplace \
	    --ExecutePreprocessor.store_widget_state=False --ExecutePreprocessor.timeout=1200 "$$nb"; \
	done

# The portability check, run by hand before a change to notebook outputs lands
# (never by the tests or CI): every notebook under nbval with OpenBLAS's generic
# (Prescott), Haswell and, where the CPU has AVX-512, SkylakeX kernels, each
# with 1 and 2 threads. A saved output must not depend on the last bits of
# floating point; a line per configuration reports passed and failed cells.
CORETYPES ?= Prescott Haswell $(shell grep -q avx512f /proc/cpuinfo 2>/dev/null && echo SkylakeX)
portability: $(TEST_INSTALLED)
	@for core in $(CORETYPES); do for threads in 1 2; do \
	  arch=$$(OPENBLAS_CORETYPE=$$core $(BIN)/python -c 'import numpy, threadpoolctl; print(threadpoolctl.threadpool_info()[0]["architecture"])'); \
	  result=$$(OPENBLAS_CORETYPE=$$core OPENBLAS_NUM_THREADS=$$threads $(BIN)/python -m pytest -q -p no:cacheprovider \
	      $(or $(NB),$(NOTEBOOKS)) 2>&1 | tail -n 1) || true; \
	  printf '%-9s (kernel %-9s) %s thread(s): %s\n' $$core $$arch $$threads "$$result"; \
	done; done
