import re
import subprocess
import sys

import pytest

from pgfirst import errors
from conftest import ROOT


def test_generated_files_are_current():
    r = subprocess.run([sys.executable, str(ROOT / "scripts" / "generate.py"), "--check"], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr


def test_every_registry_code_has_a_class():
    text = (ROOT.parent / "docs" / "error-codes.md").read_text()
    codes = set(re.findall(r"^\| (PF[0-9][0-9A-Z]{2}) \|", text, re.M))
    assert codes and codes == set(errors.ERRORS)
    for code, cls in errors.ERRORS.items():
        assert cls.code == code and issubclass(cls, errors.PgfirstError)


def test_check_mode_detects_drift(tmp_path, monkeypatch):
    sys.path.insert(0, str(ROOT / "scripts"))
    import generate
    monkeypatch.setattr(generate, "REGISTRY", tmp_path / "codes.md")
    (tmp_path / "codes.md").write_text("| PF001 | OnlyOneError | x |\n")
    assert generate.main(["--check"]) == 1
