//! Everything the screens show, read from the store in one go after each edit.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::ledger::{ProblemRow, problem_row};
use crate::domain::snapshot::Snapshot;
use crate::domain::{
    Campaign, Category, CategoryId, Commitment, DefaultSigners, Measure, MeasureId, Problem,
    ProblemId, Rule, Unit, UnitKey,
};
use crate::store::{Store, StoreResult, Summary};

/// The working data as the screens see it.
#[derive(Debug, Clone)]
pub struct Workbook {
    /// The day overdue is counted for.
    pub today: NaiveDate,
    /// The unit; `None` before the first-run wizard.
    pub unit: Option<Unit>,
    /// The current campaign.
    pub campaign: Option<Campaign>,
    /// The default signers the sign-off form starts from (empty names when never set).
    pub default_signers: DefaultSigners,
    /// The public side of the unit's signing key.
    pub unit_key: Option<UnitKey>,
    /// Areas and items, areas first with their items after each.
    pub categories: Vec<Category>,
    /// Problems by ledger number.
    pub problems: Vec<Problem>,
    /// Measures by id.
    pub measures: Vec<Measure>,
    /// Commitments.
    pub commitments: Vec<Commitment>,
    /// Rules.
    pub rules: Vec<Rule>,
    /// The counts.
    pub summary: Summary,
    /// One row per problem, in `problems` order.
    pub rows: Vec<ProblemRow>,
    problem_index: HashMap<ProblemId, usize>,
    measure_index: HashMap<MeasureId, usize>,
    measures_by_problem: HashMap<ProblemId, Vec<usize>>,
}

impl Workbook {
    /// Reads the whole workbook as of `today`.
    pub fn load(store: &Store, today: NaiveDate) -> StoreResult<Self> {
        let mut workbook = Self::from_parts(
            Parts {
                unit: store.unit()?,
                campaign: store.current_campaign()?,
                categories: store.categories()?,
                problems: store.problems()?,
                measures: store.measures()?,
                commitments: store.commitments()?,
                rules: store.rules()?,
            },
            store.summary(today)?,
            today,
        );
        workbook.default_signers = store.default_signers()?;
        workbook.unit_key = store.unit_key()?;
        Ok(workbook)
    }

    /// A read-only workbook of frozen data (a unit's revision received by the superior office),
    /// so its dashboard and ledger can be shown with the same views.
    pub fn from_snapshot(snapshot: Snapshot, revision: Option<i64>, today: NaiveDate) -> Self {
        let summary = Summary::of_snapshot(&snapshot, revision, today);
        let mut categories = snapshot.categories;
        // The store's order: each area, then its items by position.
        categories.sort_by_key(|category| {
            (
                category.parent_id.unwrap_or(category.id),
                category.parent_id.is_some(),
                category.position,
                category.id,
            )
        });
        let mut problems = snapshot.problems;
        problems.sort_by_key(|problem| problem.number);
        Self::from_parts(
            Parts {
                unit: snapshot.unit,
                campaign: snapshot.campaigns.into_iter().last(),
                categories,
                problems,
                measures: snapshot.measures,
                commitments: snapshot.commitments,
                rules: snapshot.rules,
            },
            summary,
            today,
        )
    }

    fn from_parts(parts: Parts, summary: Summary, today: NaiveDate) -> Self {
        let Parts {
            unit,
            campaign,
            categories,
            problems,
            mut measures,
            commitments,
            rules,
        } = parts;
        measures.sort_by_key(|measure| (measure.problem_id, measure.position, measure.id));
        let mut measures_by_problem: HashMap<ProblemId, Vec<usize>> = HashMap::new();
        for (index, measure) in measures.iter().enumerate() {
            measures_by_problem
                .entry(measure.problem_id)
                .or_default()
                .push(index);
        }
        let category_names = category_labels(&categories);
        let rows = problems
            .iter()
            .map(|problem| {
                let own: Vec<&Measure> = measures_by_problem
                    .get(&problem.id)
                    .map(|indices| indices.iter().map(|&i| &measures[i]).collect())
                    .unwrap_or_default();
                problem_row(problem, &own, &category_names, today)
            })
            .collect();
        Self {
            today,
            unit,
            campaign,
            default_signers: DefaultSigners::default(),
            unit_key: None,
            problem_index: problems
                .iter()
                .enumerate()
                .map(|(index, problem)| (problem.id, index))
                .collect(),
            measure_index: measures
                .iter()
                .enumerate()
                .map(|(index, measure)| (measure.id, index))
                .collect(),
            categories,
            problems,
            measures,
            commitments,
            rules,
            summary,
            rows,
            measures_by_problem,
        }
    }

    /// The problem with this id.
    pub fn problem(&self, id: ProblemId) -> Option<&Problem> {
        self.problem_index
            .get(&id)
            .map(|&index| &self.problems[index])
    }

    /// The measure with this id.
    pub fn measure(&self, id: MeasureId) -> Option<&Measure> {
        self.measure_index
            .get(&id)
            .map(|&index| &self.measures[index])
    }

    /// The measures of a problem, in order.
    pub fn measures_of(&self, id: ProblemId) -> impl Iterator<Item = &Measure> {
        self.measures_by_problem
            .get(&id)
            .into_iter()
            .flatten()
            .map(|&index| &self.measures[index])
    }

    /// A category's full name: `area / item`, or the area alone; empty for none.
    pub fn category_label(&self, id: Option<CategoryId>) -> String {
        id.and_then(|id| category_labels(&self.categories).remove(&id))
            .map(|info| info.label)
            .unwrap_or_default()
    }

    /// The top-level areas.
    pub fn areas(&self) -> impl Iterator<Item = &Category> {
        self.categories
            .iter()
            .filter(|category| category.parent_id.is_none())
    }

    /// The items under an area.
    pub fn items_of(&self, area: CategoryId) -> impl Iterator<Item = &Category> {
        self.categories
            .iter()
            .filter(move |category| category.parent_id == Some(area))
    }

    /// The rules linked to a problem.
    pub fn rules_of(&self, id: ProblemId) -> impl Iterator<Item = &Rule> {
        self.rules
            .iter()
            .filter(move |rule| rule.problem_ids.contains(&id))
    }
}

/// The records a workbook is built from.
struct Parts {
    unit: Option<Unit>,
    campaign: Option<Campaign>,
    categories: Vec<Category>,
    problems: Vec<Problem>,
    measures: Vec<Measure>,
    commitments: Vec<Commitment>,
    rules: Vec<Rule>,
}

/// A category's full name and the area it belongs to (itself for an area).
#[derive(Debug, Clone)]
pub(super) struct CategoryInfo {
    pub(super) label: String,
    pub(super) area: CategoryId,
}

/// Every category's full name (`area / item`) and area.
pub(super) fn category_labels(categories: &[Category]) -> HashMap<CategoryId, CategoryInfo> {
    let names: HashMap<CategoryId, &str> = categories
        .iter()
        .map(|category| (category.id, category.name.as_str()))
        .collect();
    categories
        .iter()
        .map(|category| {
            let label = match category.parent_id.and_then(|parent| names.get(&parent)) {
                Some(area) => format!("{area} / {}", category.name),
                None => category.name.clone(),
            };
            let area = category.parent_id.unwrap_or(category.id);
            (category.id, CategoryInfo { label, area })
        })
        .collect()
}
