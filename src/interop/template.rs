//! Templates (模板): the category taxonomy and the phase plan as a small JSON file that a
//! superior office hands down to its units. Importing one keeps the unit's data: categories are
//! matched by name (new ones are added, none is removed or renamed) and the current campaign
//! takes the template's title, year and phases.

use std::collections::HashMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::error::{InteropError, InteropResult};
use crate::atomic_file::write_atomically;
use crate::bounded_read::read_at_most;
use crate::domain::{CampaignDraft, CategoryDraft, CategoryId, Command, RecordRef};
use crate::store::{Store, StoreError};

/// The format name inside every template file.
pub const TEMPLATE_FORMAT: &str = "zhenggai-template";

/// Largest template file read: a taxonomy and a phase plan are a few kilobytes.
const TEMPLATE_MAX_BYTES: u64 = 1024 * 1024;

/// A template file's content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Template {
    /// Always [`TEMPLATE_FORMAT`].
    pub format: String,
    /// Format version, 1.
    pub version: u32,
    /// The campaign with its phases.
    pub campaign: CampaignDraft,
    /// The areas with their items, in order.
    pub categories: Vec<TemplateArea>,
}

/// One area of the taxonomy with its items.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateArea {
    /// The area's name.
    pub name: String,
    /// Its items' names.
    pub items: Vec<String>,
}

/// What importing a template changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TemplateReport {
    /// Areas added.
    pub areas_added: usize,
    /// Items added.
    pub items_added: usize,
    /// Areas and items already there under the same name.
    pub unchanged: usize,
}

/// Writes the unit's current campaign and taxonomy as a template file.
pub fn export_template(store: &Store, path: &Path) -> InteropResult<Template> {
    let campaign = store
        .current_campaign()?
        .ok_or(StoreError::NotInitialised)?
        .to_draft();
    let categories = store.categories()?;
    let areas = categories
        .iter()
        .filter(|category| category.parent_id.is_none())
        .map(|area| TemplateArea {
            name: area.name.clone(),
            items: categories
                .iter()
                .filter(|item| item.parent_id == Some(area.id))
                .map(|item| item.name.clone())
                .collect(),
        })
        .collect();
    let template = Template {
        format: TEMPLATE_FORMAT.to_owned(),
        version: 1,
        campaign,
        categories: areas,
    };
    let text = serde_json::to_string_pretty(&template).map_err(StoreError::from)?;
    write_atomically(path, text.as_bytes()).map_err(|err| InteropError::io(path, err))?;
    Ok(template)
}

/// Reads a template file, refusing anything that is not one.
pub fn read_template(path: &Path) -> InteropResult<Template> {
    let bytes = read_at_most(path, TEMPLATE_MAX_BYTES)
        .map_err(|err| InteropError::io(path, err))?
        .ok_or_else(|| not_a_template(path, "文件过大"))?;
    let template: Template = serde_json::from_slice(&bytes)
        .map_err(|err| not_a_template(path, &format!("内容无法读取（{err}）")))?;
    if template.format != TEMPLATE_FORMAT || template.version != 1 {
        return Err(not_a_template(path, "格式或版本不对"));
    }
    Ok(template)
}

/// Imports `template` into the unit in one transaction: missing areas and items are added
/// (matched by name), and the current campaign takes the template's title, year and phases.
/// Nothing is written when any part is refused.
pub fn import_template(store: &mut Store, template: &Template) -> InteropResult<TemplateReport> {
    let campaign_id = store
        .current_campaign()?
        .ok_or(StoreError::NotInitialised)?
        .id;
    // Every category by (parent, name), including those this import adds, so a name listed
    // twice in the template is added once.
    let mut known: HashMap<(Option<CategoryId>, String), CategoryId> = store
        .categories()?
        .into_iter()
        .map(|category| ((category.parent_id, category.name), category.id))
        .collect();
    let report = store.batch(|batch| {
        let mut report = TemplateReport::default();
        for area in &template.categories {
            let area_key = (None, area.name.trim().to_owned());
            let area_id = if let Some(&id) = known.get(&area_key) {
                report.unchanged += 1;
                id
            } else {
                report.areas_added += 1;
                let id = added_category(batch.apply(&Command::AddCategory(CategoryDraft {
                    parent_id: None,
                    name: area.name.clone(),
                }))?)?;
                known.insert(area_key, id);
                id
            };
            for item in &area.items {
                let key = (Some(area_id), item.trim().to_owned());
                if known.contains_key(&key) {
                    report.unchanged += 1;
                    continue;
                }
                report.items_added += 1;
                let id = added_category(batch.apply(&Command::AddCategory(CategoryDraft {
                    parent_id: Some(area_id),
                    name: item.clone(),
                }))?)?;
                known.insert(key, id);
            }
        }
        batch.apply(&Command::UpdateCampaign {
            campaign_id,
            draft: template.campaign.clone(),
        })?;
        Ok::<_, StoreError>(report)
    })?;
    Ok(report)
}

fn added_category(target: RecordRef) -> Result<CategoryId, StoreError> {
    match target {
        RecordRef::Category(id) => Ok(id),
        other => Err(StoreError::InUse(format!(
            "新增类别返回了意外的记录 {other}"
        ))),
    }
}

fn not_a_template(path: &Path, reason: &str) -> InteropError {
    InteropError::NotATemplate {
        path: path.to_path_buf(),
        reason: reason.to_owned(),
    }
}
