//! The ledger as rows of text and dates, read from the store once and shared by the xlsx and csv
//! exports: one row per measure (a problem without measures gets one row of its own).

use std::collections::HashMap;

use crate::domain::snapshot::Snapshot;
use crate::domain::{Category, CategoryId, Deadline, MeasureId, MeasureStatus, Problem};
use crate::store::{Store, StoreResult};

/// The ledger's column headers, in order (the standard 问题整改台账 columns).
pub const LEDGER_HEADERS: [&str; 10] = [
    "序号",
    "问题类别",
    "问题表现",
    "整改措施",
    "责任领导",
    "责任部门",
    "责任人",
    "整改时限",
    "进展情况",
    "状态",
];

/// One measure row of the ledger.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LedgerMeasureRow {
    /// 整改措施.
    pub content: String,
    /// 责任领导.
    pub leader: String,
    /// 责任部门.
    pub division: String,
    /// 责任人.
    pub person: String,
    /// 整改时限.
    pub deadline: Option<Deadline>,
    /// 进展情况: the latest progress note.
    pub progress: String,
    /// 状态.
    pub status: MeasureStatus,
}

/// One problem of the ledger with its measure rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LedgerProblem {
    /// 序号.
    pub number: i64,
    /// 问题类别: the item's (or area's) name; empty when unclassified.
    pub category: String,
    /// The area the category belongs to; empty when unclassified.
    pub area: String,
    /// 问题表现.
    pub description: String,
    /// Its measures in order.
    pub measures: Vec<LedgerMeasureRow>,
}

/// Everything an export writes: the title parts and the problems in ledger order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LedgerData {
    /// The unit's name.
    pub unit: String,
    /// The current campaign's title; empty when there is none.
    pub campaign: String,
    /// The top-level areas of the category tree, in their order.
    pub areas: Vec<String>,
    /// The problems by number.
    pub problems: Vec<LedgerProblem>,
    /// Set when the ledger holds only some problems (the 问题清单's filtered view): how they
    /// were chosen, added to the titles in brackets; empty for the whole ledger.
    pub selection: String,
}

impl LedgerData {
    /// The sheet title: unit and campaign, e.g. `某县行政审批局 2026年…专项活动 问题整改台账`,
    /// followed by the selection in brackets when there is one.
    pub fn title(&self) -> String {
        let title = [self.unit.as_str(), self.campaign.as_str(), "问题整改台账"]
            .iter()
            .filter(|part| !part.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" ");
        if self.selection.is_empty() {
            title
        } else {
            format!("{title}（{}）", self.selection)
        }
    }
}

/// Reads the ledger of the working data in `store`.
pub fn read_ledger(store: &Store) -> StoreResult<LedgerData> {
    Ok(ledger_of(store.snapshot()?))
}

/// The ledger of a snapshot (the working data, or a signed revision's frozen data).
pub fn ledger_of(snapshot: Snapshot) -> LedgerData {
    let unit = snapshot.unit.map(|unit| unit.name).unwrap_or_default();
    // The current campaign is the newest one, as the store defines it.
    let campaign = snapshot
        .campaigns
        .into_iter()
        .last()
        .map(|campaign| campaign.title)
        .unwrap_or_default();
    let categories = snapshot.categories;
    let mut latest_note: HashMap<MeasureId, (chrono::NaiveDate, i64, String)> = HashMap::new();
    for note in snapshot.progress_notes {
        let key = (note.noted_on, note.id.0);
        let newer = latest_note
            .get(&note.measure_id)
            .is_none_or(|(day, id, _)| key > (*day, *id));
        if newer {
            latest_note.insert(note.measure_id, (note.noted_on, note.id.0, note.text));
        }
    }
    let mut measures_by_problem: HashMap<_, Vec<LedgerMeasureRow>> = HashMap::new();
    let mut measures = snapshot.measures;
    // Measures come ordered by id; the ledger lists them in their order under each problem.
    measures.sort_by_key(|measure| (measure.problem_id, measure.position));
    for measure in measures {
        let progress = latest_note
            .remove(&measure.id)
            .map(|(_, _, text)| text)
            .unwrap_or_default();
        measures_by_problem
            .entry(measure.problem_id)
            .or_default()
            .push(LedgerMeasureRow {
                content: measure.content,
                leader: measure.responsible_leader,
                division: measure.responsible_division,
                person: measure.responsible_person,
                deadline: measure.deadline,
                progress,
                status: measure.status,
            });
    }
    let mut problems: Vec<Problem> = snapshot.problems;
    problems.sort_by_key(|problem| problem.number);
    let problems = problems
        .into_iter()
        .map(|problem| {
            let (area, category) = category_names(&categories, problem.category_id);
            LedgerProblem {
                number: problem.number,
                category,
                area,
                description: problem.description,
                measures: measures_by_problem.remove(&problem.id).unwrap_or_default(),
            }
        })
        .collect();
    let mut areas: Vec<&Category> = categories
        .iter()
        .filter(|c| c.parent_id.is_none())
        .collect();
    areas.sort_by_key(|area| area.position);
    let areas = areas.into_iter().map(|area| area.name.clone()).collect();
    LedgerData {
        unit,
        campaign,
        areas,
        problems,
        selection: String::new(),
    }
}

/// The (area, category) names of `id`; an area's own name stands for both.
fn category_names(categories: &[Category], id: Option<CategoryId>) -> (String, String) {
    let Some(category) = id.and_then(|id| categories.iter().find(|c| c.id == id)) else {
        return (String::new(), String::new());
    };
    let area = category
        .parent_id
        .and_then(|parent| categories.iter().find(|c| c.id == parent))
        .unwrap_or(category);
    (area.name.clone(), category.name.clone())
}
