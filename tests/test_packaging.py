"""`pip install .` gives an app that runs: every module, migration, command, template and
static file is in the wheel, the site-wide ones (templates/, static/) as well as the apps' own.
(CI also installs the wheel in a clean environment and serves pages from it: see .ci/run.)"""

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LEFT_BEHIND = [".git", ".venv", "node_modules", "build", "*.egg-info", "db.sqlite3", "bench"]


@pytest.fixture(scope="module")
def wheel_files(tmp_path_factory):
    # Built from a copy, so no build folder is left in the checkout (nor read from it).
    source = tmp_path_factory.mktemp("source") / "claimtracker"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(*LEFT_BEHIND))
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps"]
        + ["--wheel-dir", str(out), str(source)],
        check=True,
        cwd=out,
    )
    (wheel,) = out.glob("claimtracker-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        return set(archive.namelist())


# Every app of the project (a folder with apps.py) and the project's own package.
APPS = sorted(["claimtracker"] + [apps.parent.name for apps in ROOT.glob("*/apps.py")])


def files_of(folder):
    """Each file the app is made of: code, migrations, commands, templates, static, catalogues."""
    return {
        path.relative_to(ROOT).as_posix()
        for path in (ROOT / folder).rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }


def test_every_app_is_checked():
    assert {"claimtracker", "claims", "desk", "api"} <= set(APPS)


@pytest.mark.parametrize("folder", APPS)
def test_the_wheel_holds_every_file_the_app_needs(wheel_files, folder):
    needed = files_of(folder)
    assert needed, f"nothing found under {folder}"
    assert needed <= wheel_files, sorted(needed - wheel_files)


@pytest.mark.parametrize("folder", ["templates", "static"])
def test_the_wheel_holds_the_site_wide_templates_and_static_files(wheel_files, folder):
    # Inside the claimtracker package, where the settings of an installed app look for them.
    needed = {f"claimtracker/{name}" for name in files_of(folder)}
    assert needed, f"nothing found under {folder}"
    assert needed <= wheel_files, sorted(needed - wheel_files)


def test_the_wheel_holds_migrations_and_commands(wheel_files):
    assert "claims/migrations/0001_initial.py" in wheel_files
    assert "claims/management/commands/import_claims.py" in wheel_files
    assert "claims/templatetags/claims_extras.py" in wheel_files
