//! Setting up a new working database: the unit, the default category tree (seed 001 §三) and a
//! campaign with the five-phase plan (seed 001 §二), all in one transaction through commands.

use crate::domain::campaign::five_phase_template;
use crate::domain::category::DEFAULT_TAXONOMY;
use crate::domain::{CampaignDraft, CategoryDraft, Command, RecordRef, UnitDraft};
use crate::store::{Store, StoreResult};

/// The default campaign title for `year`, after the county work plan in seed 001.
pub fn default_campaign_title(year: i32) -> String {
    format!("{year}年集中整顿作风提升行政效能专项活动")
}

/// Creates the unit, the default categories and this year's campaign. Nothing is written if
/// any part is refused (for example when the database already has a unit).
pub fn init_workbook(store: &mut Store, unit: UnitDraft, year: i32) -> StoreResult<()> {
    store.batch(|batch| {
        batch.apply(&Command::InitUnit(unit))?;
        // A unit can only be created once, so a database reaching this point has no categories.
        for (area, items) in DEFAULT_TAXONOMY {
            let parent = batch.apply(&Command::AddCategory(CategoryDraft {
                parent_id: None,
                name: (*area).to_owned(),
            }))?;
            let RecordRef::Category(parent_id) = parent else {
                continue;
            };
            for item in *items {
                batch.apply(&Command::AddCategory(CategoryDraft {
                    parent_id: Some(parent_id),
                    name: (*item).to_owned(),
                }))?;
            }
        }
        batch.apply(&Command::CreateCampaign(CampaignDraft {
            title: default_campaign_title(year),
            year,
            phases: five_phase_template(year),
        }))?;
        Ok(())
    })
}
