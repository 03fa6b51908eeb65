//! The schema as numbered migrations on `PRAGMA user_version`. Each migration runs in its own
//! transaction together with the version bump, so a file is always at one whole version.

use rusqlite::Connection;

use super::error::StoreResult;

/// Migration 1: the working ledger: unit, campaign, categories, problems, measures and what
/// hangs on them, commitments, rules, evidence blobs and the append-only audit log.
const V1_LEDGER: &str = r"
CREATE TABLE unit (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL CHECK (length(trim(name)) > 0),
    code TEXT NOT NULL DEFAULT '',
    superior TEXT NOT NULL DEFAULT '',
    leader TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
CREATE TABLE campaign (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL CHECK (length(trim(title)) > 0),
    year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100)
);
CREATE TABLE phase (
    id INTEGER PRIMARY KEY,
    campaign_id INTEGER NOT NULL REFERENCES campaign(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    name TEXT NOT NULL CHECK (length(trim(name)) > 0),
    starts_on TEXT NOT NULL CHECK (date(starts_on) IS starts_on),
    ends_on TEXT NOT NULL CHECK (date(ends_on) IS ends_on AND ends_on >= starts_on),
    UNIQUE (campaign_id, position)
);
CREATE TABLE category (
    id INTEGER PRIMARY KEY,
    parent_id INTEGER REFERENCES category(id) ON DELETE CASCADE,
    name TEXT NOT NULL CHECK (length(trim(name)) > 0),
    position INTEGER NOT NULL
);
CREATE UNIQUE INDEX category_sibling_name ON category (ifnull(parent_id, 0), name);
CREATE TABLE problem (
    id INTEGER PRIMARY KEY,
    number INTEGER NOT NULL UNIQUE CHECK (number > 0),
    category_id INTEGER REFERENCES category(id) ON DELETE RESTRICT,
    level TEXT NOT NULL
        CHECK (level IN ('leadership_team', 'team_member', 'division', 'individual')),
    subject TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL CHECK (source IN ('self_inspection', 'public_evaluation',
        'unannounced_visit', 'complaint', 'consultation', 'superior_inspection', 'life_meeting')),
    description TEXT NOT NULL CHECK (length(trim(description)) > 0),
    example TEXT NOT NULL DEFAULT '',
    cause TEXT NOT NULL DEFAULT '',
    severity TEXT NOT NULL CHECK (severity IN ('general', 'serious', 'grave')),
    found_on TEXT NOT NULL CHECK (date(found_on) IS found_on),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX problem_category ON problem (category_id);
CREATE TABLE measure (
    id INTEGER PRIMARY KEY,
    problem_id INTEGER NOT NULL REFERENCES problem(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    content TEXT NOT NULL CHECK (length(trim(content)) > 0),
    goal TEXT NOT NULL DEFAULT '',
    responsible_leader TEXT NOT NULL DEFAULT '',
    responsible_division TEXT NOT NULL DEFAULT '',
    responsible_person TEXT NOT NULL DEFAULT '',
    deadline TEXT
        CHECK (deadline IS NULL OR deadline = 'long_term' OR date(deadline) IS deadline),
    status TEXT NOT NULL
        CHECK (status IN ('not_started', 'in_progress', 'completed', 'closed')),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX measure_problem ON measure (problem_id, position);
CREATE TABLE progress_note (
    id INTEGER PRIMARY KEY,
    measure_id INTEGER NOT NULL REFERENCES measure(id) ON DELETE CASCADE,
    noted_on TEXT NOT NULL CHECK (date(noted_on) IS noted_on),
    text TEXT NOT NULL CHECK (length(trim(text)) > 0),
    created_at TEXT NOT NULL
);
CREATE INDEX progress_note_measure ON progress_note (measure_id);
CREATE TABLE file_blob (
    sha256 TEXT PRIMARY KEY CHECK (length(sha256) = 64),
    size INTEGER NOT NULL CHECK (size >= 0),
    data BLOB NOT NULL
);
CREATE TABLE evidence (
    id INTEGER PRIMARY KEY,
    measure_id INTEGER NOT NULL REFERENCES measure(id) ON DELETE CASCADE,
    blob_sha256 TEXT NOT NULL REFERENCES file_blob(sha256),
    file_name TEXT NOT NULL CHECK (length(trim(file_name)) > 0),
    added_on TEXT NOT NULL CHECK (date(added_on) IS added_on)
);
CREATE INDEX evidence_measure ON evidence (measure_id);
CREATE INDEX evidence_blob ON evidence (blob_sha256);
CREATE TABLE close_out (
    measure_id INTEGER PRIMARY KEY REFERENCES measure(id) ON DELETE CASCADE,
    verifier TEXT NOT NULL CHECK (length(trim(verifier)) > 0),
    closed_on TEXT NOT NULL CHECK (date(closed_on) IS closed_on),
    opinion TEXT NOT NULL CHECK (length(trim(opinion)) > 0),
    no_evidence_reason TEXT NOT NULL DEFAULT ''
);
CREATE TABLE extension (
    id INTEGER PRIMARY KEY,
    measure_id INTEGER NOT NULL REFERENCES measure(id) ON DELETE CASCADE,
    old_deadline TEXT NOT NULL CHECK (date(old_deadline) IS old_deadline),
    new_deadline TEXT NOT NULL
        CHECK (date(new_deadline) IS new_deadline AND new_deadline > old_deadline),
    reason TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    approver TEXT NOT NULL CHECK (length(trim(approver)) > 0),
    approved_on TEXT NOT NULL CHECK (date(approved_on) IS approved_on)
);
CREATE INDEX extension_measure ON extension (measure_id);
CREATE TABLE commitment (
    id INTEGER PRIMARY KEY,
    content TEXT NOT NULL CHECK (length(trim(content)) > 0),
    audience TEXT NOT NULL DEFAULT '',
    publicity TEXT NOT NULL DEFAULT '',
    due_on TEXT CHECK (due_on IS NULL OR date(due_on) IS due_on),
    state TEXT NOT NULL CHECK (state IN ('pending', 'honoured', 'broken'))
);
CREATE TABLE rule (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL CHECK (length(trim(name)) > 0),
    kind TEXT NOT NULL CHECK (kind IN ('new', 'revised', 'repealed')),
    doc_number TEXT NOT NULL DEFAULT '',
    issued_on TEXT CHECK (issued_on IS NULL OR date(issued_on) IS issued_on),
    note TEXT NOT NULL DEFAULT ''
);
CREATE TABLE rule_problem (
    rule_id INTEGER NOT NULL REFERENCES rule(id) ON DELETE CASCADE,
    problem_id INTEGER NOT NULL REFERENCES problem(id) ON DELETE CASCADE,
    PRIMARY KEY (rule_id, problem_id)
) WITHOUT ROWID;
CREATE INDEX rule_problem_problem ON rule_problem (problem_id);
CREATE TABLE audit_log (
    seq INTEGER PRIMARY KEY CHECK (seq > 0),
    at TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT NOT NULL,
    details TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL UNIQUE
);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, '操作日志只能追加,不能修改'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, '操作日志只能追加,不能删除'); END;
";

/// Migration 2: sign-off revisions, frozen and immutable.
const V2_REVISIONS: &str = r"
CREATE TABLE revision (
    number INTEGER PRIMARY KEY CHECK (number > 0),
    preparer TEXT NOT NULL CHECK (length(trim(preparer)) > 0),
    reviewer TEXT NOT NULL CHECK (length(trim(reviewer)) > 0),
    leader TEXT NOT NULL CHECK (length(trim(leader)) > 0),
    signed_at TEXT NOT NULL,
    data_sha256 TEXT NOT NULL CHECK (length(data_sha256) = 64),
    canonical_json TEXT NOT NULL
);
CREATE TRIGGER revision_no_update BEFORE UPDATE ON revision
BEGIN SELECT RAISE(ABORT, '报送版本已冻结,不能修改'); END;
CREATE TRIGGER revision_no_delete BEFORE DELETE ON revision
BEGIN SELECT RAISE(ABORT, '报送版本已冻结,不能删除'); END;
";

/// Migration 3: high-water marks for ledger numbers, so the number of a deleted problem is never
/// given to another one (a submitted ledger's 序号 must keep meaning the same problem).
const V3_COUNTERS: &str = r"
CREATE TABLE counter (
    name TEXT PRIMARY KEY,
    value INTEGER NOT NULL CHECK (value >= 0)
);
INSERT INTO counter (name, value) SELECT 'problem_number', ifnull(max(number), 0) FROM problem;
";

/// Migration 4: the default signers (填报人, 审核人, 主要负责人) the sign-off starts from. One
/// row at most (id 1); names are stored trimmed and bounded like the sign-off's own fields.
const V4_DEFAULT_SIGNERS: &str = r"
CREATE TABLE default_signers (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    preparer TEXT NOT NULL DEFAULT ''
        CHECK (length(preparer) <= 200 AND preparer = trim(preparer)),
    reviewer TEXT NOT NULL DEFAULT ''
        CHECK (length(reviewer) <= 200 AND reviewer = trim(reviewer)),
    leader TEXT NOT NULL DEFAULT ''
        CHECK (length(leader) <= 200 AND leader = trim(leader))
);
";

/// Migration 5: the unit's minisign key pair. Written once; replacing a unit's key is a
/// deliberate act for a later version, never an UPDATE.
const V5_UNIT_KEY: &str = r"
CREATE TABLE unit_key (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    key_id TEXT NOT NULL CHECK (length(key_id) = 16),
    public_key TEXT NOT NULL CHECK (length(public_key) > 0),
    secret_key TEXT NOT NULL CHECK (length(secret_key) > 0),
    created_at TEXT NOT NULL
);
CREATE TRIGGER unit_key_no_update BEFORE UPDATE ON unit_key
BEGIN SELECT RAISE(ABORT, '单位密钥不能修改'); END;
CREATE TRIGGER unit_key_no_delete BEFORE DELETE ON unit_key
BEGIN SELECT RAISE(ABORT, '单位密钥不能删除'); END;
";

/// Migration 6: the superior office's aggregate (汇总) and the receipts a unit gets back. An
/// aggregate has an office row and no unit; a unit's database has the opposite. Received
/// revisions are frozen like a unit's own; a unit's pinned key changes only by an explicit
/// 更换密钥, recorded in the audit log.
const V6_AGGREGATE: &str = r"
CREATE TABLE office (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    name TEXT NOT NULL CHECK (length(trim(name)) > 0 AND length(name) <= 200),
    created_at TEXT NOT NULL
);
CREATE TABLE received_unit (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
    key_id TEXT NOT NULL CHECK (length(key_id) = 16),
    public_key TEXT NOT NULL CHECK (length(public_key) > 0),
    first_received_at TEXT NOT NULL
);
CREATE TABLE received_revision (
    id INTEGER PRIMARY KEY,
    unit_id INTEGER NOT NULL REFERENCES received_unit(id),
    revision INTEGER NOT NULL CHECK (revision > 0),
    preparer TEXT NOT NULL,
    reviewer TEXT NOT NULL,
    leader TEXT NOT NULL,
    signed_at TEXT NOT NULL,
    received_at TEXT NOT NULL,
    data_sha256 TEXT NOT NULL CHECK (length(data_sha256) = 64),
    manifest_sha256 TEXT NOT NULL UNIQUE CHECK (length(manifest_sha256) = 64),
    key_id TEXT NOT NULL CHECK (length(key_id) = 16),
    manifest_json TEXT NOT NULL,
    canonical_json TEXT NOT NULL,
    UNIQUE (unit_id, revision)
);
CREATE TRIGGER received_revision_no_update BEFORE UPDATE ON received_revision
BEGIN SELECT RAISE(ABORT, '已接收的报送版本不能修改'); END;
CREATE TRIGGER received_revision_no_delete BEFORE DELETE ON received_revision
BEGIN SELECT RAISE(ABORT, '已接收的报送版本不能删除'); END;
CREATE TABLE receipt (
    revision INTEGER PRIMARY KEY REFERENCES revision(number),
    office TEXT NOT NULL CHECK (length(trim(office)) > 0),
    office_key_id TEXT NOT NULL CHECK (length(office_key_id) = 16),
    received_at TEXT NOT NULL,
    receipt_json TEXT NOT NULL,
    imported_at TEXT NOT NULL
);
CREATE TRIGGER receipt_no_update BEFORE UPDATE ON receipt
BEGIN SELECT RAISE(ABORT, '回执不能修改'); END;
CREATE TRIGGER receipt_no_delete BEFORE DELETE ON receipt
BEGIN SELECT RAISE(ABORT, '回执不能删除'); END;
";

/// Migration 7: 国密. The SM2 key pair beside the minisign one (written once, like it; a
/// database from before gets its pair when it is opened, through an audited command), the SM2
/// key an aggregate pins for each unit beside its minisign key, the SM2 key of the office
/// whose receipts a unit has imported, and each stored file's SM3, worked out when it is
/// attached so that an export need not hash it again. The columns stay empty for keys and
/// files from older versions.
const V7_SM2: &str = r"
CREATE TABLE unit_sm2_key (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    key_id TEXT NOT NULL CHECK (length(key_id) = 16),
    public_key TEXT NOT NULL CHECK (length(public_key) > 0),
    secret_key TEXT NOT NULL CHECK (length(secret_key) > 0),
    created_at TEXT NOT NULL
);
CREATE TRIGGER unit_sm2_key_no_update BEFORE UPDATE ON unit_sm2_key
BEGIN SELECT RAISE(ABORT, '单位国密密钥不能修改'); END;
CREATE TRIGGER unit_sm2_key_no_delete BEFORE DELETE ON unit_sm2_key
BEGIN SELECT RAISE(ABORT, '单位国密密钥不能删除'); END;
ALTER TABLE received_unit ADD COLUMN sm2_key_id TEXT
    CHECK (sm2_key_id IS NULL OR length(sm2_key_id) = 16);
ALTER TABLE received_unit ADD COLUMN sm2_public_key TEXT;
ALTER TABLE receipt ADD COLUMN office_sm2_key_id TEXT
    CHECK (office_sm2_key_id IS NULL OR length(office_sm2_key_id) = 16);
ALTER TABLE file_blob ADD COLUMN sm3 TEXT CHECK (sm3 IS NULL OR length(sm3) = 64);
";

/// Every migration in order; migration `i` (0-based) brings the file to version `i + 1`.
const MIGRATIONS: &[&str] = &[
    V1_LEDGER,
    V2_REVISIONS,
    V3_COUNTERS,
    V4_DEFAULT_SIGNERS,
    V5_UNIT_KEY,
    V6_AGGREGATE,
    V7_SM2,
];

/// The schema version this program writes.
pub const LATEST_VERSION: i64 = MIGRATIONS.len() as i64;

/// The file's schema version.
pub fn version(conn: &Connection) -> StoreResult<i64> {
    Ok(conn.pragma_query_value(None, "user_version", |row| row.get(0))?)
}

/// Runs the migrations from the file's version up to `target`, each in its own transaction.
pub fn migrate_to(conn: &mut Connection, target: i64) -> StoreResult<()> {
    let current = version(conn)?;
    for (index, sql) in MIGRATIONS.iter().enumerate() {
        let next = index as i64 + 1;
        if next <= current || next > target {
            continue;
        }
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", next)?;
        tx.commit()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrating_an_empty_file_reaches_the_latest_version() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate_to(&mut conn, LATEST_VERSION).unwrap();
        assert_eq!(version(&conn).unwrap(), LATEST_VERSION);
        // Running again is a no-op, not an error.
        migrate_to(&mut conn, LATEST_VERSION).unwrap();
        assert_eq!(version(&conn).unwrap(), LATEST_VERSION);
    }

    #[test]
    fn a_failing_migration_leaves_the_previous_version_whole() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate_to(&mut conn, 1).unwrap();
        // A table named like one migration 2 creates makes migration 2 fail half-way.
        conn.execute_batch("CREATE TABLE revision (x)").unwrap();
        assert!(migrate_to(&mut conn, 2).is_err());
        assert_eq!(version(&conn).unwrap(), 1);
        let triggers: i64 = conn
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE name = 'revision_no_update'",
                [],
                |row| row.get(0),
            )
            .unwrap();
        assert_eq!(triggers, 0);
    }
}
