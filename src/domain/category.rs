//! The two-level problem category tree (问题类别) and its default from seed 001 §三.

use serde::{Deserialize, Serialize};

use super::error::{DomainError, DomainResult};
use super::ids::CategoryId;
use super::text::{SHORT_TEXT_MAX_CHARS, required};

/// A category as stored: a top-level area (parent `None`) or an item under one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Category {
    /// Row id.
    pub id: CategoryId,
    /// The area this item belongs to; `None` for an area.
    pub parent_id: Option<CategoryId>,
    /// Name, unique among its siblings.
    pub name: String,
    /// Order among siblings, from 1.
    pub position: i64,
}

/// What users enter for a category.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryDraft {
    /// The area to add under; `None` adds an area.
    pub parent_id: Option<CategoryId>,
    /// Name (required).
    pub name: String,
}

impl CategoryDraft {
    /// Trims the name and refuses a third level: `parent` is the intended parent as stored.
    pub fn validate(self, parent: Option<&Category>) -> DomainResult<Self> {
        if let Some(parent) = parent
            && parent.parent_id.is_some()
        {
            return Err(DomainError::CategoryTooDeep {
                parent: parent.name.clone(),
            });
        }
        Ok(Self {
            name: required("类别名称", &self.name, SHORT_TEXT_MAX_CHARS)?,
            ..self
        })
    }
}

/// The default taxonomy: the four problem areas of seed 001 §三 with their items.
pub const DEFAULT_TAXONOMY: &[(&str, &[&str])] = &[
    (
        "放管服改革中的“肠梗阻”问题",
        &["窗口授权不到位", "审批流程欠科学", "部门审批教条呆板"],
    ),
    (
        "依法行政中的不担当和不主动作为问题",
        &[
            "不讲政治纪律政治规矩",
            "政令不畅",
            "“照章念经”",
            "不敢担当",
            "中层“肠梗阻”",
            "懒政怠政",
            "监督不力、把关不严",
        ],
    ),
    (
        "“门好进、脸好看、事难办”中的慢作为、消极作为问题",
        &[
            "为民服务意识淡漠",
            "首问责任落实不力",
            "主动服务意识不足",
            "新官不理旧账",
            "为民服务工作效能低",
        ],
    ),
    (
        "行政工作中的视野不宽、能力不足问题",
        &[
            "思想境界不够",
            "业务水平不够",
            "缺乏干事创业的激情",
            "缺乏开拓创新的精神",
        ],
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn third_level_is_refused() {
        let area = Category {
            id: CategoryId(1),
            parent_id: None,
            name: "放管服".into(),
            position: 1,
        };
        let item = Category {
            id: CategoryId(2),
            parent_id: Some(area.id),
            name: "窗口授权不到位".into(),
            position: 1,
        };
        let draft = |parent_id| CategoryDraft {
            parent_id,
            name: " 新类别 ".into(),
        };
        assert_eq!(
            draft(Some(area.id)).validate(Some(&area)).unwrap().name,
            "新类别"
        );
        assert!(matches!(
            draft(Some(item.id)).validate(Some(&item)),
            Err(DomainError::CategoryTooDeep { .. })
        ));
    }

    #[test]
    fn default_taxonomy_has_four_areas_of_nineteen_items() {
        assert_eq!(DEFAULT_TAXONOMY.len(), 4);
        let items: usize = DEFAULT_TAXONOMY.iter().map(|(_, items)| items.len()).sum();
        assert_eq!(items, 19);
    }
}
