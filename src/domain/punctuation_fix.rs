//! 规范标点 over a unit's data: which of its texts have half-width punctuation between Chinese
//! words (the 报送前检查 names each record and field), and the one command that rewrites them
//! all, undoable and audited like any edit.

use std::collections::HashMap;

use super::punctuation::standard_punctuation;
use super::snapshot::Snapshot;
use super::text::shorten;
use super::{Command, Measure, ProblemId, RecordRef};

/// How many characters of a text name its record.
const LABEL_CHARS: usize = 16;

/// One text with half-width punctuation between Chinese words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PunctuationSpot {
    /// The record to open.
    pub target: RecordRef,
    /// The ledger number of the problem concerned, when there is one.
    pub problem_number: Option<i64>,
    /// The record as the clerk knows it （问题 12、问题 12 的措施「……」、承诺「……」）.
    pub record: String,
    /// The field's Chinese name （问题表现）.
    pub field: &'static str,
}

/// The texts of `snapshot` whose punctuation 规范标点 would change, in ledger order: problems
/// with their measures, then commitments, then rules.
pub fn punctuation_spots(snapshot: &Snapshot) -> Vec<PunctuationSpot> {
    revisions(snapshot)
        .into_iter()
        .flat_map(|revision| {
            let Revision {
                target,
                problem_number,
                record,
                fields,
                ..
            } = revision;
            fields.into_iter().map(move |field| PunctuationSpot {
                target,
                problem_number,
                record: record.clone(),
                field,
            })
        })
        .collect()
}

/// The 规范标点 command for `snapshot`: every record whose texts it would change, with those
/// texts rewritten; `None` when nothing needs it.
pub fn punctuation_fixes(snapshot: &Snapshot) -> Option<Command> {
    let updates: Vec<Command> = revisions(snapshot)
        .into_iter()
        .map(|revision| revision.update)
        .collect();
    (!updates.is_empty()).then_some(Command::StandardisePunctuation { updates })
}

/// One record whose texts change: the update that changes them and the fields it touches.
struct Revision {
    target: RecordRef,
    problem_number: Option<i64>,
    record: String,
    fields: Vec<&'static str>,
    update: Command,
}

/// Rewrites each `(field, text)` in place; the names of the fields that changed.
fn standardise(texts: Vec<(&'static str, &mut String)>) -> Vec<&'static str> {
    let mut changed = Vec::new();
    for (field, text) in texts {
        let fixed = standard_punctuation(text);
        if fixed != *text {
            *text = fixed;
            changed.push(field);
        }
    }
    changed
}

fn revisions(snapshot: &Snapshot) -> Vec<Revision> {
    // The measures grouped once by problem: looking them up per problem keeps the check linear
    // in the size of the ledger.
    let mut measures_of: HashMap<ProblemId, Vec<&Measure>> = HashMap::new();
    for measure in &snapshot.measures {
        measures_of
            .entry(measure.problem_id)
            .or_default()
            .push(measure);
    }
    let mut found = Vec::new();
    let mut problems: Vec<_> = snapshot.problems.iter().collect();
    problems.sort_by_key(|problem| problem.number);
    for problem in problems {
        let mut draft = problem.to_draft();
        let fields = standardise(vec![
            ("责任主体", &mut draft.subject),
            ("问题表现", &mut draft.description),
            ("典型事例", &mut draft.example),
            ("原因剖析", &mut draft.cause),
        ]);
        if !fields.is_empty() {
            found.push(Revision {
                target: RecordRef::Problem(problem.id),
                problem_number: Some(problem.number),
                record: format!("问题 {}", problem.number),
                fields,
                update: Command::UpdateProblem {
                    problem_id: problem.id,
                    draft,
                },
            });
        }
        for measure in measures_of.remove(&problem.id).unwrap_or_default() {
            let mut draft = measure.to_draft();
            let fields = standardise(vec![
                ("整改措施", &mut draft.content),
                ("整改目标", &mut draft.goal),
            ]);
            if !fields.is_empty() {
                found.push(Revision {
                    target: RecordRef::Measure(measure.id),
                    problem_number: Some(problem.number),
                    record: format!(
                        "问题 {} 的措施「{}」",
                        problem.number,
                        shorten(&measure.content, LABEL_CHARS)
                    ),
                    fields,
                    update: Command::UpdateMeasure {
                        measure_id: measure.id,
                        draft,
                    },
                });
            }
        }
    }
    for commitment in &snapshot.commitments {
        let mut draft = commitment.to_draft();
        let fields = standardise(vec![
            ("承诺内容", &mut draft.content),
            ("承诺对象", &mut draft.audience),
            ("公开方式", &mut draft.publicity),
        ]);
        if !fields.is_empty() {
            found.push(Revision {
                target: RecordRef::Commitment(commitment.id),
                problem_number: None,
                record: format!("承诺「{}」", shorten(&commitment.content, LABEL_CHARS)),
                fields,
                update: Command::UpdateCommitment {
                    commitment_id: commitment.id,
                    draft,
                },
            });
        }
    }
    for rule in &snapshot.rules {
        let mut draft = rule.to_draft();
        let fields = standardise(vec![
            ("制度名称", &mut draft.name),
            ("备注", &mut draft.note),
        ]);
        if !fields.is_empty() {
            found.push(Revision {
                target: RecordRef::Rule(rule.id),
                problem_number: None,
                record: format!("制度「{}」", shorten(&rule.name, LABEL_CHARS)),
                fields,
                update: Command::UpdateRule {
                    rule_id: rule.id,
                    draft,
                },
            });
        }
    }
    found
}
