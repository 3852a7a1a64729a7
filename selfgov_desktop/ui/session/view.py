"""The one step engine: renders any session kind from its definition (domain.workflows).

Left: the steps with their state and the rule checks. Right: the chosen step — what to do
(and on what basis), its fields and panels. Bottom: what is still missing, 撤销, 下一步.
Every field saves when the user finishes editing it (one service call = one transaction);
the last edits can be undone."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QFrame,
                               QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPlainTextEdit,
                               QPushButton, QScrollArea, QVBoxLayout, QWidget)

from ...domain import rules as R
from ...domain import sessions as D
from ...domain.errors import UserError
from ...domain.workflows import CLOSED, StepDef
from ...services import groups as G
from ...services import participants as P
from ...services import sessions as S
from ...services.base import Changed
from ...store.db import Store
from ..context import AppContext
from ..errors import show_error
from ..help import rules_help, step_help
from .documents_bar import DocumentsBar
from .fields import FieldEditor, GroupsEditor, make_editor
from .host import UndoEntry
from .models import compliance_colour
from .panels import PANEL_CLASSES, Panel
from .paper_entry import paper_panels

STATUS_COLOURS = {"pass": "#2e7d32", "overridden": "#1f6feb", "warn": "#b26a00", "fail": "#c62828",
                  "pending": "#777777"}
STATUS_MARKS = {"pass": "✔", "overridden": "✎", "warn": "!", "fail": "✘", "pending": "…"}
UNDO_LIMIT = 50

VIEW_STYLE = """
#stepList { font-size: 16px; border: 1px solid #dde2ea; }
#stepList::item { padding: 6px 6px; }
#stepList::item:selected { background: #d6e6ff; color: black; }
#stepTitle { font-size: 20px; font-weight: bold; padding: 2px 0 4px 0; }
#stepHelp { font-size: 15px; color: #1f2d3d; background: #f3f7fd; border-left: 4px solid #1f6feb;
            padding: 6px 8px; }
#stepRules { color: #555; padding: 2px 0; }
#fieldHint { color: #666; font-size: 13px; }
#stepBar { background: #f7f8fa; border-top: 1px solid #dde2ea; }
#missingLabel { font-size: 15px; }
#nextButton { font-size: 16px; font-weight: bold; padding: 8px 22px; background: #1f6feb; color: white;
              border-radius: 4px; }
#nextButton:disabled { background: #9bb8e8; }
"""


class OverrideDialog(QDialog):
    """Record why a rule that does not pass is accepted this time."""

    def __init__(self, checks: list[dict[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("说明理由"))
        lay = QVBoxLayout(self)
        intro = QLabel(self.tr("规则不符合时，写明为什么这次仍然这样做。理由会写进会议记录和台账，"
                               "规范程度按“已说明理由”计算。"))
        intro.setWordWrap(True)
        lay.addWidget(intro)
        form = QFormLayout()
        self.rule = QComboBox()
        for c in checks:
            self.rule.addItem(f"{c['title']}：{c['message']}", c["rule"])
        self.rule.setMinimumWidth(520)
        form.addRow(self.tr("规则："), self.rule)
        self.reason = QPlainTextEdit()
        self.reason.setPlaceholderText(self.tr("例如：矛盾有激化趋势，经双方同意提前召开"))
        self.reason.setFixedHeight(80)
        form.addRow(self.tr("理由："), self.reason)
        lay.addLayout(form)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("记录理由"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        lay.addWidget(self.buttons)


class SessionView(QWidget):
    back_requested = Signal()

    def __init__(self, app: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app = app
        self.sid = 0
        self._record: S.SessionRecord | None = None
        self.shown_step = ""
        self.editors: dict[str, FieldEditor] = {}
        self.panels: list[Panel] = []
        self.undo_stack: list[tuple[str, tuple[Callable[..., Any], tuple[Any, ...]]]] = []
        self.override_dialog: OverrideDialog | None = None

        self.setStyleSheet(VIEW_STYLE)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        head = QHBoxLayout()
        self.back_btn = QPushButton(self.tr("← 返回列表"))
        self.back_btn.setToolTip(self.tr("回到三会列表（Alt+←）"))
        self.back_btn.clicked.connect(self.request_back)
        QShortcut(QKeySequence("Alt+Left"), self).activated.connect(self.request_back)
        head.addWidget(self.back_btn)
        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        self.title.setWordWrap(True)  # a long title wraps instead of widening the window
        self.title.setMinimumWidth(120)
        head.addWidget(self.title, 1)
        self.badge = QLabel()
        self.badge.setObjectName("complianceBadge")
        head.addWidget(self.badge)
        self.docs_bar = DocumentsBar(app, self)
        head.addWidget(self.docs_bar)
        outer.addLayout(head)
        self.subtitle = QLabel()
        self.subtitle.setObjectName("pageSubtitle")
        self.subtitle.setWordWrap(True)
        outer.addWidget(self.subtitle)
        pre_row = QHBoxLayout()
        self.pre_label = QLabel()
        self.pre_label.setObjectName("pageSubtitle")
        pre_row.addWidget(self.pre_label)
        self.pre_combo = QComboBox()
        pre_row.addWidget(self.pre_combo)
        self.pre_btn = QPushButton(self.tr("带入会前会议的成果"))
        self.pre_btn.setToolTip(self.tr("把会前会议的参会居民（以及监督合议会建议的评议内容）带入这次会议"))
        self.pre_btn.clicked.connect(self.take_from_premeeting)
        pre_row.addWidget(self.pre_btn)
        pre_row.addStretch(1)
        outer.addLayout(pre_row)

        body = QHBoxLayout()
        left = QVBoxLayout()
        steps_label = QLabel(self.tr("步骤"))
        steps_label.setObjectName("sectionTitle")
        left.addWidget(steps_label)
        self.steps = QListWidget()
        self.steps.setObjectName("stepList")
        self.steps.setToolTip(self.tr("点一个步骤查看或补充；Ctrl+PgUp / Ctrl+PgDown 切换步骤"))
        self.steps.setFixedWidth(250)
        self.steps.currentRowChanged.connect(self._step_clicked)
        left.addWidget(self.steps, 4)
        checks_label = QLabel(self.tr("程序检查"))
        checks_label.setObjectName("sectionTitle")
        left.addWidget(checks_label)
        self.checks = QListWidget()
        self.checks.setFixedWidth(250)
        self.checks.setWordWrap(True)
        left.addWidget(self.checks, 2)
        self.override_btn = QPushButton(self.tr("说明理由…"))
        self.override_btn.setToolTip(self.tr("某条规则不符合但确有原因时，记录理由后可以继续"))
        self.override_btn.clicked.connect(self.open_override)
        left.addWidget(self.override_btn)
        body.addLayout(left)

        self.step_scroll = QScrollArea()
        self.step_scroll.setWidgetResizable(True)
        self.step_scroll.setFrameShape(QFrame.Shape.NoFrame)
        # the form scrolls up and down; it is never wider than the window
        self.step_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        body.addWidget(self.step_scroll, 1)
        outer.addLayout(body, 1)

        bar = QFrame()
        bar.setObjectName("stepBar")
        bar_lay = QHBoxLayout(bar)
        bar_lay.setContentsMargins(8, 6, 8, 6)
        self.missing = QLabel()
        self.missing.setWordWrap(True)
        self.missing.setObjectName("missingLabel")
        bar_lay.addWidget(self.missing, 1)
        self.flash_label = QLabel()
        self.flash_label.setObjectName("flashLabel")
        self.flash_label.setWordWrap(True)
        self.flash_label.setMinimumWidth(180)
        self.flash_label.setMaximumWidth(300)
        bar_lay.addWidget(self.flash_label)
        self.undo_btn = QPushButton(self.tr("撤销"))
        self.undo_btn.setToolTip(self.tr("撤销上一处修改（Ctrl+Z）"))
        self.undo_btn.clicked.connect(self.undo)
        QShortcut(QKeySequence("Ctrl+Z"), self).activated.connect(self.undo)
        bar_lay.addWidget(self.undo_btn)
        self.back_step_btn = QPushButton(self.tr("退回上一步"))
        self.back_step_btn.clicked.connect(self.go_back)
        bar_lay.addWidget(self.back_step_btn)
        self.current_btn = QPushButton(self.tr("回到当前步骤"))
        self.current_btn.clicked.connect(self._back_to_current)
        bar_lay.addWidget(self.current_btn)
        self.next_btn = QPushButton(self.tr("下一步 →"))
        self.next_btn.setObjectName("nextButton")
        self.next_btn.setToolTip(self.tr("完成这一步，进入下一步（Ctrl+回车）"))
        self.next_btn.clicked.connect(self.next_step)
        # One binding per action. Ctrl+回车 (either Enter key) means 下一步 except inside a box
        # that records with it (the speech box takes the key first, see panels.speeches).
        self.next_shortcuts = [QShortcut(QKeySequence(seq), self) for seq in ("Ctrl+Return", "Ctrl+Enter")]
        for shortcut in self.next_shortcuts:
            shortcut.activated.connect(self.next_step)
        QShortcut(QKeySequence("Ctrl+PgDown"), self).activated.connect(lambda: self.move_step(1))
        QShortcut(QKeySequence("Ctrl+PgUp"), self).activated.connect(lambda: self.move_step(-1))
        bar_lay.addWidget(self.next_btn)
        outer.addWidget(bar)

    def _back_to_current(self) -> None:
        if self.keep_typed():
            self.show_step(self._current_key())

    # -- loading ----------------------------------------------------------------------------
    @property
    def record(self) -> S.SessionRecord:
        """The session as last read; one is loaded before any step or panel shows."""
        if self._record is None:
            raise RuntimeError("no session loaded")
        return self._record

    @property
    def store(self) -> Store:
        return self.app.ctx.store

    def keep_typed(self) -> bool:
        """Before leaving the step: text typed in a panel but not recorded is recorded now
        (a speech with its speaker), or the user stays and is told. True = free to leave."""
        for panel in self.panels:
            try:
                what = panel.pending()
                if not what or panel.record_pending():
                    continue
            except RuntimeError:  # the panel is gone already
                continue
            self.flash(self.tr("{w}还没有记录：请先记录（或清空）再离开这一步。").format(w=what), error=True)
            panel.focus_pending()
            return False
        return True

    def request_back(self) -> None:
        if self.keep_typed():
            self.back_requested.emit()

    def open_session(self, sid: int) -> None:
        if self.panels and sid != self.sid and not self.keep_typed():
            return
        self.sid = sid
        self.undo_stack.clear()
        self._record = S.get(self.store, sid)
        self.docs_bar.set_session(sid, self.record.kind)
        self.flash("")
        self._fill_steps()
        self.show_step(self._current_key())

    def _current_key(self) -> str:
        return self.record.state if self.record.state != CLOSED else self.record.definition.steps[-1].key

    def _fill_steps(self) -> None:
        defn = self.record.definition
        cur = defn.index(self.record.state)
        self.steps.blockSignals(True)
        row = self.steps.currentRow()
        self.steps.clear()
        for i, s in enumerate(defn.steps):
            if i < cur:
                text, colour = f"✔  {i + 1}. {s.title}", QColor("#2e7d32")
            elif i == cur:
                text, colour = f"▶  {i + 1}. {s.title}", QColor("#1f6feb")
            else:
                text, colour = f"    {i + 1}. {s.title}", QColor("#777777")
            it = QListWidgetItem(text)
            it.setData(Qt.ItemDataRole.UserRole, s.key)
            it.setForeground(colour)
            if i == cur:
                fnt = it.font()
                fnt.setBold(True)
                it.setFont(fnt)
            it.setToolTip(s.help)
            self.steps.addItem(it)
        closed = QListWidgetItem(("✔  " if self.record.closed else "    ") + self.tr("办结"))
        closed.setForeground(QColor("#2e7d32") if self.record.closed else QColor("#777777"))
        closed.setFlags(Qt.ItemFlag.NoItemFlags)
        self.steps.addItem(closed)
        if 0 <= row < len(defn.steps):
            self.steps.setCurrentRow(row)
        self.steps.blockSignals(False)

    def move_step(self, delta: int) -> None:
        """Look at the previous/next step (Ctrl+PgUp / Ctrl+PgDown)."""
        if self._record is None:
            return
        keys = [s.key for s in self.record.definition.steps]
        i = keys.index(self.shown_step) + delta if self.shown_step in keys else 0
        if 0 <= i < len(keys) and self.keep_typed():
            self.show_step(keys[i])

    def _step_clicked(self, row: int) -> None:
        if self._record is None or not (0 <= row < len(self.record.definition.steps)):
            return
        key = self.record.definition.steps[row].key
        if key == self.shown_step:
            return
        if not self.keep_typed():  # stay: put the highlight back on the step shown
            self.steps.blockSignals(True)
            self.steps.setCurrentRow(self.record.definition.index(self.shown_step))
            self.steps.blockSignals(False)
            return
        self.show_step(key)

    def show_step(self, key: str) -> None:
        """Build the step's form and panels."""
        self._flush_editors()
        self._record = S.get(self.store, self.sid)
        defn = self.record.definition
        step = defn.step(key)
        self.shown_step = key
        self.steps.blockSignals(True)
        self.steps.setCurrentRow(defn.index(key))
        self.steps.blockSignals(False)
        page = QWidget()
        lay = QVBoxLayout(page)
        lay.setContentsMargins(12, 0, 12, 12)
        head = QLabel(self.tr("第{n}步：{t}").format(n=defn.index(key) + 1, t=step.title))
        head.setObjectName("stepTitle")
        lay.addWidget(head)
        help_ = QLabel(step_help(step))
        help_.setWordWrap(True)
        help_.setObjectName("stepHelp")
        lay.addWidget(help_)
        if step.rules:
            rules = QLabel(self.tr("这一步检查：") + "\n"
                           + rules_help(step.rules, S.rule_settings(self.store)))
            rules.setWordWrap(True)
            rules.setObjectName("stepRules")
            lay.addWidget(rules)
        if step.document:
            doc = QLabel(self.tr("这一步产生的文件：{d}（用“本次会议的文件”导出；公告公示在"
                                 "“公告公示”页面打印）").format(d=step.document_title))
            doc.setObjectName("pageSubtitle")
            lay.addWidget(doc)
        self.editors = self._build_form(step, lay)
        self.panels = []
        for panel in paper_panels(self, step):  # 打印表格 and paper entry (issue 9)
            self.panels.append(panel)
            lay.addWidget(panel)
            panel.reload()
        for name in step.panels:
            panel = PANEL_CLASSES[name](self)
            self.panels.append(panel)
            lay.addWidget(panel)
            panel.reload()
        lay.addStretch(1)
        page.setEnabled(not self.record.closed)  # a closed session is read-only until 退回上一步
        self.step_scroll.setWidget(page)
        self.refresh_status()
        first = next(iter(self.editors.values()), None)
        if first is not None and key == self._current_key():
            first.focus_widget().setFocus()

    def _build_form(self, step: StepDef, lay: QVBoxLayout) -> dict[str, FieldEditor]:
        editors: dict[str, FieldEditor] = {}
        if not step.fields:
            return editors
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        groups = P.building_groups(self.store)
        topics = (S.topic_choices(self.store) if any(f.type in ("topic", "topics") for f in step.fields)
                  else [])
        sessions = (S.session_choices(self.store, self.record.definition.pairs_with)
                    if any(f.type == "session" for f in step.fields) else [])
        records = (S.decision_record_choices(self.store) if any(f.type == "record" for f in step.fields)
                   else [])
        values = self.record.values()
        buildings = (len(G.buildings_without_group(self.store))
                     if not groups and any(f.type == "groups" for f in step.fields) else 0)
        for f in step.fields:
            ed = make_editor(f, groups=groups, topics=topics, sessions=sessions,
                             today=self.app.ctx.today, records=records, buildings=buildings)
            if isinstance(ed, GroupsEditor):
                ed.make_groups.connect(self.make_building_groups)
                ed.open_groups.connect(lambda: self.app.bus.navigate.emit("groups", None))
            ed.set_value(values.get(f.key))
            ed.committed.connect(self.save_field)
            label = "" if f.type == "bool" else f.label + ("＊" if f.required else "") + "："
            if f.help:
                ed.setToolTip(f.help)
            form.addRow(label, ed)
            if f.help and f.type in ("groups", "choice", "int", "bool"):
                hint = QLabel(f.help)
                hint.setWordWrap(True)
                hint.setObjectName("fieldHint")
                form.addRow("", hint)
            editors[f.key] = ed
        lay.addLayout(form)
        return editors

    def rebuild_step(self) -> None:
        """Build the shown step again (its choices changed), unless something typed in a
        panel would be lost."""
        if self.record is None or not self.shown_step:
            return
        try:
            if any(p.pending() for p in self.panels):
                return
        except RuntimeError:
            return
        bar = self.step_scroll.verticalScrollBar().value()
        self.show_step(self.shown_step)
        self.step_scroll.verticalScrollBar().setValue(bar)

    def make_building_groups(self) -> None:
        """From a step's empty 楼组 field: one 楼组 per 楼号, then the step again with them."""
        ch = self.run(G.groups_from_buildings, self.app.ctx, label=self.tr("按楼号建立楼组"))
        if ch is not None:
            self.rebuild_step()
            self.flash(ch.summary)

    def _flush_editors(self) -> None:
        for ed in list(self.editors.values()):
            with contextlib.suppress(RuntimeError):  # the widget is gone already
                ed.commit()

    # -- status -----------------------------------------------------------------------------
    def refresh_status(self) -> None:
        self._record = S.get(self.store, self.sid)
        rec = self.record
        self.title.setText(rec.title)
        when = rec.date or self.tr("日期未定")
        self.subtitle.setText(f"{rec.kind_label}　{rec.number}　{when}　" + (
            self.tr("已办结") if rec.closed else self.tr("进行到：{s}").format(s=rec.state_label))
            + ("" if rec.definition.public else self.tr("　（内部记录，默认不张贴）")))
        self._fill_premeetings(rec)
        colour = compliance_colour(rec.compliance).name()
        self.badge.setText(self.tr("规范程度{n}").format(n=rec.compliance))
        self.badge.setToolTip(D.COMPLIANCE_HELP)  # the scale, said where the number is
        self.badge.setStyleSheet(f"color: white; background: {colour}; border-radius: 10px;"
                                 " padding: 4px 12px; font-size: 15px; font-weight: bold;")
        self._fill_steps()
        self.checks.clear()
        titles = {s.key: s.title for s in rec.definition.steps}
        for c in rec.checks:
            text = (f"{STATUS_MARKS.get(c['status'], '')} {c['title']}（{titles.get(c['step'], '')}）\n"
                    f"{c['message']}")
            if c.get("reason"):
                text += self.tr("\n理由：{r}").format(r=c["reason"])
            it = QListWidgetItem(text)
            it.setForeground(QColor(STATUS_COLOURS.get(c["status"], "#333")))
            it.setToolTip(R.explain(c["rule"], S.rule_settings(self.store)) if c["rule"] in R.RULES else "")
            self.checks.addItem(it)
        if not rec.checks:
            self.checks.addItem(self.tr("到目前为止没有需要检查的规则。"))
        self.override_btn.setEnabled(bool(self._overridable()))
        viewing_current = self.shown_step == self._current_key() and not rec.closed
        self.current_btn.setVisible(not viewing_current and not rec.closed)
        self.next_btn.setVisible(viewing_current)
        self.back_step_btn.setEnabled(rec.definition.index(rec.state) > 0)
        self.undo_btn.setEnabled(bool(self.undo_stack))
        self.undo_btn.setText(self.tr("撤销（Ctrl+Z）"))
        self.undo_btn.setToolTip(self.tr("撤销上一处修改：{l}").format(l=self.undo_stack[-1][0])
                                 if self.undo_stack else self.tr("没有可以撤销的修改"))
        last = rec.definition.next_key(rec.state) == CLOSED if not rec.closed else False
        self.next_btn.setText(self.tr("完成并办结 ✔") if last else self.tr("下一步 →"))
        if rec.closed:
            self.missing.setText(self.tr("本次会议已办结（{d}）。需要更正时点“退回上一步”。").format(
                d=(rec.closed_at or "")[:10]))
            self.missing.setStyleSheet("color: #2e7d32;")
        elif not viewing_current:
            self.missing.setText(self.tr("你在查看“{s}”，修改会直接保存。当前步骤是“{c}”。").format(
                s=rec.definition.step(self.shown_step).title, c=rec.state_label))
            self.missing.setStyleSheet("color: #555;")
        else:
            need = S.missing(self.store, self.sid)
            if need:
                self.missing.setText(self.tr("还差{n}项才能进入下一步：").format(n=len(need))
                                     + "；".join(need))
                self.missing.setStyleSheet("color: #b26a00;")
            else:
                self.missing.setText(self.tr("这一步的内容都齐了，可以点“{b}”。").format(
                    b=self.next_btn.text()))
                self.missing.setStyleSheet("color: #2e7d32;")

    def _fill_premeetings(self, rec: S.SessionRecord) -> None:
        pres = S.prepared_by(self.store, rec.id)
        self.pre_combo.clear()
        for p in pres:
            self.pre_combo.addItem(f"{p['kind_label']}：{p['title']}", p["id"])
        self.pre_combo.setVisible(bool(pres))
        self.pre_btn.setVisible(bool(pres))
        if pres:
            self.pre_label.setText(self.tr("会前会议："))
        elif rec.prepares_session_id:
            target = S.get(self.store, rec.prepares_session_id)
            self.pre_label.setText(self.tr("这是为“{t}”（{k}）做准备的会前会议。").format(
                t=target.title, k=target.kind_label))
        else:
            self.pre_label.setText("")
        self.pre_label.setVisible(bool(self.pre_label.text()))

    def take_from_premeeting(self) -> None:
        pre = self.pre_combo.currentData()
        if pre is not None:
            self.run(S.take_from_premeeting, self.app.ctx, self.sid, pre, label=self.tr("带入会前会议的成果"))

    def _overridable(self) -> list[dict[str, str]]:
        return [c for c in self.record.checks if c["status"] in ("fail", "warn")
                and c["rule"] in R.RULES and R.RULES[c["rule"]].overridable]

    def flash(self, text: str, error: bool = False) -> None:
        self.flash_label.setText(text)
        self.flash_label.setStyleSheet("color: #c62828;" if error else "color: #2e7d32;")

    # -- changes ----------------------------------------------------------------------------
    def run(self, fn: Callable[..., Any], *args: Any,
            undo: Callable[[Changed], UndoEntry] | None = None,
            label: str = "", reload_panels: bool = True, **kwargs: Any) -> Changed | None:
        """One small service call on the GUI thread (a single short transaction), then
        refresh. A UserError shows in the bar, not as a dialog, so typing is not interrupted."""
        try:
            ch = fn(*args, **kwargs)
        except UserError as exc:
            self.flash(exc.message, error=True)
            return None
        except Exception as exc:  # noqa: BLE001 - shown as an apology, logged
            show_error(self, exc)
            return None
        if undo is not None and isinstance(ch, Changed):
            try:
                fn_back, args_back = undo(ch)
            except (KeyError, TypeError):
                fn_back, args_back = None, ()
            if fn_back is not None:
                self.undo_stack.append((label, (fn_back, args_back)))
            del self.undo_stack[:-UNDO_LIMIT]
        if isinstance(ch, Changed):
            if ch.summary:
                self.flash(ch.summary)
            self.app.bus.changed.emit(ch)
        if reload_panels:
            for p in self.panels:
                p.reload()
        self.refresh_status()
        return ch

    def save_field(self, key: str, value: Any) -> None:
        ch = self.run(S.set_field, self.app.ctx, self.sid, key, value,
                      undo=lambda c: (S.set_fields, (self.app.ctx, self.sid, c.data["before"]))
                      if c.data.get("after") else _no_undo(),
                      label=self._label(key))
        if ch is None and key in self.editors:  # refused: show the stored value again
            self.editors[key].set_value(S.get(self.store, self.sid).value(key))
        if key in ("object_type",) and ch is not None:
            for p in self.panels:
                p.reload()

    def _label(self, key: str) -> str:
        spec = self.record.definition.all_fields().get(key)
        return spec.label if spec else key

    def undo(self) -> None:
        self._flush_editors()
        while self.undo_stack:
            label, (fn, args) = self.undo_stack.pop()
            if fn is None:
                continue
            if self.run(fn, *args, reload_panels=True) is not None:
                self.flash(self.tr("已撤销：{l}").format(l=label))
            self.reload_editors()
            return
        self.flash(self.tr("没有可以撤销的修改。"), error=True)

    def reload_editors(self) -> None:
        rec = S.get(self.store, self.sid)
        values = rec.values()
        for key, ed in self.editors.items():
            ed.set_value(values.get(key))

    def next_step(self) -> None:
        if self._record is None or self.record.closed:
            return
        self._flush_editors()
        if not self.keep_typed():
            return
        if self.shown_step != self._current_key():
            self.show_step(self._current_key())
            return
        ch = self.run(S.advance, self.app.ctx, self.sid, label=self.tr("下一步"))
        if ch is None:
            need = S.missing(self.store, self.sid)
            if need:
                self.flash(self.tr("还不能进入下一步，请看本栏左边列出的缺项。"), error=True)
            return
        self.undo_stack.clear()  # a step boundary: edits before it are not undone from here
        self.show_step(self._current_key())
        self.flash(ch.summary)

    def go_back(self) -> None:
        if not self.keep_typed():
            return
        ch = self.run(S.go_back, self.app.ctx, self.sid, label=self.tr("退回"))
        if ch is not None:
            self.show_step(self._current_key())

    def open_override(self) -> None:
        checks = self._overridable()
        if not checks:
            self.flash(self.tr("现在没有不符合的规则。"))
            return
        dlg = OverrideDialog(checks, self)
        self.override_dialog = dlg
        dlg.accepted.connect(lambda: self._apply_override(dlg))
        dlg.open()

    def _apply_override(self, dlg: OverrideDialog) -> None:
        rule = dlg.rule.currentData()
        ch = self.run(S.override, self.app.ctx, self.sid, rule, dlg.reason.toPlainText(),
                      undo=lambda c: (S.remove_override, (self.app.ctx, self.sid, rule)),
                      label=self.tr("说明理由"))
        if ch is None:
            dlg.open()  # keep the dialog so the reason can be completed


def _no_undo() -> UndoEntry:
    return (None, ())
