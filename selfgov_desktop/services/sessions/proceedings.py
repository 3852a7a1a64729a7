"""What was said and voted at a session: speeches and votes."""

from __future__ import annotations

from typing import Any

from ...domain import rules as R
from ...domain.errors import UserError
from ...domain.workflows import definition
from ...domain.workflows.hearing import STRAW_POLL
from ...store.db import Store
from ..base import Changed, Context, new_id
from .checks import _recompute
from .records import get


# -- speeches -------------------------------------------------------------------------------

STANCES = ("陈述", "赞成", "反对", "中立", "建议", "提问", "答复")


def speeches(store: Store, sid: int) -> list[dict[str, Any]]:
    cur = store.conn.execute("SELECT id, participant_id, speaker, stance, content, seq FROM speeches"
                             " WHERE session_id = ? ORDER BY seq, id", [sid])
    return [dict(zip(("id", "participant_id", "speaker", "stance", "content", "seq"), r, strict=True))
            for r in cur]


def add_speech(ctx: Context, sid: int, speaker: str, content: str = "", stance: str = "",
               participant_id: int | None = None) -> Changed:
    ctx.require_write()
    if not speaker.strip():
        raise UserError("请填写发言人。")
    with ctx.tx() as tx:
        seq = tx.db.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM speeches WHERE session_id = ?",
                            [sid]).fetchone()[0]
        spid = new_id(tx.db.execute(
            "INSERT INTO speeches (session_id, participant_id, speaker, stance, content,"
            " seq) VALUES (?, ?, ?, ?, ?, ?)",
            [sid, participant_id, speaker.strip(), stance, content, seq]))
        tx.audit("speech.add", "speeches", spid, summary=f"记录发言：{speaker.strip()}",
                 after={"session_id": sid, "speaker": speaker, "stance": stance, "content": content})
        _recompute(tx, sid)
    warning = absent_speaker(ctx.store, sid, speaker.strip(), participant_id)
    return Changed.of("sessions", "speeches", ids=[spid],
                      summary="已记录发言" + (f"。{warning}" if warning else ""), id=spid, warning=warning)


def absent_speaker(store: Store, sid: int, speaker: str, participant_id: int | None = None) -> str:
    """A warning when the speaker is marked 缺席 or 请假 at this session ("" when not): the
    minutes would show a speech by someone who was not there."""
    row = store.conn.execute(
        "SELECT name, attendance FROM participants WHERE session_id = ? AND (id = ? OR name = ?)"
        " AND attendance IN ('缺席', '请假') LIMIT 1", [sid, participant_id, speaker]).fetchone()
    if row is None:
        return ""
    return f"注意：{row[0]}签到为“{row[1]}”，请核对发言人或改正签到。"


def update_speech(ctx: Context, speech_id: int, **values: Any) -> Changed:
    ctx.require_write()
    allowed = {"speaker", "stance", "content", "participant_id"}
    bad = set(values) - allowed
    if bad:
        raise UserError("发言没有这些项：" + "、".join(bad))
    row = ctx.store.conn.execute("SELECT session_id, speaker, stance, content, participant_id FROM speeches"
                                 " WHERE id = ?", [speech_id]).fetchone()
    if row is None:
        raise UserError("这条发言已被删除。")
    old = dict(zip(("speaker", "stance", "content", "participant_id"), row[1:], strict=True))
    with ctx.tx() as tx:
        sets = ", ".join(f"{k} = ?" for k in values)
        tx.db.execute(f"UPDATE speeches SET {sets} WHERE id = ?", [*values.values(), speech_id])
        tx.audit("speech.update", "speeches", speech_id, summary="修改发言",
                 before={k: old[k] for k in values}, after=values)
    return Changed.of("speeches", ids=[speech_id], before={k: old[k] for k in values}, after=values)


def remove_speech(ctx: Context, speech_id: int) -> Changed:
    ctx.require_write()
    row = ctx.store.conn.execute("SELECT session_id, speaker, content FROM speeches WHERE id = ?",
                                 [speech_id]).fetchone()
    if row is None:
        return Changed.of()
    with ctx.tx() as tx:
        tx.db.execute("DELETE FROM speeches WHERE id = ?", [speech_id])
        tx.audit("speech.remove", "speeches", speech_id, summary=f"删除发言：{row[1]}",
                 before={"speaker": row[1], "content": row[2]})
        _recompute(tx, row[0])
    return Changed.of("sessions", "speeches", ids=[speech_id], summary="已删除发言")


# -- votes ----------------------------------------------------------------------------------

def votes(store: Store, sid: int) -> list[dict[str, Any]]:
    cur = store.conn.execute("SELECT id, motion, method, base, yes, no, abstain, rule, passed FROM votes"
                             " WHERE session_id = ? ORDER BY seq, id", [sid])
    return [dict(zip(("id", "motion", "method", "base", "yes", "no", "abstain", "rule", "passed"), r,
                     strict=True)) for r in cur]


def add_vote(ctx: Context, sid: int, motion: str, base: int, yes: int, no: int = 0, abstain: int = 0,
             method: str = "举手") -> Changed:
    ctx.require_write()
    if not motion.strip():
        raise UserError("请填写表决事项。")
    if min(base, yes, no, abstain) < 0:
        raise UserError("票数不能是负数。")
    if yes + no + abstain > base:
        raise UserError(f"赞成、反对、弃权合计{yes + no + abstain}票，多于到会的{base}人，请核对。")
    straw = not definition(get(ctx.store, sid).kind).votes_decide
    passed = None if straw else R.passes_majority(yes, base)
    rule = STRAW_POLL if straw else "过半数"
    outcome = f"赞成{yes}、反对{no}、弃权{abstain}" if straw else ("通过" if passed else "未通过")
    with ctx.tx() as tx:
        seq = tx.db.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM votes WHERE session_id = ?",
                            [sid]).fetchone()[0]
        vid = new_id(tx.db.execute(
            "INSERT INTO votes (session_id, motion, method, base, yes, no, abstain, rule,"
            " passed, seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [sid, motion.strip(), method, base, yes, no, abstain, rule,
                                    None if passed is None else int(passed), seq]))
        tx.audit("vote.add", "votes", vid,
                 summary=f"{rule if straw else '表决'}：{motion.strip()}（{outcome}）",
                 after={"base": base, "yes": yes, "no": no, "abstain": abstain, "rule": rule})
        _recompute(tx, sid)
    return Changed.of("sessions", "votes", ids=[vid], summary=outcome, id=vid, passed=passed)



def remove_vote(ctx: Context, vote_id: int) -> Changed:
    ctx.require_write()
    row = ctx.store.conn.execute("SELECT session_id, motion FROM votes WHERE id = ?", [vote_id]).fetchone()
    if row is None:
        return Changed.of()
    with ctx.tx() as tx:
        tx.db.execute("DELETE FROM votes WHERE id = ?", [vote_id])
        tx.audit("vote.remove", "votes", vote_id, summary=f"删除表决：{row[1]}")
        _recompute(tx, row[0])
    return Changed.of("sessions", "votes", ids=[vote_id], summary="已删除表决")
