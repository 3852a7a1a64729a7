"""Help where it is needed: the text the step engine shows for a step and for the rules it
checks, always naming the source by its title in 《》 (《中华人民共和国城市居民委员会组织法》,
《上海市居民委员会工作条例》, 《上海市居民区听证会、协调会、评议会制度试行办法》), or 本地惯例.
The texts themselves live with the definitions (domain.workflows, domain.rules)."""

from __future__ import annotations

from collections.abc import Iterable

from ..domain import rules as R
from ..domain.workflows import StepDef


def step_help(step: StepDef) -> str:
    """What to do at this step and why, with its source named."""
    text = step.help.strip()
    if step.source and step.source not in text:
        text += ("" if text.endswith("。") else "。") + f"依据：{step.source}。"
    return text


def rules_help(rules: Iterable[str], settings: R.RuleSettings) -> str:
    """One line per rule the step checks: title, the rule with today's numbers, its source."""
    lines = []
    for key in rules:
        info = R.RULES[key]
        lines.append(f"· {info.title}：{R.explain(key, settings).rstrip('。')}（依据：{info.source}）。")
    return "\n".join(lines)
