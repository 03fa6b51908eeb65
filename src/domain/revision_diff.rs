//! What changed between two snapshots (revision N−1 and N, or a revision and the working data):
//! new, changed, closed and removed problems, measures, commitments and rules. The sign-off
//! screen, the progress report and the aggregate all show this.

use std::collections::{BTreeMap, HashMap};

use super::snapshot::Snapshot;
use super::text::shorten;

/// How many characters of a text name its record in a message.
const LABEL_CHARS: usize = 30;
use super::{MeasureId, MeasureStatus};

/// The kinds of record a diff reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ItemKind {
    /// 问题.
    Problem,
    /// 整改措施.
    Measure,
    /// 整改承诺.
    Commitment,
    /// 制度.
    Rule,
}

impl ItemKind {
    /// The Chinese name.
    pub fn label(self) -> &'static str {
        match self {
            Self::Problem => "问题",
            Self::Measure => "整改措施",
            Self::Commitment => "整改承诺",
            Self::Rule => "制度",
        }
    }
}

/// How a record changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ChangeKind {
    /// 新增: not in the older snapshot.
    Added,
    /// 修改: fields changed.
    Changed,
    /// 销号: a measure closed out since the older snapshot.
    Closed,
    /// 删除: not in the newer snapshot.
    Removed,
}

impl ChangeKind {
    /// The Chinese name.
    pub fn label(self) -> &'static str {
        match self {
            Self::Added => "新增",
            Self::Changed => "修改",
            Self::Closed => "销号",
            Self::Removed => "删除",
        }
    }
}

/// One changed record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemChange {
    /// What kind of record.
    pub item: ItemKind,
    /// How it changed.
    pub change: ChangeKind,
    /// The record's id (within its kind).
    pub id: i64,
    /// A short description that names the kind of record: `问题 3:…`, `问题 3 的措施:…`,
    /// `承诺:…`, `制度:…`.
    pub label: String,
    /// The Chinese names of the fields that changed (for [`ChangeKind::Changed`] and
    /// [`ChangeKind::Closed`]); empty otherwise.
    pub fields: Vec<&'static str>,
}

/// Everything that changed, ordered by kind of record, kind of change and id.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RevisionDiff {
    /// The changes.
    pub changes: Vec<ItemChange>,
}

impl RevisionDiff {
    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// How many changes of this kind there are, over all records.
    pub fn count(&self, change: ChangeKind) -> usize {
        self.changes
            .iter()
            .filter(|item| item.change == change)
            .count()
    }
}

/// What changed from `old` to `new`.
pub fn diff_snapshots(old: &Snapshot, new: &Snapshot) -> RevisionDiff {
    let mut changes = Vec::new();
    let old_numbers: HashMap<_, _> = old.problems.iter().map(|p| (p.id, p.number)).collect();
    let new_numbers: HashMap<_, _> = new.problems.iter().map(|p| (p.id, p.number)).collect();

    compare(
        &mut changes,
        ItemKind::Problem,
        &keyed(&old.problems, |p| p.id.0),
        &keyed(&new.problems, |p| p.id.0),
        |p| {
            format!(
                "问题 {}：{}",
                p.number,
                shorten(&p.description, LABEL_CHARS)
            )
        },
        |a, b| {
            let mut fields = Vec::new();
            push_if(&mut fields, a.category_id != b.category_id, "问题类别");
            push_if(&mut fields, a.level != b.level, "层级");
            push_if(&mut fields, a.subject != b.subject, "问题主体");
            push_if(&mut fields, a.source != b.source, "来源");
            push_if(&mut fields, a.description != b.description, "问题表现");
            push_if(&mut fields, a.example != b.example, "典型事例");
            push_if(&mut fields, a.cause != b.cause, "原因分析");
            push_if(&mut fields, a.severity != b.severity, "严重程度");
            push_if(&mut fields, a.found_on != b.found_on, "发现日期");
            fields
        },
        |_, _| false,
    );

    let old_attached = MeasureAttachments::of(old);
    let new_attached = MeasureAttachments::of(new);
    let measure_label =
        |numbers: &HashMap<_, i64>, m: &super::Measure| match numbers.get(&m.problem_id) {
            Some(number) => format!("问题 {number} 的措施：{}", shorten(&m.content, LABEL_CHARS)),
            None => format!("措施：{}", shorten(&m.content, LABEL_CHARS)),
        };
    compare(
        &mut changes,
        ItemKind::Measure,
        &keyed(&old.measures, |m| m.id.0),
        &keyed(&new.measures, |m| m.id.0),
        |m| {
            // A removed measure is labelled from the older snapshot, a new one from the newer.
            if new_numbers.contains_key(&m.problem_id) {
                measure_label(&new_numbers, m)
            } else {
                measure_label(&old_numbers, m)
            }
        },
        |a, b| {
            let mut fields = Vec::new();
            push_if(&mut fields, a.content != b.content, "措施内容");
            push_if(&mut fields, a.goal != b.goal, "整改目标");
            push_if(
                &mut fields,
                a.responsible_leader != b.responsible_leader,
                "责任领导",
            );
            push_if(
                &mut fields,
                a.responsible_division != b.responsible_division,
                "责任部门",
            );
            push_if(
                &mut fields,
                a.responsible_person != b.responsible_person,
                "责任人",
            );
            push_if(&mut fields, a.deadline != b.deadline, "整改时限");
            push_if(&mut fields, a.status != b.status, "状态");
            let (before, after) = (old_attached.get(a.id), new_attached.get(b.id));
            push_if(&mut fields, before.notes != after.notes, "进展记录");
            push_if(&mut fields, before.evidence != after.evidence, "佐证材料");
            push_if(&mut fields, before.extensions != after.extensions, "延期");
            fields
        },
        |a, b| a.status != MeasureStatus::Closed && b.status == MeasureStatus::Closed,
    );

    compare(
        &mut changes,
        ItemKind::Commitment,
        &keyed(&old.commitments, |c| c.id.0),
        &keyed(&new.commitments, |c| c.id.0),
        |c| format!("承诺：{}", shorten(&c.content, LABEL_CHARS)),
        |a, b| {
            let mut fields = Vec::new();
            push_if(&mut fields, a.content != b.content, "承诺内容");
            push_if(&mut fields, a.audience != b.audience, "承诺对象");
            push_if(&mut fields, a.publicity != b.publicity, "公开方式");
            push_if(&mut fields, a.due_on != b.due_on, "承诺时限");
            push_if(&mut fields, a.state != b.state, "兑现情况");
            fields
        },
        |_, _| false,
    );

    compare(
        &mut changes,
        ItemKind::Rule,
        &keyed(&old.rules, |r| r.id.0),
        &keyed(&new.rules, |r| r.id.0),
        |r| format!("制度：{}", shorten(&r.name, LABEL_CHARS)),
        |a, b| {
            let mut fields = Vec::new();
            push_if(&mut fields, a.name != b.name, "制度名称");
            push_if(&mut fields, a.kind != b.kind, "类别");
            push_if(&mut fields, a.doc_number != b.doc_number, "文号");
            push_if(&mut fields, a.issued_on != b.issued_on, "印发日期");
            push_if(&mut fields, a.note != b.note, "备注");
            push_if(&mut fields, a.problem_ids != b.problem_ids, "关联问题");
            fields
        },
        |_, _| false,
    );

    changes.sort_by_key(|change| (change.item, change.change, change.id));
    RevisionDiff { changes }
}

/// Records by id, in id order.
fn keyed<T>(records: &[T], id: impl Fn(&T) -> i64) -> BTreeMap<i64, &T> {
    records.iter().map(|record| (id(record), record)).collect()
}

/// Appends the added, changed (or closed) and removed records of one kind.
fn compare<T>(
    changes: &mut Vec<ItemChange>,
    item: ItemKind,
    old: &BTreeMap<i64, &T>,
    new: &BTreeMap<i64, &T>,
    label: impl Fn(&T) -> String,
    changed_fields: impl Fn(&T, &T) -> Vec<&'static str>,
    closed: impl Fn(&T, &T) -> bool,
) {
    for (&id, &after) in new {
        match old.get(&id) {
            None => changes.push(ItemChange {
                item,
                change: ChangeKind::Added,
                id,
                label: label(after),
                fields: Vec::new(),
            }),
            Some(&before) => {
                let fields = changed_fields(before, after);
                if !fields.is_empty() {
                    let change = if closed(before, after) {
                        ChangeKind::Closed
                    } else {
                        ChangeKind::Changed
                    };
                    changes.push(ItemChange {
                        item,
                        change,
                        id,
                        label: label(after),
                        fields,
                    });
                }
            }
        }
    }
    for (&id, &before) in old {
        if !new.contains_key(&id) {
            changes.push(ItemChange {
                item,
                change: ChangeKind::Removed,
                id,
                label: label(before),
                fields: Vec::new(),
            });
        }
    }
}

fn push_if(fields: &mut Vec<&'static str>, differs: bool, name: &'static str) {
    if differs {
        fields.push(name);
    }
}

/// What hangs on each measure, reduced to comparable values.
#[derive(Default)]
struct MeasureAttachments {
    by_measure: HashMap<MeasureId, Attached>,
}

/// The notes, evidence and extensions of one measure, as sorted comparable tuples.
#[derive(Default, Clone, PartialEq, Eq)]
struct Attached {
    notes: Vec<(i64, String)>,
    evidence: Vec<(i64, String)>,
    extensions: Vec<(i64, String)>,
}

impl MeasureAttachments {
    fn of(snapshot: &Snapshot) -> Self {
        let mut by_measure: HashMap<MeasureId, Attached> = HashMap::new();
        for note in &snapshot.progress_notes {
            by_measure
                .entry(note.measure_id)
                .or_default()
                .notes
                .push((note.id.0, format!("{}{}", note.noted_on, note.text)));
        }
        for evidence in &snapshot.evidence {
            by_measure
                .entry(evidence.measure_id)
                .or_default()
                .evidence
                .push((evidence.id.0, evidence.sha256.clone()));
        }
        for extension in &snapshot.extensions {
            by_measure
                .entry(extension.measure_id)
                .or_default()
                .extensions
                .push((extension.id.0, extension.new_deadline.to_string()));
        }
        for attached in by_measure.values_mut() {
            attached.notes.sort();
            attached.evidence.sort();
            attached.extensions.sort();
        }
        Self { by_measure }
    }

    fn get(&self, id: MeasureId) -> Attached {
        self.by_measure.get(&id).cloned().unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::domain::snapshot::SNAPSHOT_FORMAT;
    use crate::domain::{
        Commitment, CommitmentId, CommitmentState, Deadline, Measure, Problem, ProblemId,
        ProblemLevel, ProblemSource, ProgressNote, ProgressNoteId, Rule, RuleId, RuleKind,
        Severity,
    };

    fn day(month: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, month, day).unwrap()
    }

    fn base() -> Snapshot {
        Snapshot {
            format: SNAPSHOT_FORMAT.into(),
            version: 1,
            unit: None,
            campaigns: vec![],
            categories: vec![],
            problems: vec![Problem {
                id: ProblemId(1),
                number: 1,
                category_id: None,
                level: ProblemLevel::Division,
                subject: String::new(),
                source: ProblemSource::SelfInspection,
                description: "窗口服务态度生硬".into(),
                example: String::new(),
                cause: String::new(),
                severity: Severity::General,
                found_on: day(3, 1),
            }],
            measures: vec![Measure {
                id: MeasureId(1),
                problem_id: ProblemId(1),
                position: 1,
                content: "开展文明服务培训".into(),
                goal: String::new(),
                responsible_leader: "王副局长".into(),
                responsible_division: "政务服务科".into(),
                responsible_person: "李娜".into(),
                deadline: Some(Deadline::Date(day(6, 30))),
                status: MeasureStatus::Completed,
            }],
            progress_notes: vec![],
            evidence: vec![],
            close_outs: vec![],
            extensions: vec![],
            commitments: vec![Commitment {
                id: CommitmentId(1),
                content: "首问负责，一次告知".into(),
                audience: "服务对象".into(),
                publicity: "大厅公示".into(),
                due_on: None,
                state: CommitmentState::Pending,
            }],
            rules: vec![Rule {
                id: RuleId(1),
                name: "首问负责制度".into(),
                kind: RuleKind::New,
                doc_number: String::new(),
                issued_on: None,
                note: String::new(),
                problem_ids: vec![ProblemId(1)],
            }],
        }
    }

    #[test]
    fn identical_snapshots_have_no_changes() {
        assert!(diff_snapshots(&base(), &base()).is_empty());
    }

    #[test]
    fn added_changed_closed_and_removed_are_told_apart() {
        let old = base();
        let mut new = base();
        new.problems[0].description = "窗口服务态度生硬，推诿扯皮".into();
        new.measures[0].status = MeasureStatus::Closed;
        new.progress_notes.push(ProgressNote {
            id: ProgressNoteId(1),
            measure_id: MeasureId(1),
            noted_on: day(6, 1),
            text: "培训已完成".into(),
        });
        new.commitments.clear();
        let mut rule = new.rules[0].clone();
        rule.id = RuleId(2);
        rule.name = "限时办结制度".into();
        new.rules.push(rule);

        let diff = diff_snapshots(&old, &new);
        let summary: Vec<(ItemKind, ChangeKind, i64)> = diff
            .changes
            .iter()
            .map(|change| (change.item, change.change, change.id))
            .collect();
        assert_eq!(
            summary,
            [
                (ItemKind::Problem, ChangeKind::Changed, 1),
                (ItemKind::Measure, ChangeKind::Closed, 1),
                (ItemKind::Commitment, ChangeKind::Removed, 1),
                (ItemKind::Rule, ChangeKind::Added, 2),
            ]
        );
        assert_eq!(diff.changes[0].fields, ["问题表现"]);
        assert_eq!(diff.changes[1].fields, ["状态", "进展记录"]);
        assert!(diff.changes[1].label.starts_with("问题 1 的措施"));
        assert_eq!(diff.changes[3].label, "制度：限时办结制度");
        assert_eq!(diff.count(ChangeKind::Added), 1);
    }

    #[test]
    fn a_new_note_alone_changes_the_measure() {
        let old = base();
        let mut new = base();
        new.progress_notes.push(ProgressNote {
            id: ProgressNoteId(7),
            measure_id: MeasureId(1),
            noted_on: day(6, 1),
            text: "已组织两期培训".into(),
        });
        let diff = diff_snapshots(&old, &new);
        assert_eq!(diff.changes.len(), 1);
        assert_eq!(diff.changes[0].change, ChangeKind::Changed);
        assert_eq!(diff.changes[0].fields, ["进展记录"]);
    }

    #[test]
    fn unlinking_a_problem_changes_the_rule() {
        let old = base();
        let mut new = base();
        new.rules[0].problem_ids.clear();
        let diff = diff_snapshots(&old, &new);
        assert_eq!(diff.changes[0].item, ItemKind::Rule);
        assert_eq!(diff.changes[0].fields, ["关联问题"]);
    }
}
