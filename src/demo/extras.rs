//! The unit-wide records: public commitments (整改承诺) and rules (制度清单, 建章立制).

use chrono::Datelike;

use super::corpus_work::{
    AREA_RULES, AUDIENCES, COMMITMENTS, DOC_PREFIXES, PUBLICITY, REPEALED_RULES,
};
use super::problems::fill;
use super::rng::add_days;
use super::{AddedProblem, Generator};
use crate::domain::category::DEFAULT_TAXONOMY;
use crate::domain::{Command, CommitmentDraft, CommitmentState, RuleDraft, RuleKind};
use crate::store::StoreResult;

impl Generator<'_, '_> {
    /// Adds `count` commitments: the seeds' promises in a shuffled order (each once before any
    /// repeats), some standing, some due, most of the due ones honoured.
    pub(super) fn commitments(&mut self, count: usize) -> StoreResult<()> {
        let today = self.calendar.today;
        let order = self.rng.sample(COMMITMENTS.len(), COMMITMENTS.len());
        for index in 0..count {
            let template = COMMITMENTS[order[index % order.len()]];
            let content = fill(&mut self.rng, template, add_days(today, 60));
            let due_on = if self.rng.percent(30) {
                None
            } else {
                let first = add_days(self.calendar.finding.0, 20);
                Some(
                    self.rng
                        .date_between(first, self.calendar.campaign_end.max(first)),
                )
            };
            let state = match due_on {
                Some(due) if due < today => self.rng.weighted(&[
                    (CommitmentState::Honoured, 75),
                    (CommitmentState::Broken, 10),
                    (CommitmentState::Pending, 15),
                ]),
                _ if self.rng.percent(15) => CommitmentState::Honoured,
                _ => CommitmentState::Pending,
            };
            let audience = self.rng.pick(AUDIENCES).to_owned();
            let publicity = self.rng.pick(PUBLICITY).to_owned();
            self.apply(&Command::AddCommitment(CommitmentDraft {
                content,
                audience,
                publicity,
                due_on,
                state,
            }))?;
            self.report.commitments += 1;
        }
        Ok(())
    }

    /// Adds `count` rules, each linked to one to four problems of its area, issued in date
    /// order with ascending document numbers; a few are still drafts without number or date.
    /// Names go through each area's pool in a shuffled order before any repeats.
    pub(super) fn rules(&mut self, count: usize) -> StoreResult<()> {
        let mut orders: Vec<Vec<usize>> = AREA_RULES
            .iter()
            .map(|pool| self.rng.sample(pool.len(), pool.len()))
            .collect();
        orders.push(self.rng.sample(REPEALED_RULES.len(), REPEALED_RULES.len()));
        let mut used = vec![0_usize; orders.len()];
        // Rules go round the areas that have problems, so every area gets its rules.
        let areas: Vec<usize> = (0..self.by_area.len())
            .filter(|&area| !self.by_area[area].is_empty())
            .collect();
        let mut drafts: Vec<RuleDraft> = Vec::with_capacity(count);
        for index in 0..count {
            let area = areas.get(index % areas.len().max(1)).copied().unwrap_or(0);
            let kind = self.rng.weighted(&[
                (RuleKind::New, 65),
                (RuleKind::Revised, 28),
                (RuleKind::Repealed, 7),
            ]);
            let (pool, slot) = match kind {
                RuleKind::Repealed => (REPEALED_RULES, AREA_RULES.len()),
                RuleKind::New | RuleKind::Revised => (AREA_RULES[area], area),
            };
            let order = &orders[slot];
            let name = pool[order[used[slot] % order.len()]];
            used[slot] += 1;
            drafts.push(self.rule(area, kind, name));
        }
        // Issued rules first, by date; drafts last. The sort is stable, so ties keep their order.
        drafts.sort_by_key(|draft| (draft.issued_on.is_none(), draft.issued_on));
        let prefix = self.rng.pick(DOC_PREFIXES);
        let mut numbers: Vec<(i32, i64)> = Vec::new();
        for draft in &mut drafts {
            let Some(issued_on) = draft.issued_on else {
                continue;
            };
            let year = issued_on.year();
            let step = self.rng.between(1, 4);
            let number = if let Some((_, last)) = numbers.iter_mut().find(|(seen, _)| *seen == year)
            {
                *last += step;
                *last
            } else {
                let first = self.rng.between(3, 20);
                numbers.push((year, first));
                first
            };
            draft.doc_number = format!("{prefix}〔{year}〕{number}号");
        }
        for draft in drafts {
            self.apply(&Command::AddRule(draft))?;
            self.report.rules += 1;
        }
        Ok(())
    }

    /// Drafts one rule of `area` (without its document number).
    fn rule(&mut self, area: usize, kind: RuleKind, name: &str) -> RuleDraft {
        let today = self.calendar.today;
        let pool: &[AddedProblem] = &self.by_area[area];
        let link_count = self.rng.between(1, 4) as usize;
        let linked: Vec<AddedProblem> = self
            .rng
            .sample(pool.len(), link_count)
            .into_iter()
            .map(|position| pool[position])
            .collect();
        let mut name = name.to_owned();
        if kind == RuleKind::New && self.rng.percent(15) {
            name.push_str("（试行）");
        }
        let drafting = kind != RuleKind::Repealed && self.rng.percent(10);
        let latest_found = linked
            .iter()
            .map(|problem| problem.found_on)
            .max()
            .unwrap_or(self.calendar.finding.0);
        let issued_on = if drafting {
            None
        } else {
            let (mut first, last) = match self.calendar.rule_making {
                Some(window) if self.rng.percent(60) => window,
                _ => (latest_found, today),
            };
            first = first.max(latest_found).min(last);
            Some(self.rng.date_between(first, last))
        };
        let item = linked
            .first()
            .and_then(|problem| DEFAULT_TAXONOMY.get(area)?.1.get(problem.item))
            .copied()
            .unwrap_or("作风建设");
        // Some category names carry their own quotation marks, e.g. “照章念经”; inside new
        // quotation marks, inner ones become single quotes, e.g. “中层‘肠梗阻’”.
        let item = if item.starts_with('“') {
            item.to_owned()
        } else {
            format!("“{}”", item.replace('“', "‘").replace('”', "’"))
        };
        let note = match (kind, drafting) {
            (_, true) => format!("针对{item}问题起草，正在征求意见"),
            (RuleKind::New, false) => format!("针对{item}问题制定，建立长效机制"),
            (RuleKind::Revised, false) => {
                format!("对照{item}问题修订完善，进一步明确责任和时限")
            }
            (RuleKind::Repealed, false) => {
                "与“放管服”改革和“最多跑一次”要求不符，予以废止".to_owned()
            }
        };
        RuleDraft {
            name: format!("《{name}》"),
            kind,
            doc_number: String::new(),
            issued_on,
            note,
            problem_ids: linked.iter().map(|problem| problem.id).collect(),
        }
    }
}
