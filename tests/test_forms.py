import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_compiled_forms_are_fresh():
    """Every forms/*.ui has a committed selfgov_desktop/ui/forms/ui_*.py equal to uic's output."""
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "compile_forms.py"), "--check"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_stale_form_is_noticed(tmp_path, monkeypatch):
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import compile_forms
    finally:
        sys.path.pop(0)
    ui = next((ROOT / "forms").glob("*.ui"))
    forms, out = tmp_path / "forms", tmp_path / "out"
    forms.mkdir()
    out.mkdir()
    (forms / ui.name).write_text(ui.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setattr(compile_forms, "FORMS", forms)
    monkeypatch.setattr(compile_forms, "OUT", out)
    assert compile_forms.main([]) == 0
    assert compile_forms.main(["--check"]) == 0
    (forms / ui.name).write_text(
        ui.read_text(encoding="utf-8").replace("居委会信息", "居委会资料"), encoding="utf-8")
    assert compile_forms.main(["--check"]) == 1
