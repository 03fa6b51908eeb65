//! The databases and records tests start from, shared by the library's integration tests
//! (`tests/common`), the desktop app's UI tests (`src/ui/test_support.rs` includes this file)
//! and the bundle benchmark (`examples/bundle_bench.rs` includes it too):
//! a fresh database in a temporary folder, a fixture with a unit, a campaign, categories and one
//! problem, drafts with realistic content, a signed demo unit, and helpers that check a refused
//! edit wrote nothing.

// Each includer uses its own subset of these helpers, and a failing helper should panic with a
// clear message (clippy only exempts `#[test]` functions from the unwrap/expect lints).
#![allow(dead_code, clippy::expect_used)]

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use tempfile::TempDir;
use zhenggai::domain::campaign::five_phase_template;
use zhenggai::domain::{
    CampaignDraft, CampaignId, CategoryDraft, CategoryId, Command, CommitmentDraft, CommitmentId,
    CommitmentState, Deadline, EvidenceId, ExtensionId, MeasureDraft, MeasureId, ProblemDraft,
    ProblemId, ProblemLevel, ProblemSource, ProgressNoteId, RecordRef, RuleId, Severity, UnitDraft,
    UnitId,
};
use zhenggai::store::{Store, StoreError};

/// A calendar date; panics on an impossible one (tests only use real dates).
pub fn day(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).expect("valid test date")
}

/// The day the fixture's problem was found.
pub fn found_on() -> NaiveDate {
    day(2026, 4, 10)
}

/// A fresh, empty database path inside a new temporary folder.
pub fn temp_db() -> (TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().join("台账.sqlite");
    (dir, path)
}

/// Applies a command that must succeed.
pub fn apply(store: &mut Store, command: &Command) -> RecordRef {
    match store.apply(command) {
        Ok(target) => target,
        Err(err) => panic!("{} failed: {err} ({err:?})", command.code()),
    }
}

/// The unit the fixture creates.
pub fn unit_draft() -> UnitDraft {
    UnitDraft {
        name: "某县行政审批局".into(),
        code: "11330000MB0000000X".into(),
        superior: "县作风办".into(),
        leader: "王建国".into(),
    }
}

/// A campaign with the five-phase template.
pub fn campaign_draft() -> CampaignDraft {
    CampaignDraft {
        title: "2026年集中整顿作风提升行政效能专项活动".into(),
        year: 2026,
        phases: five_phase_template(2026),
    }
}

/// A problem found on [`found_on`] in `category_id`.
pub fn problem_draft(category_id: Option<CategoryId>, description: &str) -> ProblemDraft {
    ProblemDraft {
        category_id,
        level: ProblemLevel::Division,
        subject: "行政审批科".into(),
        source: ProblemSource::Complaint,
        description: description.into(),
        example: "群众反映办理营业执照需跑三次".into(),
        cause: "一次性告知制度落实不到位".into(),
        severity: Severity::Serious,
        found_on: found_on(),
    }
}

/// A measure under `problem_id` with `deadline`.
pub fn measure_draft(problem_id: ProblemId, deadline: Option<Deadline>) -> MeasureDraft {
    MeasureDraft {
        problem_id,
        content: "推行一次性告知制度，编制办事指南".into(),
        goal: "群众办事最多跑一次".into(),
        responsible_leader: "王建国".into(),
        responsible_division: "政务服务科".into(),
        responsible_person: "李娜".into(),
        deadline,
    }
}

/// A commitment due on `due_on`.
pub fn commitment_draft(content: &str, due_on: Option<NaiveDate>) -> CommitmentDraft {
    CommitmentDraft {
        content: content.into(),
        audience: "服务对象".into(),
        publicity: "门户网站公示".into(),
        due_on,
        state: CommitmentState::Pending,
    }
}

/// Adds an area or item and returns its id.
pub fn add_category(store: &mut Store, parent_id: Option<CategoryId>, name: &str) -> CategoryId {
    let draft = CategoryDraft {
        parent_id,
        name: name.into(),
    };
    match apply(store, &Command::AddCategory(draft)) {
        RecordRef::Category(id) => id,
        other => panic!("AddCategory returned {other:?}"),
    }
}

/// Adds a problem and returns its id.
pub fn add_problem(store: &mut Store, draft: ProblemDraft) -> ProblemId {
    match apply(store, &Command::AddProblem(draft)) {
        RecordRef::Problem(id) => id,
        other => panic!("AddProblem returned {other:?}"),
    }
}

/// Adds a measure and returns its id.
pub fn add_measure(store: &mut Store, draft: MeasureDraft) -> MeasureId {
    match apply(store, &Command::AddMeasure(draft)) {
        RecordRef::Measure(id) => id,
        other => panic!("AddMeasure returned {other:?}"),
    }
}

/// Adds a progress note and returns its id.
pub fn add_note(
    store: &mut Store,
    measure_id: MeasureId,
    noted_on: NaiveDate,
    text: &str,
) -> ProgressNoteId {
    let draft = zhenggai::domain::ProgressNoteDraft {
        measure_id,
        noted_on,
        text: text.into(),
    };
    match apply(store, &Command::AddProgressNote(draft)) {
        RecordRef::ProgressNote(id) => id,
        other => panic!("AddProgressNote returned {other:?}"),
    }
}

/// The command attaching the file at `source` as evidence, shown as `name` (its own file name
/// when `name` is empty), read as the desktop app reads it.
pub fn attach_command(measure_id: MeasureId, source: &Path, name: &str) -> Command {
    let mut file = zhenggai::store::read_evidence_file(source).expect("read the evidence file");
    if !name.is_empty() {
        file.file_name = name.into();
    }
    Command::AttachEvidence {
        measure_id,
        file,
        added_on: day(2026, 6, 1),
    }
}

/// Attaches `source` as evidence and returns the attachment's id.
pub fn attach(store: &mut Store, measure_id: MeasureId, source: &Path, name: &str) -> EvidenceId {
    let command = attach_command(measure_id, source, name);
    match apply(store, &command) {
        RecordRef::Evidence(id) => id,
        other => panic!("AttachEvidence returned {other:?}"),
    }
}

/// Adds a commitment and returns its id.
pub fn add_commitment(store: &mut Store, draft: CommitmentDraft) -> CommitmentId {
    match apply(store, &Command::AddCommitment(draft)) {
        RecordRef::Commitment(id) => id,
        other => panic!("AddCommitment returned {other:?}"),
    }
}

/// Adds a rule and returns its id.
pub fn add_rule(store: &mut Store, draft: zhenggai::domain::RuleDraft) -> RuleId {
    match apply(store, &Command::AddRule(draft)) {
        RecordRef::Rule(id) => id,
        other => panic!("AddRule returned {other:?}"),
    }
}

/// Extends a measure's deadline and returns the extension's id.
pub fn extend(store: &mut Store, measure_id: MeasureId, new_deadline: NaiveDate) -> ExtensionId {
    let draft = zhenggai::domain::ExtensionDraft {
        measure_id,
        new_deadline,
        reason: "需财政资金配套，采购流程较长".into(),
        approver: "王建国".into(),
        approved_on: day(2026, 6, 20),
    };
    match apply(store, &Command::ExtendDeadline(draft)) {
        RecordRef::Extension(id) => id,
        other => panic!("ExtendDeadline returned {other:?}"),
    }
}

/// Moves a measure through plain status changes, in order.
pub fn move_status(
    store: &mut Store,
    measure_id: MeasureId,
    path: &[zhenggai::domain::MeasureStatus],
) {
    for &status in path {
        apply(store, &Command::ChangeMeasureStatus { measure_id, status });
    }
}

/// A working database with a unit, a campaign, one area with one item, and one problem in it.
pub struct Fixture {
    /// Keeps the temporary folder alive.
    pub dir: TempDir,
    /// The database file.
    pub path: PathBuf,
    /// The open store.
    pub store: Store,
    /// The unit.
    pub unit_id: UnitId,
    /// The campaign.
    pub campaign_id: CampaignId,
    /// The area 放管服改革中的“肠梗阻”问题.
    pub area_id: CategoryId,
    /// The item 窗口授权不到位 under it.
    pub item_id: CategoryId,
    /// Problem number 1.
    pub problem_id: ProblemId,
}

impl Fixture {
    /// Builds the fixture in a fresh database.
    pub fn new() -> Self {
        let (dir, path) = temp_db();
        let mut store = Store::open(&path).expect("open a new database");
        let RecordRef::Unit(unit_id) = apply(&mut store, &Command::InitUnit(unit_draft())) else {
            panic!("InitUnit did not return a unit");
        };
        let RecordRef::Campaign(campaign_id) =
            apply(&mut store, &Command::CreateCampaign(campaign_draft()))
        else {
            panic!("CreateCampaign did not return a campaign");
        };
        let area_id = add_category(&mut store, None, "放管服改革中的“肠梗阻”问题");
        let item_id = add_category(&mut store, Some(area_id), "窗口授权不到位");
        let problem_id = add_problem(
            &mut store,
            problem_draft(Some(item_id), "窗口人员授权不足，群众办事需多次往返"),
        );
        Self {
            dir,
            path,
            store,
            unit_id,
            campaign_id,
            area_id,
            item_id,
            problem_id,
        }
    }

    /// Writes `bytes` to a file in the fixture's folder (outside the database) and returns it.
    pub fn write_file(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, bytes).expect("write test file");
        path
    }
}

/// What a refused edit must leave untouched: the audit log, the working data and the revisions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Observed {
    /// Number of audit entries.
    pub audit_entries: usize,
    /// The audit chain head.
    pub audit_head: String,
    /// Canonical JSON of every record.
    pub snapshot: String,
    /// Number of revisions.
    pub revisions: usize,
}

/// Observes the store's state.
pub fn observe(store: &Store) -> Observed {
    Observed {
        audit_entries: store.audit_entries().expect("audit entries").len(),
        audit_head: store.audit_head().expect("audit head"),
        snapshot: store
            .snapshot()
            .expect("snapshot")
            .canonical_json()
            .expect("canonical json"),
        revisions: store.sign_offs().expect("sign-offs").len(),
    }
}

/// Applies a command that must be refused, checks nothing changed, and returns the error.
pub fn refused(store: &mut Store, command: &Command) -> StoreError {
    let before = observe(store);
    let Err(err) = store.apply(command) else {
        panic!("{} was accepted but should be refused", command.code());
    };
    assert_eq!(
        observe(store),
        before,
        "{} was refused ({err}) but changed the data",
        command.code()
    );
    assert_chinese(&err.to_string());
    err
}

/// Checks a user-facing message is Chinese (contains CJK ideographs).
pub fn assert_chinese(message: &str) {
    assert!(
        message
            .chars()
            .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
        "message is not Chinese: {message}"
    );
}

/// Deterministic pseudo-random bytes (an xorshift stream), so large files do not compress away
/// and differ from each other by seed.
pub fn noise(len: usize, seed: u64) -> Vec<u8> {
    let mut state = seed | 1;
    let mut out = Vec::with_capacity(len);
    while out.len() < len {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        out.extend_from_slice(&state.to_le_bytes());
    }
    out.truncate(len);
    out
}

/// Lower-case hex sha256 of `bytes`.
pub fn sha256_of(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    zhenggai::domain::audit::hex_lower(&Sha256::digest(bytes))
}

/// A plain SQLite connection to the file, bypassing the store (for pragmas and tampering).
pub fn raw(path: &Path) -> rusqlite::Connection {
    rusqlite::Connection::open(path).expect("plain connection")
}

/// Counts rows with a plain connection.
pub fn count_rows(path: &Path, sql: &str) -> i64 {
    raw(path)
        .query_row(sql, [], |row| row.get(0))
        .expect("count query")
}

/// The day the demo units' data is dated to.
pub fn demo_today() -> NaiveDate {
    day(2026, 6, 15)
}

/// A new unit database at `path` named `unit` (under 市作风办), set up for 2026 with about
/// `problems` demo problems drawn from `seed`, dated [`demo_today`]; nothing signed yet.
pub fn demo_unit(path: &Path, unit: &str, problems: usize, seed: u64) -> Store {
    let mut store = Store::open(path).expect("open a new database");
    let draft = UnitDraft {
        name: unit.into(),
        superior: "市作风办".into(),
        ..UnitDraft::default()
    };
    fill_demo(&mut store, draft, problems, seed);
    store
}

/// Sets up `unit` in the new database of `store` for 2026, with about `problems` demo problems
/// drawn from `seed`, dated [`demo_today`].
pub fn fill_demo(store: &mut Store, unit: UnitDraft, problems: usize, seed: u64) {
    use zhenggai::demo::{DemoOptions, populate};
    zhenggai::setup::init_workbook(store, unit, 2026).expect("init");
    populate(
        store,
        &DemoOptions {
            problems,
            seed,
            today: demo_today(),
        },
    )
    .expect("demo data");
}

/// Signs off the next revision with `signers` （填报人、审核人、主要负责人）; its number.
pub fn sign_off_as(store: &mut Store, signers: [&str; 3]) -> i64 {
    let target = apply(
        store,
        &Command::SignOff(zhenggai::domain::SignOffDraft {
            preparer: signers[0].into(),
            reviewer: signers[1].into(),
            leader: signers[2].into(),
        }),
    );
    match target {
        RecordRef::Revision(number) => number,
        other => panic!("sign-off returned {other:?}"),
    }
}

/// Signs off the next revision, signed by the demo unit's 李明, 张华 and 王建国.
pub fn sign_off_demo(store: &mut Store) {
    sign_off_as(store, ["李明", "张华", "王建国"]);
}

/// A unit database at `path` with a 12-problem demo, two evidence files on the first measure
/// and `revisions` sign-offs (an edit between each), ready to export bundles from.
pub fn signed_demo(path: &Path, unit: &str, revisions: usize) -> Store {
    let mut store = demo_unit(path, unit, 12, 7);
    let folder = path.parent().expect("database folder");
    let photo = folder.join("现场照片.jpg");
    std::fs::write(&photo, noise(150_000, 11)).expect("photo");
    let scan = folder.join("整改报告扫描件.pdf");
    std::fs::write(&scan, noise(40_000, 12)).expect("scan");
    let measure_id = store.measures().expect("measures")[0].id;
    attach(&mut store, measure_id, &photo, "现场照片.jpg");
    attach(&mut store, measure_id, &scan, "整改报告扫描件.pdf");
    for number in 0..revisions {
        if number > 0 {
            add_note(
                &mut store,
                measure_id,
                day(2026, 6, 20),
                &format!("第 {number} 次报送后继续推进"),
            );
        }
        sign_off_demo(&mut store);
    }
    store
}
