"""首页: where things stand, from the store."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from ...services import settings, stats
from ..context import AppContext
from .base import Page


class StatCard(QFrame):
    def __init__(self, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        lay = QVBoxLayout(self)
        self.value = QLabel("0")
        self.value.setObjectName("statValue")
        self.value.setAlignment(Qt.AlignmentFlag.AlignLeft)
        self.caption = QLabel(caption)
        self.caption.setObjectName("statCaption")
        lay.addWidget(self.value)
        lay.addWidget(self.caption)

    def set(self, value: int, warn: bool = False) -> None:
        self.value.setText(f"{value:,}")
        self.value.setProperty("warn", warn)
        self.value.style().unpolish(self.value)
        self.value.style().polish(self.value)


class HomePage(Page):
    key = "home"

    def __init__(self, app: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(app, parent)
        lay = QVBoxLayout(self)
        self.heading = QLabel()
        self.heading.setObjectName("pageTitle")
        lay.addWidget(self.heading)
        self.sub = QLabel()
        self.sub.setObjectName("pageSubtitle")
        lay.addWidget(self.sub)
        grid = QGridLayout()
        grid.setSpacing(12)
        self.cards: dict[str, StatCard] = {}
        specs = [
            ("residents", self.tr("在册居民（人）")),
            ("households", self.tr("户数")),
            ("building_groups", self.tr("楼组")),
            ("representatives", self.tr("在任居民代表")),
            ("units", self.tr("单位")),
            ("sessions_this_year", self.tr("本年会议（场）")),
            ("open_followups", self.tr("未完成的跟踪事项")),
            ("overdue_followups", self.tr("已逾期的跟踪事项")),
            ("notices_posted", self.tr("公示期内的公示")),
            ("topics_open", self.tr("待处理议题")),
        ]
        for i, (key, caption) in enumerate(specs):
            card = StatCard(caption)
            self.cards[key] = card
            grid.addWidget(card, i // 5, i % 5)
        lay.addLayout(grid)
        lay.addStretch(1)

    def title(self) -> str:
        return self.tr("首页")

    def refresh(self) -> None:
        store = self.app.ctx.store
        committee = settings.committee(store)
        self.heading.setText(committee.name or self.tr("居委会三会工作台"))
        self.sub.setText(self.tr("监督电话：{phone}").format(phone=committee.supervision_phone)
                         if committee.supervision_phone else "")
        ov = stats.overview(store)
        for key, card in self.cards.items():
            value = getattr(ov, key)
            card.set(value, warn=key == "overdue_followups" and value > 0)
