"""The hand-computed scoring cases and the validation cases of cases.toml, run by the host's runner."""
from __future__ import annotations

from pathlib import Path

import kinerja_kesehatan

from kinerja_web.testing import case_file_tests

CASES = Path(__file__).with_name("cases.toml")

test_cases = case_file_tests(kinerja_kesehatan, CASES, "dinkes")
