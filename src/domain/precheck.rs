//! 报送前检查 (the pre-submission check): what a superior office would send back, worked out
//! from a snapshot of the working data. Blocking findings stop a sign-off; warnings are shown
//! so the clerk can act on them, but do not stop it.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;

use super::date::format_date;
use super::overdue::days_overdue;
use super::punctuation_fix::punctuation_spots;
use super::snapshot::Snapshot;
use super::text::shorten;

/// How many characters of a text name its record in a message.
const LABEL_CHARS: usize = 20;
use super::{CommitmentState, MeasureId, ProblemId, RecordRef};

/// An overdue measure needs a progress note at least this recent.
pub const NOTE_FRESHNESS_DAYS: i64 = 30;

/// Whether a finding stops the sign-off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FindingLevel {
    /// Must be fixed before signing (必须改正).
    Blocking,
    /// Should be looked at; signing is still possible (提醒).
    Warning,
}

impl FindingLevel {
    /// The Chinese label shown beside the finding.
    pub fn label(self) -> &'static str {
        match self {
            Self::Blocking => "必须改正",
            Self::Warning => "提醒",
        }
    }
}

/// What kind of gap a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FindingKind {
    /// A problem without any measure.
    ProblemWithoutMeasure,
    /// A measure without a responsible person (责任人).
    MeasureWithoutPerson,
    /// A measure without a deadline (neither a date nor 长期坚持).
    MeasureWithoutDeadline,
    /// A closed-out measure with neither evidence nor a reason for its absence.
    CloseOutWithoutEvidence,
    /// An overdue measure without a progress note in the last [`NOTE_FRESHNESS_DAYS`] days.
    OverdueWithoutRecentNote,
    /// A commitment past its due date and not honoured.
    CommitmentPastDue,
    /// A text with half-width punctuation between Chinese words, which an office sends back
    /// (GB/T 15834); 规范标点 fixes them all at once.
    HalfWidthPunctuation,
}

impl FindingKind {
    /// Whether this kind of gap stops a sign-off.
    pub fn level(self) -> FindingLevel {
        match self {
            Self::ProblemWithoutMeasure
            | Self::MeasureWithoutPerson
            | Self::MeasureWithoutDeadline
            | Self::CloseOutWithoutEvidence => FindingLevel::Blocking,
            Self::OverdueWithoutRecentNote
            | Self::CommitmentPastDue
            | Self::HalfWidthPunctuation => FindingLevel::Warning,
        }
    }
}

/// One gap, with the record to open to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// What kind of gap.
    pub kind: FindingKind,
    /// The record to open: a problem, a measure or a commitment.
    pub target: RecordRef,
    /// The ledger number of the problem concerned, when there is one.
    pub problem_number: Option<i64>,
    /// What is wrong and what to do, in Chinese.
    pub message: String,
}

impl Finding {
    /// Whether this finding stops a sign-off.
    pub fn level(&self) -> FindingLevel {
        self.kind.level()
    }
}

/// Runs every check over `snapshot` as of `today`. Blocking findings come first, then
/// warnings; within a level, by problem number, then by kind.
pub fn pre_submission_check(snapshot: &Snapshot, today: NaiveDate) -> Vec<Finding> {
    let numbers: HashMap<ProblemId, i64> = snapshot
        .problems
        .iter()
        .map(|problem| (problem.id, problem.number))
        .collect();
    let with_measures: HashSet<ProblemId> = snapshot
        .measures
        .iter()
        .map(|measure| measure.problem_id)
        .collect();
    let with_evidence: HashSet<MeasureId> = snapshot
        .evidence
        .iter()
        .map(|evidence| evidence.measure_id)
        .collect();
    let mut last_note: HashMap<MeasureId, NaiveDate> = HashMap::new();
    for note in &snapshot.progress_notes {
        let latest = last_note.entry(note.measure_id).or_insert(note.noted_on);
        *latest = (*latest).max(note.noted_on);
    }

    let mut findings = Vec::new();
    for problem in &snapshot.problems {
        if !with_measures.contains(&problem.id) {
            findings.push(Finding {
                kind: FindingKind::ProblemWithoutMeasure,
                target: RecordRef::Problem(problem.id),
                problem_number: Some(problem.number),
                message: format!(
                    "问题 {} 还没有整改措施：请至少制定一条措施。",
                    problem.number
                ),
            });
        }
    }
    for measure in &snapshot.measures {
        let number = numbers.get(&measure.problem_id).copied();
        let label = measure_label(number, &measure.content);
        let mut push = |kind: FindingKind, message: String| {
            findings.push(Finding {
                kind,
                target: RecordRef::Measure(measure.id),
                problem_number: number,
                message,
            });
        };
        if measure.responsible_person.trim().is_empty() {
            push(
                FindingKind::MeasureWithoutPerson,
                format!("{label}没有责任人：请填写责任人。"),
            );
        }
        if measure.deadline.is_none() {
            push(
                FindingKind::MeasureWithoutDeadline,
                format!("{label}没有整改时限：请填写完成日期或选择「长期坚持」。"),
            );
        }
        if let Some(days) = days_overdue(measure.deadline, measure.status, today) {
            let recent = last_note
                .get(&measure.id)
                .is_some_and(|noted_on| (today - *noted_on).num_days() <= NOTE_FRESHNESS_DAYS);
            if !recent {
                push(
                    FindingKind::OverdueWithoutRecentNote,
                    format!(
                        "{label}已逾期 {days} 天，近 {NOTE_FRESHNESS_DAYS} 天没有进展记录：请记录整改进展或办理延期。"
                    ),
                );
            }
        }
    }
    for close_out in &snapshot.close_outs {
        if close_out.no_evidence_reason.trim().is_empty()
            && !with_evidence.contains(&close_out.measure_id)
        {
            let measure = snapshot
                .measures
                .iter()
                .find(|measure| measure.id == close_out.measure_id);
            let number = measure.and_then(|measure| numbers.get(&measure.problem_id).copied());
            let content = measure.map_or("", |measure| measure.content.as_str());
            findings.push(Finding {
                kind: FindingKind::CloseOutWithoutEvidence,
                target: RecordRef::Measure(close_out.measure_id),
                problem_number: number,
                message: format!(
                    "{}已销号，但没有佐证材料，也没有写明理由：请补充佐证材料。",
                    measure_label(number, content)
                ),
            });
        }
    }
    for commitment in &snapshot.commitments {
        let Some(due_on) = commitment.due_on else {
            continue;
        };
        if due_on < today && commitment.state != CommitmentState::Honoured {
            findings.push(Finding {
                kind: FindingKind::CommitmentPastDue,
                target: RecordRef::Commitment(commitment.id),
                problem_number: None,
                message: format!(
                    "承诺「{}」的时限 {} 已过，状态为「{}」：请核实是否兑现。",
                    shorten(&commitment.content, LABEL_CHARS),
                    format_date(due_on),
                    commitment.state.label()
                ),
            });
        }
    }
    for spot in punctuation_spots(snapshot) {
        findings.push(Finding {
            kind: FindingKind::HalfWidthPunctuation,
            target: spot.target,
            problem_number: spot.problem_number,
            message: format!(
                "{}：「{}」中有夹在中文之间的半角标点，可点「规范标点」一次改正。",
                spot.record, spot.field
            ),
        });
    }
    findings.sort_by_key(|finding| {
        (
            finding.level(),
            finding.problem_number.unwrap_or(i64::MAX),
            finding.kind,
        )
    });
    findings
}

/// Whether any finding stops the sign-off.
pub fn has_blocking(findings: &[Finding]) -> bool {
    findings
        .iter()
        .any(|finding| finding.level() == FindingLevel::Blocking)
}

/// `问题 12 的措施「……」` for messages.
fn measure_label(problem_number: Option<i64>, content: &str) -> String {
    match problem_number {
        Some(number) => format!("问题 {number} 的措施「{}」", shorten(content, LABEL_CHARS)),
        None => format!("措施「{}」", shorten(content, LABEL_CHARS)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Command;
    use crate::domain::punctuation::as_typed_half_width;
    use crate::domain::snapshot::SNAPSHOT_FORMAT;
    use crate::domain::{
        CloseOut, Commitment, CommitmentId, Deadline, Evidence, EvidenceId, Measure, MeasureStatus,
        Problem, ProblemLevel, ProblemSource, ProgressNote, ProgressNoteId, Severity,
    };

    fn day(month: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, month, day).unwrap()
    }

    fn problem(id: i64) -> Problem {
        Problem {
            id: ProblemId(id),
            number: id,
            category_id: None,
            level: ProblemLevel::Division,
            subject: String::new(),
            source: ProblemSource::SelfInspection,
            description: "办事流程繁琐".into(),
            example: String::new(),
            cause: String::new(),
            severity: Severity::General,
            found_on: day(3, 1),
        }
    }

    fn measure(id: i64, problem_id: i64, deadline: Option<Deadline>) -> Measure {
        Measure {
            id: MeasureId(id),
            problem_id: ProblemId(problem_id),
            position: 1,
            content: "精简审批环节，压缩办理时限至5个工作日".into(),
            goal: String::new(),
            responsible_leader: "王副局长".into(),
            responsible_division: "审批科".into(),
            responsible_person: "李娜".into(),
            deadline,
            status: MeasureStatus::InProgress,
        }
    }

    fn snapshot() -> Snapshot {
        Snapshot {
            format: SNAPSHOT_FORMAT.into(),
            version: 1,
            unit: None,
            campaigns: vec![],
            categories: vec![],
            problems: vec![problem(1)],
            measures: vec![measure(1, 1, Some(Deadline::Date(day(12, 31))))],
            progress_notes: vec![],
            evidence: vec![],
            close_outs: vec![],
            extensions: vec![],
            commitments: vec![],
            rules: vec![],
        }
    }

    fn kinds(findings: &[Finding]) -> Vec<FindingKind> {
        findings.iter().map(|finding| finding.kind).collect()
    }

    #[test]
    fn complete_data_has_no_findings() {
        assert!(pre_submission_check(&snapshot(), day(6, 1)).is_empty());
    }

    #[test]
    fn half_width_punctuation_warns_by_record_and_field_and_one_command_fixes_it() {
        let mut data = snapshot();
        data.problems[0].description = as_typed_half_width("窗口人员少，群众排队久");
        data.measures[0].goal = as_typed_half_width("（一季度）完成");
        let findings = pre_submission_check(&data, day(6, 1));
        assert_eq!(
            kinds(&findings),
            [
                FindingKind::HalfWidthPunctuation,
                FindingKind::HalfWidthPunctuation
            ]
        );
        assert!(findings.iter().all(|f| f.level() == FindingLevel::Warning));
        assert!(
            findings[0].message.starts_with("问题 1：「问题表现」"),
            "{}",
            findings[0].message
        );
        assert!(
            findings[1].message.contains("的措施「"),
            "{}",
            findings[1].message
        );
        assert!(
            findings[1].message.contains("「整改目标」"),
            "{}",
            findings[1].message
        );

        let Some(Command::StandardisePunctuation { updates }) =
            crate::domain::punctuation_fix::punctuation_fixes(&data)
        else {
            panic!("a fix is offered");
        };
        assert_eq!(updates.len(), 2);
        let Command::UpdateProblem { problem_id, draft } = &updates[0] else {
            panic!("the problem comes first: {updates:?}");
        };
        assert_eq!(*problem_id, data.problems[0].id);
        assert_eq!(draft.description, "窗口人员少，群众排队久");
        let Command::UpdateMeasure { draft, .. } = &updates[1] else {
            panic!("then the measure: {updates:?}");
        };
        assert_eq!(draft.goal, "（一季度）完成");
        assert_eq!(
            draft.content, data.measures[0].content,
            "other fields unchanged"
        );
    }

    #[test]
    fn a_problem_without_measures_blocks() {
        let mut data = snapshot();
        data.problems.push(problem(2));
        let findings = pre_submission_check(&data, day(6, 1));
        assert_eq!(kinds(&findings), [FindingKind::ProblemWithoutMeasure]);
        assert_eq!(findings[0].target, RecordRef::Problem(ProblemId(2)));
        assert!(has_blocking(&findings));
        assert!(findings[0].message.contains("问题 2"));
    }

    #[test]
    fn missing_person_and_deadline_block() {
        let mut data = snapshot();
        data.measures[0].responsible_person = " ".into();
        data.measures[0].deadline = None;
        let findings = pre_submission_check(&data, day(6, 1));
        assert_eq!(
            kinds(&findings),
            [
                FindingKind::MeasureWithoutPerson,
                FindingKind::MeasureWithoutDeadline
            ]
        );
        assert!(findings.iter().all(|f| f.level() == FindingLevel::Blocking));
    }

    #[test]
    fn long_term_counts_as_a_deadline() {
        let mut data = snapshot();
        data.measures[0].deadline = Some(Deadline::LongTerm);
        assert!(pre_submission_check(&data, day(6, 1)).is_empty());
    }

    #[test]
    fn overdue_needs_a_recent_note_and_only_warns() {
        let mut data = snapshot();
        data.measures[0].deadline = Some(Deadline::Date(day(4, 30)));
        let today = day(6, 1);
        let findings = pre_submission_check(&data, today);
        assert_eq!(kinds(&findings), [FindingKind::OverdueWithoutRecentNote]);
        assert!(!has_blocking(&findings));

        // A note 31 days old is not recent; one 30 days old is.
        data.progress_notes.push(ProgressNote {
            id: ProgressNoteId(1),
            measure_id: MeasureId(1),
            noted_on: day(5, 1),
            text: "已完成流程梳理".into(),
        });
        assert_eq!(pre_submission_check(&data, today).len(), 1);
        data.progress_notes[0].noted_on = day(5, 2);
        assert!(pre_submission_check(&data, today).is_empty());
    }

    #[test]
    fn a_close_out_without_evidence_or_reason_blocks() {
        let mut data = snapshot();
        data.measures[0].status = MeasureStatus::Closed;
        data.close_outs.push(CloseOut {
            measure_id: MeasureId(1),
            verifier: "张伟".into(),
            closed_on: day(5, 20),
            opinion: "经核验已整改到位".into(),
            no_evidence_reason: String::new(),
        });
        assert_eq!(
            kinds(&pre_submission_check(&data, day(6, 1))),
            [FindingKind::CloseOutWithoutEvidence]
        );
        data.evidence.push(Evidence {
            id: EvidenceId(1),
            measure_id: MeasureId(1),
            file_name: "会议纪要.pdf".into(),
            sha256: "0".repeat(64),
            size: 10,
            added_on: day(5, 19),
        });
        assert!(pre_submission_check(&data, day(6, 1)).is_empty());
    }

    #[test]
    fn a_commitment_past_due_and_not_honoured_warns() {
        let mut data = snapshot();
        data.commitments.push(Commitment {
            id: CommitmentId(1),
            content: "企业开办一日办结".into(),
            audience: "服务对象".into(),
            publicity: "门户网站".into(),
            due_on: Some(day(5, 31)),
            state: CommitmentState::Pending,
        });
        let findings = pre_submission_check(&data, day(6, 1));
        assert_eq!(kinds(&findings), [FindingKind::CommitmentPastDue]);
        assert_eq!(findings[0].level(), FindingLevel::Warning);
        data.commitments[0].state = CommitmentState::Honoured;
        assert!(pre_submission_check(&data, day(6, 1)).is_empty());
    }

    #[test]
    fn blocking_findings_come_first() {
        let mut data = snapshot();
        data.measures[0].deadline = Some(Deadline::Date(day(4, 30)));
        data.problems.push(problem(2));
        let findings = pre_submission_check(&data, day(6, 1));
        assert_eq!(
            kinds(&findings),
            [
                FindingKind::ProblemWithoutMeasure,
                FindingKind::OverdueWithoutRecentNote
            ]
        );
    }
}
