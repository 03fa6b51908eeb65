//! The campaign (专项活动 / 自查轮次) and its phases (阶段).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::error::{DomainError, DomainResult};
use super::ids::{CampaignId, PhaseId};
use super::text::{SHORT_TEXT_MAX_CHARS, required};

/// A campaign as stored, with its phases in order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Campaign {
    /// Row id.
    pub id: CampaignId,
    /// Title, e.g. 2026年集中整顿作风提升行政效能专项活动.
    pub title: String,
    /// The campaign year.
    pub year: i32,
    /// The phases, in order.
    pub phases: Vec<Phase>,
}

/// One phase of a campaign as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Phase {
    /// Row id.
    pub id: PhaseId,
    /// Name, e.g. 集中整治阶段.
    pub name: String,
    /// First day.
    pub starts_on: NaiveDate,
    /// Last day (inclusive).
    pub ends_on: NaiveDate,
}

/// What users enter for a campaign.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CampaignDraft {
    /// Title (required).
    pub title: String,
    /// Year, 2000–2100.
    pub year: i32,
    /// Phases in order; may be empty.
    pub phases: Vec<PhaseDraft>,
}

/// What users enter for a phase.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhaseDraft {
    /// Name (required).
    pub name: String,
    /// First day.
    pub starts_on: NaiveDate,
    /// Last day, not before the first.
    pub ends_on: NaiveDate,
}

impl CampaignDraft {
    /// Trims and checks the title, the year and every phase.
    pub fn validate(self) -> DomainResult<Self> {
        if !(2000..=2100).contains(&self.year) {
            return Err(DomainError::InvalidYear { year: self.year });
        }
        let phases = self
            .phases
            .into_iter()
            .map(PhaseDraft::validate)
            .collect::<DomainResult<Vec<_>>>()?;
        Ok(Self {
            title: required("活动名称", &self.title, SHORT_TEXT_MAX_CHARS)?,
            year: self.year,
            phases,
        })
    }
}

impl PhaseDraft {
    /// Trims the name and checks the dates are in order.
    pub fn validate(self) -> DomainResult<Self> {
        let name = required("阶段名称", &self.name, SHORT_TEXT_MAX_CHARS)?;
        if self.ends_on < self.starts_on {
            return Err(DomainError::RangeReversed {
                field: name,
                starts_on: super::date::format_date(self.starts_on),
                ends_on: super::date::format_date(self.ends_on),
            });
        }
        Ok(Self { name, ..self })
    }
}

/// The five phases of the county work plan (seed 001 §二), laid over `year` as month ranges:
/// 调研与方案制定, 学习教育与查找问题, 集中整治, 建章立制, 问题处理与总结.
pub fn five_phase_template(year: i32) -> Vec<PhaseDraft> {
    /// A month and day within the year.
    type MonthDay = (u32, u32);
    const PHASES: [(&str, MonthDay, MonthDay); 5] = [
        ("调研与方案制定阶段", (3, 1), (3, 31)),
        ("学习教育与查找问题阶段", (4, 1), (5, 15)),
        ("集中整治阶段", (5, 16), (9, 30)),
        ("建章立制阶段", (10, 1), (11, 15)),
        ("问题处理与总结阶段", (11, 16), (12, 31)),
    ];
    PHASES
        .iter()
        .filter_map(|&(name, (m1, d1), (m2, d2))| {
            Some(PhaseDraft {
                name: name.to_owned(),
                starts_on: NaiveDate::from_ymd_opt(year, m1, d1)?,
                ends_on: NaiveDate::from_ymd_opt(year, m2, d2)?,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_has_five_ordered_phases() {
        let phases = five_phase_template(2026);
        assert_eq!(phases.len(), 5);
        assert_eq!(phases[2].name, "集中整治阶段");
        for pair in phases.windows(2) {
            assert!(pair[0].ends_on < pair[1].starts_on);
        }
        let draft = CampaignDraft {
            title: "集中整顿作风提升行政效能专项活动".into(),
            year: 2026,
            phases,
        };
        assert!(draft.validate().is_ok());
    }

    #[test]
    fn reversed_phase_and_bad_year_are_refused() {
        let mut phases = five_phase_template(2026);
        let first = &mut phases[0];
        std::mem::swap(&mut first.starts_on, &mut first.ends_on);
        let draft = CampaignDraft {
            title: "专项活动".into(),
            year: 2026,
            phases,
        };
        assert!(matches!(
            draft.validate(),
            Err(DomainError::RangeReversed { .. })
        ));
        let draft = CampaignDraft {
            title: "专项活动".into(),
            year: 1999,
            phases: vec![],
        };
        assert_eq!(
            draft.validate(),
            Err(DomainError::InvalidYear { year: 1999 })
        );
    }
}
