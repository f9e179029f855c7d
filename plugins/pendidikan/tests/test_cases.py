"""The hand-computed capaian and the validation cases of the TOML case files, run by kinerja_web.testing."""
from __future__ import annotations

from pathlib import Path

import kinerja_pendidikan

from kinerja_web.testing import case_file_tests

HERE = Path(__file__).parent

test_scoring_cases = case_file_tests(kinerja_pendidikan, HERE / "cases_scoring.toml", "disdik")
test_validation_cases = case_file_tests(kinerja_pendidikan, HERE / "cases_validation.toml", "disdik")
