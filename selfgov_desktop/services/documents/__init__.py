"""Gather what a document shows from the records (read-only SQL), and export files.

A package as services/sessions/ is: `minutes` (会议记录), `notices` (公告、公示、公开 as
stored), `session_docs` (the documents a step names: 通知, 协议书, 反馈单, 整改承诺书, 名单),
`ledgers` (台账 rows and yearly statistics), `exports` (files out, one audit row each).

Everything here is tolerant of missing keys in sessions.data: a field not yet recorded is
simply left out, or blank in a ledger."""

from __future__ import annotations

from .common import (_d, _json, _rate, _rate_label, _rows, _section_fields, _session,
                     cn_date, evaluation_result, kind_label, person_name, rule_settings_proxies)
from .exports import (PdfWriter, export_ledger, export_minutes, export_notice,
                      record_export)
from .ledgers import (DEFAULT_MINIMUMS, MINIMUMS_KEY, attendance_rows, followup_rows,
                      ledger_book, minimums, save_minimums, session_rows, topic_rows,
                      year_stats)
from .minutes import _checks, minutes_data
from .notices import evaluation_table, mask_names_in, notice_data, notice_row

__all__ = [
    "DEFAULT_MINIMUMS", "MINIMUMS_KEY", "PdfWriter", "_checks", "_d", "_json", "_rate",
    "_rate_label", "_rows", "_section_fields", "_session", "attendance_rows", "cn_date",
    "evaluation_result", "evaluation_table", "export_ledger", "export_minutes",
    "export_notice", "followup_rows", "kind_label", "ledger_book", "mask_names_in",
    "minimums", "minutes_data", "notice_data", "notice_row", "person_name", "record_export",
    "rule_settings_proxies", "save_minimums", "session_rows", "topic_rows", "year_stats",
]
