"""Paper in the room, in the step engine: 打印表格 buttons, and typing the paper back.

- 签到录入: the printed list in the same order; keys 1 出席 · 2 缺席 · 3 请假 · 4 委托 (then the
  受托人's name) · 0 clear, the cursor moves to the next line; walk-ins by name or pinyin;
  the quorum / attendance / coverage figures update with every key.
- 评议表 / 表决票录入: form by form with the keyboard alone (one key per answer, 0 = void,
  Backspace = back, Enter = next form, Ctrl+Z = reopen the last form), or per-option counts
  per criterion. Nothing is saved unless valid + void = returned ≤ issued and every criterion
  (motion) adds up to the valid forms; 保存 (Ctrl+S) stays disabled until it does.

Everything is saved by services.paper in one transaction, into the tables the live panels use."""

from .ballot import BallotEntryDialog
from .common import BAD_COLOUR, OK_COLOUR
from .evaluation import EvaluationEntryDialog
from .signin import ATT_KEYS, SigninEntryDialog, SigninTable
from .strip import PaperPanel, paper_panels
from .tally import DIGITS, CountsGrid, FormByForm

__all__ = ["ATT_KEYS", "BAD_COLOUR", "DIGITS", "OK_COLOUR", "BallotEntryDialog", "CountsGrid",
           "EvaluationEntryDialog", "FormByForm", "PaperPanel", "SigninEntryDialog", "SigninTable",
           "paper_panels"]
