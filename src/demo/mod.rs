//! Realistic demo data in the policy documents' vocabulary, created through commands.
//!
//! [`populate`] fills an initialised store with a campaign, the default categories, problems at
//! every level with measures in every status, progress notes, extensions, close-outs,
//! commitments and rules. Every record goes through a [`Command`] inside one batch, so the demo
//! data is audited like a user's and 10,000 problems take seconds. The texts come from phrase
//! pools drawn from the seeds (`corpus.rs`, `corpus_work.rs`); the choices come from a seeded
//! splitmix64 generator (`rng.rs`), never from the clock or a hash map's order, so the same
//! seed and day always give the same data.

mod calendar;
mod corpus;
mod corpus_work;
mod extras;
mod measures;
mod problems;
mod rng;
mod roster;
#[cfg(test)]
mod tests;

use chrono::{Datelike, NaiveDate};

use crate::domain::campaign::five_phase_template;
use crate::domain::category::DEFAULT_TAXONOMY;
use crate::domain::{
    CampaignDraft, Category, CategoryDraft, CategoryId, Command, DomainError, MeasureId, ProblemId,
    RecordRef,
};
use crate::store::{Batch, Store, StoreError, StoreResult};

use calendar::Calendar;
pub use rng::Rng;
use roster::Roster;

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoOptions {
    /// How many problems.
    pub problems: usize,
    /// The random seed: the same seed (and `today`) gives the same data.
    pub seed: u64,
    /// The day the data is laid out around (deadlines before it are overdue).
    pub today: NaiveDate,
}

/// What was generated.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DemoReport {
    /// Problems added.
    pub problems: usize,
    /// Measures added.
    pub measures: usize,
    /// Progress notes added.
    pub progress_notes: usize,
    /// Deadline extensions granted.
    pub extensions: usize,
    /// Measures closed out (销号).
    pub close_outs: usize,
    /// Commitments added.
    pub commitments: usize,
    /// Rules added.
    pub rules: usize,
    /// Categories added (0 when the store already had a category tree).
    pub categories: usize,
    /// Whether a campaign was created (false when the store already had one).
    pub campaign_created: bool,
    /// Commands applied in all.
    pub commands: usize,
}

/// Fills an initialised store with demo data in one transaction.
///
/// Adds the default category tree only when the store has none, and a campaign for `today`'s
/// year only when it has none; otherwise the problems are filed under the existing categories
/// of the same names and dated within the existing campaign's phases. With `problems` set to 0
/// only the campaign and categories are added.
pub fn populate(store: &mut Store, options: &DemoOptions) -> StoreResult<DemoReport> {
    // Checked before anything is read or written: a year the dates cannot be laid around, or a
    // count that would run for hours and fill the disk.
    let year = options.today.year();
    if !(2000..=2100).contains(&year) {
        return Err(DomainError::InvalidYear { year }.into());
    }
    if options.problems > MAX_DEMO_PROBLEMS {
        return Err(DomainError::DemoTooLarge {
            requested: options.problems,
            max: MAX_DEMO_PROBLEMS,
        }
        .into());
    }
    let unit = store.unit()?.ok_or(StoreError::NotInitialised)?;
    let existing_categories = store.categories()?;
    let existing_campaign = store.current_campaign()?;
    let mut rng = Rng::new(options.seed);
    let roster = Roster::generate(&mut rng, &unit.leader);
    store.batch(|batch| {
        let mut generator = Generator {
            batch,
            rng,
            roster,
            calendar: Calendar::fallback(options.today),
            categories: Vec::new(),
            by_area: Default::default(),
            report: DemoReport::default(),
        };
        generator.ensure_categories(&existing_categories)?;
        generator.ensure_campaign(existing_campaign.as_ref())?;
        for index in 0..options.problems {
            generator.problem(index)?;
        }
        if options.problems > 0 {
            // About one commitment per ten problems and one rule per eight, at least three each.
            generator.commitments(options.problems.div_ceil(10).max(3))?;
            generator.rules(options.problems.div_ceil(8).max(3))?;
        }
        Ok(generator.report)
    })
}

/// The most problems one demo run makes (ten times the largest benchmark ledger).
pub const MAX_DEMO_PROBLEMS: usize = 100_000;

/// A problem added so far, remembered for linking rules to it.
#[derive(Debug, Clone, Copy)]
struct AddedProblem {
    id: ProblemId,
    found_on: NaiveDate,
    item: usize,
}

/// The state of one run: the batch it writes through and what it has decided so far.
struct Generator<'batch, 'conn> {
    batch: &'batch mut Batch<'conn>,
    rng: Rng,
    roster: Roster,
    calendar: Calendar,
    /// Category per taxonomy area and item: the item, else its area, else none.
    categories: Vec<Vec<Option<CategoryId>>>,
    /// The problems added, per taxonomy area.
    by_area: [Vec<AddedProblem>; 4],
    report: DemoReport,
}

impl Generator<'_, '_> {
    /// Applies one command and counts it.
    fn apply(&mut self, command: &Command) -> StoreResult<RecordRef> {
        let target = self.batch.apply(command)?;
        self.report.commands += 1;
        Ok(target)
    }

    /// Adds the default taxonomy when the store has no categories; otherwise maps the default
    /// areas and items onto the existing categories of the same names.
    fn ensure_categories(&mut self, existing: &[Category]) -> StoreResult<()> {
        if existing.is_empty() {
            for &(area_name, items) in DEFAULT_TAXONOMY {
                let area = self.add_category(None, area_name)?;
                let mut item_ids = Vec::with_capacity(items.len());
                for &item_name in items {
                    item_ids.push(Some(self.add_category(Some(area), item_name)?));
                }
                self.categories.push(item_ids);
            }
            return Ok(());
        }
        for &(area_name, items) in DEFAULT_TAXONOMY {
            let area = existing
                .iter()
                .find(|category| category.parent_id.is_none() && category.name == area_name)
                .map(|category| category.id);
            let item_ids = items
                .iter()
                .map(|&item_name| {
                    existing
                        .iter()
                        .find(|category| {
                            area.is_some()
                                && category.parent_id == area
                                && category.name == item_name
                        })
                        .map(|category| category.id)
                        .or(area)
                })
                .collect();
            self.categories.push(item_ids);
        }
        Ok(())
    }

    fn add_category(
        &mut self,
        parent_id: Option<CategoryId>,
        name: &str,
    ) -> StoreResult<CategoryId> {
        let target = self.apply(&Command::AddCategory(CategoryDraft {
            parent_id,
            name: name.to_owned(),
        }))?;
        self.report.categories += 1;
        match target {
            RecordRef::Category(id) => Ok(id),
            _ => Err(unexpected("新建的问题类别")),
        }
    }

    /// Creates this year's campaign with the five-phase template when the store has none, and
    /// lays the calendar over the campaign's phases either way.
    fn ensure_campaign(&mut self, existing: Option<&crate::domain::Campaign>) -> StoreResult<()> {
        let today = self.calendar.today;
        let phases: Vec<(String, NaiveDate, NaiveDate)> = if let Some(campaign) = existing {
            campaign
                .phases
                .iter()
                .map(|phase| (phase.name.clone(), phase.starts_on, phase.ends_on))
                .collect()
        } else {
            let year = today.year();
            let phases = five_phase_template(year);
            let listed = phases
                .iter()
                .map(|phase| (phase.name.clone(), phase.starts_on, phase.ends_on))
                .collect();
            self.apply(&Command::CreateCampaign(CampaignDraft {
                title: format!("{year}年集中整顿作风提升行政效能专项活动"),
                year,
                phases,
            }))?;
            self.report.campaign_created = true;
            listed
        };
        self.calendar = Calendar::from_phases(&phases, today);
        Ok(())
    }
}

/// The error for a command that reports a record of the wrong kind, which the store never does.
fn unexpected(what: &'static str) -> StoreError {
    StoreError::NotFound { what, id: 0 }
}

/// The measure a command created.
fn measure_id(target: RecordRef) -> StoreResult<MeasureId> {
    match target {
        RecordRef::Measure(id) => Ok(id),
        _ => Err(unexpected("新建的整改措施")),
    }
}
