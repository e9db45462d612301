# The two commands a new user needs: `make demo` and `make test`.
.PHONY: setup demo test bench clean

setup:
	@bash scripts/setup.sh

demo: setup
	.venv/bin/audit demo

test: setup
	@bash scripts/services.sh
	.venv/bin/python -m ruff check audit workers tests bench
	.venv/bin/python -m mypy
	.venv/bin/python -m pytest -q

clean:
	rm -rf .venv audit-out var .pytest_cache .mypy_cache

bench: setup
	.venv/bin/python -m pip install -q -e '.[dev,bench]'
	.venv/bin/python bench/crawl.py
	.venv/bin/python bench/generality.py
	.venv/bin/python bench/realworld.py --delay 0
	.venv/bin/python bench/compare.py
	.venv/bin/python bench/evidence.py
	.venv/bin/python bench/batch.py
	.venv/bin/python bench/province.py
	.venv/bin/python bench/report.py
	.venv/bin/python bench/review.py
