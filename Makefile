# discourse: two commands.
#   make demo   set up .venv and run the whole pipeline on corpora/demo -> out/demo
#   make test   set up .venv with test extras and run the test suite
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
BERTOPIC := bertopic==0.17.4
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1

.PHONY: demo test venv venv-test system-deps bench clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip

# The default install must not pull torch: bertopic 0.17 hard-requires
# sentence-transformers, so it is installed with --no-deps on top of its real
# runtime needs (declared in pyproject.toml).
$(VENV)/.installed: $(VENV)/bin/python pyproject.toml constraints.txt
	$(PIP) install -q -c constraints.txt -e .
	$(PIP) install -q -c constraints.txt --no-deps $(BERTOPIC)
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(PIP) install -q -c constraints.txt -e '.[test]'
	touch $@

venv: $(VENV)/.installed
venv-test: $(VENV)/.installed-test

# Debian packages the tests and benchmarks use: pdftotext (quality/speed baseline),
# OCRmyPDF + Tesseract (the --ocr path), Chromium + ChromeDriver (report tests).
SYSTEM_PACKAGES := poppler-utils ocrmypdf tesseract-ocr tesseract-ocr-eng chromium chromium-driver
system-deps:
	@missing=""; \
	command -v pdftotext >/dev/null || missing="$$missing poppler-utils"; \
	command -v ocrmypdf >/dev/null || missing="$$missing ocrmypdf tesseract-ocr tesseract-ocr-eng"; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	command -v chromedriver >/dev/null || missing="$$missing chromium-driver"; \
	if [ -n "$$missing" ]; then \
	  if command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then \
	    echo "installing Debian packages:$$missing"; \
	    (apt-get install -y -q $$missing >/dev/null 2>&1 || \
	     (apt-get update -q >/dev/null 2>&1 && apt-get install -y -q $$missing >/dev/null)) || \
	     echo "warning: could not install$$missing; tests that need them will be skipped"; \
	  else \
	    echo "note: missing$$missing (install with apt-get); tests that need them will be skipped"; \
	  fi; \
	fi

demo: venv
	$(VENV)/bin/discourse run corpora/demo --manifest corpora/demo/manifest.csv --out out/demo

test: venv-test system-deps
	$(PY) -m pytest

bench: venv-test system-deps
	for b in bench/*.py; do $(PY) $$b || exit 1; done

clean:
	rm -rf $(VENV) out .pytest_cache
