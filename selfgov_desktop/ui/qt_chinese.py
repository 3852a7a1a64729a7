"""Qt's own dialogs in Chinese: qtbase_zh_CN.qm from Qt's translations folder (PySide6's own
folder when running from a wheel or a bundle), and the few strings that file misses because
Qt renamed them after it was last translated ("&Look in:" was "Look in:")."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

# Qt sources with no Chinese in qtbase_zh_CN.qm, not even under an older spelling.
MISSING = {
    ("QAbstractFileIconProvider", "Folder"): "文件夹",
    ("QAbstractFileIconProvider", "Drive"): "驱动器",
    ("QAbstractFileIconProvider", "File"): "文件",
    ("QAbstractFileIconProvider", "%1 File"): "%1文件",
    ("QAbstractFileIconProvider", "File Folder"): "文件夹",
    ("QFileSystemModel", "%1 byte(s)"): "%1字节",
    ("QPlatformTheme", "Yes"): "是",
    ("QPlatformTheme", "No"): "否",
}


class QtGaps(QTranslator):
    """Asked last: a Qt string the installed files do not know is looked up again without
    its mnemonic ("&Look in:" → "Look in:" → 查找范围：), then in MISSING."""

    def isEmpty(self) -> bool:  # noqa: N802 - Qt override
        return False

    def translate(self, context: str, source: str, disambiguation: str | None = None,
                  n: int = -1) -> str | None:
        # None = "not mine" (a null QString); "" would translate the text to nothing
        if not context.startswith("Q"):
            return None
        known = MISSING.get((context, source))
        if known is not None:
            return known
        if "&" in source:
            plain = source.replace("&&", "\0").replace("&", "").replace("\0", "&")
            text = QCoreApplication.translate(context, plain, disambiguation, n)
            if text != plain:
                return text
        return None


def folders() -> list[str]:
    out = [QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)]
    try:
        import PySide6

        out.append(str(Path(PySide6.__file__).parent / "Qt" / "translations"))
    except (ImportError, TypeError):  # pragma: no cover - PySide6 is always there
        pass
    return out


def install(app: QCoreApplication) -> bool:
    """Install Qt's Chinese and the gap filler; True when qtbase_zh_CN was found."""
    gaps = QtGaps(app)
    app.installTranslator(gaps)  # installed first = asked last
    found = False
    for folder in folders():
        qt = QTranslator(app)
        if qt.load(QLocale(), "qtbase", "_", folder):
            app.installTranslator(qt)
            found = True
            break
    return found
