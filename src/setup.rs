//! Setting up a new working database: the unit, the category tree (by default seed 001 §三) and a
//! campaign (by default the five-phase plan of seed 001 §二), all in one transaction through
//! commands.

use crate::domain::campaign::five_phase_template;
use crate::domain::category::DEFAULT_TAXONOMY;
use crate::domain::{CampaignDraft, CategoryDraft, Command, RecordRef, UnitDraft};
use crate::store::{Store, StoreResult};

/// The default campaign title for `year`, after the county work plan in seed 001.
pub fn default_campaign_title(year: i32) -> String {
    format!("{year}年集中整顿作风提升行政效能专项活动")
}

/// One top-level problem area (问题领域) and the items under it, as the first-run wizard edits
/// them before anything is stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaxonomyArea {
    /// The area's name.
    pub name: String,
    /// The items' names, in order.
    pub items: Vec<String>,
}

/// The default taxonomy of seed 001 §三 as editable areas.
pub fn default_taxonomy() -> Vec<TaxonomyArea> {
    DEFAULT_TAXONOMY
        .iter()
        .map(|(area, items)| TaxonomyArea {
            name: (*area).to_owned(),
            items: items.iter().map(|item| (*item).to_owned()).collect(),
        })
        .collect()
}

/// The default campaign for `year`: the default title and the five-phase template.
pub fn default_campaign(year: i32) -> CampaignDraft {
    CampaignDraft {
        title: default_campaign_title(year),
        year,
        phases: five_phase_template(year),
    }
}

/// Creates the unit, the default categories and this year's campaign. Nothing is written if
/// any part is refused (for example when the database already has a unit).
pub fn init_workbook(store: &mut Store, unit: UnitDraft, year: i32) -> StoreResult<()> {
    init_workbook_with(store, unit, default_campaign(year), &default_taxonomy())
}

/// Creates the unit, the categories of `taxonomy` and the campaign, as the first-run wizard
/// collected them, in one transaction: nothing is written if any part is refused (a duplicate
/// category name, a reversed phase, a database that already has a unit).
pub fn init_workbook_with(
    store: &mut Store,
    unit: UnitDraft,
    campaign: CampaignDraft,
    taxonomy: &[TaxonomyArea],
) -> StoreResult<()> {
    store.batch(|batch| {
        batch.apply(&Command::InitUnit(unit))?;
        // A unit can only be created once, so a database reaching this point has no categories.
        for area in taxonomy {
            let parent = batch.apply(&Command::AddCategory(CategoryDraft {
                parent_id: None,
                name: area.name.clone(),
            }))?;
            let RecordRef::Category(parent_id) = parent else {
                continue;
            };
            for item in &area.items {
                batch.apply(&Command::AddCategory(CategoryDraft {
                    parent_id: Some(parent_id),
                    name: item.clone(),
                }))?;
            }
        }
        batch.apply(&Command::CreateCampaign(campaign))?;
        Ok(())
    })
}
