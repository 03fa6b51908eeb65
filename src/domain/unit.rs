//! The unit (单位) whose ledger this is.

use serde::{Deserialize, Serialize};

use super::error::DomainResult;
use super::ids::UnitId;
use super::text::{SHORT_TEXT_MAX_CHARS, optional, required};

/// A unit as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unit {
    /// Row id.
    pub id: UnitId,
    /// Full name (单位全称), printed on every document.
    pub name: String,
    /// Organisation code (单位代码), may be empty.
    pub code: String,
    /// The superior office the bundle goes to (上级单位/作风办), may be empty.
    pub superior: String,
    /// The principal leader (主要负责人), may be empty.
    pub leader: String,
}

/// What users enter for a unit.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitDraft {
    /// Full name (required).
    pub name: String,
    /// Organisation code.
    pub code: String,
    /// Superior office.
    pub superior: String,
    /// Principal leader.
    pub leader: String,
}

impl UnitDraft {
    /// Trims every field and checks the name is present and every field fits.
    pub fn validate(self) -> DomainResult<Self> {
        Ok(Self {
            name: required("单位名称", &self.name, SHORT_TEXT_MAX_CHARS)?,
            code: optional("单位代码", &self.code, SHORT_TEXT_MAX_CHARS)?,
            superior: optional("上级单位", &self.superior, SHORT_TEXT_MAX_CHARS)?,
            leader: optional("主要负责人", &self.leader, SHORT_TEXT_MAX_CHARS)?,
        })
    }
}
