"""The arrows point one way: domain <- store <- services <- ui/commands <- app/cli; documents
need only the domain; only ui/ and app.py import Qt."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PKG = Path(__file__).resolve().parent.parent / "selfgov_desktop"

# room -> rooms of ours it may import
ALLOWED = {
    "domain": {"domain"},
    "store": {"store", "domain"},
    "services": {"services", "store", "domain"},
    "documents": {"documents", "domain"},
    "commands": {"commands", "services", "store", "domain", "documents", "paths", "__init__"},
    "ui": {"ui", "services", "store", "domain", "documents", "paths", "__init__"},
}
QT = ("PySide6", "shiboken6")


def _imports(path: Path) -> list[tuple[str, int]]:
    """(absolute module, line) for every import in a file of the package."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    rel = path.relative_to(PKG.parent).with_suffix("")
    package = list(rel.parts[:-1]) if rel.name != "__init__" else list(rel.parts[:-1])
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(a.name, node.lineno) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                mod = ".".join(base + ([node.module] if node.module else []))
                if node.module is None:
                    out += [(f"{mod}.{a.name}", node.lineno) for a in node.names]
                    continue
            else:
                mod = node.module or ""
            out.append((mod, node.lineno))
    return out


def _room(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] != "selfgov_desktop":
        return None
    if len(parts) == 1:
        return "__init__"
    name = parts[1]
    if (PKG / name).is_dir() or (PKG / f"{name}.py").exists():
        return name
    return "__init__"  # a name defined in selfgov_desktop/__init__.py


def test_rooms_import_only_downward():
    bad = []
    for path in PKG.rglob("*.py"):
        room = path.relative_to(PKG).parts[0]
        if room.endswith(".py"):
            room = room[:-3]
        for module, line in _imports(path):
            if module.split(".")[0] in QT and room not in ("ui", "app"):
                bad.append(f"{path.relative_to(PKG.parent)}:{line} imports Qt ({module})")
            target = _room(module)
            if target is None or room not in ALLOWED:
                continue
            if target not in ALLOWED[room]:
                bad.append(f"{path.relative_to(PKG.parent)}:{line} {room} -> {target} ({module})")
    assert not bad, "arrows pointing the wrong way:\n" + "\n".join(bad)


def test_nothing_imports_ui_but_app():
    bad = []
    for path in PKG.rglob("*.py"):
        room = path.relative_to(PKG).parts[0].removesuffix(".py")
        if room in ("ui", "app"):
            continue
        for module, line in _imports(path):
            if _room(module) == "ui":
                bad.append(f"{path.relative_to(PKG.parent)}:{line} imports {module}")
    assert not bad, "\n".join(bad)


def test_layer_checker_sees_a_violation(tmp_path):
    """The checker above can fail: a store module that imports services is reported."""
    fake = PKG / "store" / "_layer_probe_tmp.py"
    fake.write_text("from ..services import base\nimport PySide6\n", encoding="utf-8")
    try:
        try:
            test_rooms_import_only_downward()
        except AssertionError as exc:
            assert "store -> services" in str(exc)
            assert "imports Qt" in str(exc)
        else:
            raise AssertionError("the layering test did not notice a violation")
    finally:
        fake.unlink()


def test_import_linter_contracts():
    """The same rule as import-linter contracts in pyproject.toml."""
    exe = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run([str(exe)], cwd=PKG.parent, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_cli_does_not_import_qt(tmp_path):
    code = ("import sys; from selfgov_desktop import cli; "
            f"rc = cli.main(['--data-dir', r'{tmp_path}', 'info']); "
            "assert not [m for m in sys.modules if m.startswith('PySide6')], 'Qt imported'; "
            "sys.exit(rc)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
