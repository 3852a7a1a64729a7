"""Schema v1: everything DOMAIN.md names. Later versions add migrations, never edit this one."""

from __future__ import annotations

from sqlite_utils import Database

SQL = r"""
CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL             -- JSON
);

CREATE TABLE staff_users (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('主任', '委员', '只读')),
    password_hash TEXT,             -- scrypt$n$r$p$salt$hash, never the password
    failed_logins INTEGER NOT NULL DEFAULT 0,
    locked_until TEXT,
    active INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL
);

CREATE TABLE households (
    id INTEGER PRIMARY KEY,
    code TEXT,                      -- 户编号
    address TEXT NOT NULL DEFAULT '',
    building TEXT NOT NULL DEFAULT '',  -- 楼号/幢号 (incl. 弄 where given)
    room TEXT NOT NULL DEFAULT ''       -- 室号
);
CREATE UNIQUE INDEX households_address ON households(building, room, address);

CREATE TABLE groups (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('楼组', '居民小组', '居民代表', '队伍', '五大员')),
    name TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    UNIQUE (kind, name)
);

CREATE TABLE residents (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    sex TEXT NOT NULL DEFAULT '' CHECK (sex IN ('', '男', '女')),
    ethnicity TEXT NOT NULL DEFAULT '',
    birth_date TEXT,                -- YYYY-MM-DD or YYYY-MM
    id_number TEXT UNIQUE,          -- 18 characters, normalised; NULL when unknown
    phone TEXT NOT NULL DEFAULT '',
    address TEXT NOT NULL DEFAULT '',
    building TEXT NOT NULL DEFAULT '',
    room TEXT NOT NULL DEFAULT '',
    household_id INTEGER REFERENCES households(id),
    relation TEXT NOT NULL DEFAULT '',      -- 与户主关系
    building_group_id INTEGER REFERENCES groups(id),  -- 所属楼组
    hukou_address TEXT NOT NULL DEFAULT '',
    population_type TEXT NOT NULL DEFAULT '',  -- 常住/流动/人户分离
    political_status TEXT NOT NULL DEFAULT '',
    marital_status TEXT NOT NULL DEFAULT '',
    education TEXT NOT NULL DEFAULT '',
    employer TEXT NOT NULL DEFAULT '',
    key_categories TEXT NOT NULL DEFAULT '',   -- 重点类别
    note TEXT NOT NULL DEFAULT '',
    is_volunteer INTEGER NOT NULL DEFAULT 0,
    status TEXT NOT NULL DEFAULT '在册' CHECK (status IN ('在册', '迁出', '死亡')),
    status_date TEXT,
    needs_review TEXT NOT NULL DEFAULT '',  -- why a record wants a human look (e.g. no ID)
    search_text TEXT NOT NULL DEFAULT '',   -- name, pinyin, initials, id, phone, address
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX residents_household ON residents(household_id);
CREATE INDEX residents_group ON residents(building_group_id);
CREATE INDEX residents_name ON residents(name);
CREATE INDEX residents_status ON residents(status);

CREATE TABLE memberships (
    id INTEGER PRIMARY KEY,
    group_id INTEGER NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    resident_id INTEGER NOT NULL REFERENCES residents(id),
    role TEXT NOT NULL DEFAULT '',          -- 组长, 副组长, 宣传员, 队长 ...
    term_start TEXT,
    term_end TEXT,
    UNIQUE (group_id, resident_id, role)
);
CREATE INDEX memberships_resident ON memberships(resident_id);

CREATE TABLE units (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,             -- 物业公司, 业委会, 社区民警, 驻区单位, 职能部门, 社工站, 其他
    name TEXT NOT NULL,
    address TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    UNIQUE (kind, name)
);

CREATE TABLE unit_contacts (
    id INTEGER PRIMARY KEY,
    unit_id INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT ''
);

CREATE TABLE topics (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    category TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL DEFAULT '',        -- 走访, 来访, 电话, 议题征询会, 楼组, 网上, 部门, 居委会
    state TEXT NOT NULL DEFAULT '征集',
    building TEXT NOT NULL DEFAULT '',
    group_id INTEGER REFERENCES groups(id),
    merged_into INTEGER REFERENCES topics(id),
    decision TEXT NOT NULL DEFAULT '',
    reason TEXT NOT NULL DEFAULT '',        -- 不予立项 reason, given back to those who raised it
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE topic_raisers (
    id INTEGER PRIMARY KEY,
    topic_id INTEGER NOT NULL REFERENCES topics(id) ON DELETE CASCADE,
    resident_id INTEGER REFERENCES residents(id),
    name TEXT NOT NULL DEFAULT '',
    channel TEXT NOT NULL DEFAULT '',
    raised_on TEXT NOT NULL,
    residents_count INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE sessions (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    number TEXT NOT NULL DEFAULT '',        -- 编号 / 届次
    title TEXT NOT NULL,
    topic_id INTEGER REFERENCES topics(id),
    prepares_session_id INTEGER REFERENCES sessions(id),  -- a pre-meeting and what it prepares
    date TEXT,                              -- YYYY-MM-DD
    start_time TEXT NOT NULL DEFAULT '',
    end_time TEXT NOT NULL DEFAULT '',
    place TEXT NOT NULL DEFAULT '',
    chair TEXT NOT NULL DEFAULT '',
    recorder TEXT NOT NULL DEFAULT '',
    state TEXT NOT NULL,                    -- current step key, or 'closed'
    data TEXT NOT NULL DEFAULT '{}',        -- JSON: the fields each step records
    compliance INTEGER NOT NULL DEFAULT 0,  -- 0-100
    checks TEXT NOT NULL DEFAULT '[]',      -- JSON: results of the rule checks
    archive_no TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    closed_at TEXT
);
CREATE INDEX sessions_kind_date ON sessions(kind, date);

CREATE TABLE session_steps (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    step TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT '未开始',  -- 未开始 / 进行中 / 已完成
    completed_at TEXT,
    UNIQUE (session_id, step)
);

CREATE TABLE rule_overrides (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    rule TEXT NOT NULL,
    reason TEXT NOT NULL,
    by_user TEXT NOT NULL,
    at TEXT NOT NULL
);

CREATE TABLE participants (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    resident_id INTEGER REFERENCES residents(id),
    unit_id INTEGER REFERENCES units(id),
    contact_id INTEGER REFERENCES unit_contacts(id),
    name TEXT NOT NULL,
    role TEXT NOT NULL DEFAULT '',
    attendance TEXT NOT NULL DEFAULT '' CHECK (attendance IN ('', '出席', '缺席', '请假', '委托')),
    absence_reason TEXT NOT NULL DEFAULT '',
    proxy_for INTEGER REFERENCES participants(id),
    seq INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX participants_session ON participants(session_id);
CREATE INDEX participants_resident ON participants(resident_id);

CREATE TABLE speeches (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    participant_id INTEGER REFERENCES participants(id),
    speaker TEXT NOT NULL,
    stance TEXT NOT NULL DEFAULT '',        -- 赞成 / 反对 / 中立 / 建议 / 陈述
    content TEXT NOT NULL DEFAULT '',
    seq INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE votes (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    motion TEXT NOT NULL,
    method TEXT NOT NULL DEFAULT '举手',    -- 举手 / 无记名
    base INTEGER,                           -- those attending (or members due)
    yes INTEGER NOT NULL DEFAULT 0,
    no INTEGER NOT NULL DEFAULT 0,
    abstain INTEGER NOT NULL DEFAULT 0,
    rule TEXT NOT NULL DEFAULT '',
    passed INTEGER,
    seq INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE evaluation_criteria (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    seq INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE evaluation_scores (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    criterion_id INTEGER NOT NULL REFERENCES evaluation_criteria(id) ON DELETE CASCADE,
    participant_id INTEGER REFERENCES participants(id),  -- NULL when counted from anonymous forms
    option TEXT NOT NULL,                   -- 满意 / 基本满意 / 不满意, 优秀 ... or '1'..'5'
    count INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX evaluation_scores_session ON evaluation_scores(session_id);

CREATE TABLE followups (
    id INTEGER PRIMARY KEY,
    session_id INTEGER REFERENCES sessions(id) ON DELETE CASCADE,
    topic_id INTEGER REFERENCES topics(id),
    kind TEXT NOT NULL DEFAULT '',          -- 责任制 / 承诺制 / 落实
    item TEXT NOT NULL,
    responsible TEXT NOT NULL DEFAULT '',
    deadline TEXT,
    status TEXT NOT NULL DEFAULT '未完成' CHECK (status IN ('未完成', '进行中', '已完成', '已取消')),
    done_on TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX followups_deadline ON followups(status, deadline);

CREATE TABLE visits (
    id INTEGER PRIMARY KEY,
    followup_id INTEGER NOT NULL REFERENCES followups(id) ON DELETE CASCADE,
    visited_on TEXT NOT NULL,
    visitor TEXT NOT NULL DEFAULT '',
    result TEXT NOT NULL DEFAULT ''
);

CREATE TABLE notices (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,                     -- hearing_notice, hearing_result, evaluation_result, ...
    title TEXT NOT NULL,
    body TEXT NOT NULL DEFAULT '',
    session_id INTEGER REFERENCES sessions(id),
    topic_id INTEGER REFERENCES topics(id),
    public INTEGER NOT NULL DEFAULT 1,
    mask_names INTEGER NOT NULL DEFAULT 1,
    posted_from TEXT,
    posted_until TEXT,
    created_at TEXT NOT NULL
);

CREATE TABLE import_mappings (
    signature TEXT PRIMARY KEY,             -- the file's header row, normalised
    mapping TEXT NOT NULL,                  -- JSON: column index -> field
    updated_at TEXT NOT NULL
);

CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,                   -- e.g. resident.update, settings.update, resident.reveal
    entity TEXT NOT NULL DEFAULT '',
    entity_id INTEGER,
    summary TEXT NOT NULL DEFAULT '',
    before TEXT,                            -- JSON
    after TEXT                              -- JSON
);
CREATE INDEX audit_log_at ON audit_log(at);
CREATE INDEX audit_log_entity ON audit_log(entity, entity_id);
"""


def statements(sql: str) -> list[str]:
    """Split a DDL script on ';' at line ends (the script has no ';' inside strings)."""
    out, buf = [], []
    for line in sql.splitlines():
        buf.append(line)
        if line.rstrip().endswith(";"):
            out.append("\n".join(buf))
            buf = []
    return [s for s in out if s.strip()]


def migrate(db: Database) -> None:
    for stmt in statements(SQL):
        db.execute(stmt)
