//! The demo's time line: when problems are found, when rules are issued and when the campaign
//! ends, laid over the campaign's phases and cut off at `today` (nothing happens in the future).

use chrono::NaiveDate;

use super::rng::add_days;

/// The windows the generator draws dates from. Every window ends on or before `today`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Calendar {
    /// The day the data is laid out around.
    pub today: NaiveDate,
    /// When most problems are found: the 学习教育与查找问题 phase, up to today.
    pub finding: (NaiveDate, NaiveDate),
    /// When problems found while fixing (边查边改) are found: after that phase, up to today.
    pub late_finding: Option<(NaiveDate, NaiveDate)>,
    /// When rules are issued: the 建章立制 phase up to today, when it has begun.
    pub rule_making: Option<(NaiveDate, NaiveDate)>,
    /// The campaign's last day (or a quarter after today without phases).
    pub campaign_end: NaiveDate,
}

impl Calendar {
    /// The calendar without a campaign: problems found in the two months before today.
    pub fn fallback(today: NaiveDate) -> Self {
        Self {
            today,
            finding: (add_days(today, -60), today),
            late_finding: None,
            rule_making: None,
            campaign_end: add_days(today, 90),
        }
    }

    /// The calendar over a campaign's phases `(name, first day, last day)` in order.
    pub fn from_phases(phases: &[(String, NaiveDate, NaiveDate)], today: NaiveDate) -> Self {
        let mut calendar = Self::fallback(today);
        let named = |keyword: &str, position: usize| {
            phases
                .iter()
                .find(|(name, _, _)| name.contains(keyword))
                .or_else(|| phases.get(position))
                .map(|&(_, first, last)| (first, last))
        };
        if let Some((first, last)) = named("查找问题", 1)
            && first <= today
        {
            calendar.finding = (first, last.min(today));
            if last < today {
                calendar.late_finding = Some((add_days(last, 1), today));
            }
        }
        if let Some((first, last)) = named("建章立制", 3)
            && first <= today
        {
            calendar.rule_making = Some((first, last.min(today)));
        }
        if let Some(&(_, _, last)) = phases.last() {
            calendar.campaign_end = last;
        }
        calendar
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::campaign::five_phase_template;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn template() -> Vec<(String, NaiveDate, NaiveDate)> {
        five_phase_template(2026)
            .into_iter()
            .map(|phase| (phase.name, phase.starts_on, phase.ends_on))
            .collect()
    }

    #[test]
    fn windows_follow_the_phases_and_stop_at_today() {
        let calendar = Calendar::from_phases(&template(), day(2026, 10, 20));
        assert_eq!(calendar.finding, (day(2026, 4, 1), day(2026, 5, 15)));
        assert_eq!(
            calendar.late_finding,
            Some((day(2026, 5, 16), day(2026, 10, 20)))
        );
        assert_eq!(
            calendar.rule_making,
            Some((day(2026, 10, 1), day(2026, 10, 20)))
        );
        assert_eq!(calendar.campaign_end, day(2026, 12, 31));

        let early = Calendar::from_phases(&template(), day(2026, 4, 20));
        assert_eq!(early.finding, (day(2026, 4, 1), day(2026, 4, 20)));
        assert_eq!(early.late_finding, None);
        assert_eq!(early.rule_making, None);
    }

    #[test]
    fn before_the_campaign_problems_are_found_in_the_last_two_months() {
        let calendar = Calendar::from_phases(&template(), day(2026, 2, 1));
        assert_eq!(calendar.finding, (day(2025, 12, 3), day(2026, 2, 1)));
        assert_eq!(calendar.late_finding, None);
    }
}
