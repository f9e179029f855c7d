"""The built wheel carries compiled catalogues, so an installed app speaks Bahasa Indonesia.

The ``*.mo`` files are not in git; setup.py compiles them while building. The wheel is
built from a copy of the project without any ``.mo``, offline and without build isolation
(setuptools, wheel and Babel come from the dev extra), installed into a folder of its own
and started from there, away from the source tree.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MO = "kinerja_web/translations/id/LC_MESSAGES/messages.mo"

LOGIN_PAGE = textwrap.dedent("""
    import json, sys
    import kinerja_web
    from kinerja_web import create_app
    from kinerja_web.extensions import db

    app = create_app({"DATABASE_URL": "sqlite:///" + sys.argv[1], "SECRET_KEY": "packaging-test",
                      "RATELIMIT_ENABLED": False}, plugins=[])
    with app.app_context():
        db.create_all()
    response = app.test_client().get("/login")
    print(json.dumps({"file": kinerja_web.__file__, "status": response.status_code,
                      "html": response.get_data(as_text=True)}))
""")


def _copy_project(target: Path) -> Path:
    """The files a build reads: the top-level files and the package, without compiled catalogues."""
    target.mkdir()
    for path in ROOT.iterdir():
        if path.is_file():
            shutil.copy2(path, target / path.name)
    shutil.copytree(ROOT / "kinerja_web", target / "kinerja_web",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.mo"))
    return target


def _run(args, cwd: Path, env=None) -> subprocess.CompletedProcess:
    result = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, f"{args} failed:\n{result.stdout}\n{result.stderr}"
    return result


def _pip_env() -> dict:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env.update(PIP_DISABLE_PIP_VERSION_CHECK="1", PIP_NO_INPUT="1")
    return env


def test_the_wheel_holds_compiled_catalogues_and_the_installed_app_speaks_indonesian(tmp_path):
    source = _copy_project(tmp_path / "source")
    assert not list(source.rglob("*.mo"))  # whatever the wheel holds, the build compiled it
    dist, target, elsewhere = tmp_path / "dist", tmp_path / "site", tmp_path / "elsewhere"
    elsewhere.mkdir()

    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
          "-w", str(dist), "."], cwd=source, env=_pip_env())
    (wheel,) = dist.glob("kinerja_web-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        assert MO in names and "kinerja_web/translations/en/LC_MESSAGES/messages.mo" in names
        assert archive.getinfo(MO).file_size > 1000

    _run([sys.executable, "-m", "pip", "install", "--no-deps", "--no-index", "--target", str(target), str(wheel)],
         cwd=elsewhere, env=_pip_env())
    assert (target / MO).is_file()

    env = _pip_env()
    env["PYTHONPATH"] = str(target)  # the wheel's kinerja_web comes before the editable source tree
    for key in [k for k in env if k.startswith("KINERJA_")]:
        del env[key]
    run = _run([sys.executable, "-c", LOGIN_PAGE, str(tmp_path / "kinerja.sqlite3")], cwd=elsewhere, env=env)
    page = json.loads(run.stdout.strip().splitlines()[-1])
    assert Path(page["file"]).resolve().is_relative_to(target.resolve())
    assert page["status"] == 200
    html = page["html"]
    assert "Kata sandi" in html and "Masuk" in html  # the id msgstr of "Password" and "Log in"
    assert ">Password<" not in html and "Log in" not in html
