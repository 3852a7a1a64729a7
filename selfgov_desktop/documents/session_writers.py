"""The writer of each kind of document services.documents.session_docs builds: pass
`WRITERS` to session_docs.export_document (from ui/ and commands/)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from . import forms, letters, minutes, notices


def _tally(sheet: Any, path: str | Path) -> tuple[Path, int]:
    return forms.write("tally", sheet, path)


Writer = Callable[[Any, str | Path], tuple[Path, int]]

WRITERS: dict[str, Writer] = {"letters": letters.write, "minutes": minutes.write, "notice": notices.write,
                             "tally": _tally}
