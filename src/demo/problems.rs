//! One demo problem: its level, subject, source, texts and dates, then its measures.

use chrono::{Datelike, NaiveDate};

use super::corpus::{AREAS, FRAMES, GENERAL_CAUSES, MATTERS, TAILS, TIMES};
use super::corpus_work::{
    AREA_MEASURES, GENERAL_MEASURES, INDIVIDUAL_MEASURES, MEMBER_MEASURES, MeasureText,
};
use super::rng::{Rng, add_days};
use super::{AddedProblem, Generator, unexpected};
use crate::domain::{Command, ProblemDraft, ProblemLevel, ProblemSource, RecordRef, Severity};
use crate::store::StoreResult;

/// Who a problem is about, and who answers for its measures by default.
#[derive(Debug, Clone)]
pub struct Subject {
    /// The level.
    pub level: ProblemLevel,
    /// The subject as written in the ledger: 领导班子, 副局长 王建国, 行政审批科, 政务服务科 李娜.
    pub text: String,
    /// The responsible leader (责任领导).
    pub leader: String,
    /// The division (index into the roster) that answers for it.
    pub division: usize,
    /// The responsible person (责任人).
    pub person: String,
}

/// The division that answers for a leadership-team problem of each area.
const TEAM_DIVISIONS: [&str; 4] = ["行政审批科", "督查室", "政务服务科", "人事科"];

/// The divisions whose work an area's problems are usually about; empty means any division.
const AREA_DIVISIONS: [&[&str]; 4] = [
    &[
        "行政审批科",
        "投资项目审批科",
        "社会事务审批科",
        "政务服务科",
        "便民服务中心",
    ],
    &[],
    &[
        "政务服务科",
        "便民服务中心",
        "行政审批科",
        "社会事务审批科",
        "办公室",
    ],
    &[],
];

/// Whether an item fits a level: a cadre grants no window powers, passes on no orders from
/// above and supervises no one, so those items are drawn again for individuals.
fn fits(level: ProblemLevel, area: usize, item: usize) -> bool {
    !matches!(
        (level, area, item),
        (ProblemLevel::Individual, 0, 0) | (ProblemLevel::Individual, 1, 1 | 4 | 6)
    )
}

/// How likely each level is.
const LEVEL_WEIGHTS: &[(ProblemLevel, u32)] = &[
    (ProblemLevel::LeadershipTeam, 8),
    (ProblemLevel::TeamMember, 22),
    (ProblemLevel::Division, 38),
    (ProblemLevel::Individual, 32),
];

/// Which area a level's problems tend to fall in (weights in taxonomy order).
fn area_weights(level: ProblemLevel) -> [(usize, u32); 4] {
    match level {
        ProblemLevel::LeadershipTeam => [(0, 20), (1, 40), (2, 20), (3, 20)],
        ProblemLevel::TeamMember => [(0, 20), (1, 35), (2, 20), (3, 25)],
        ProblemLevel::Division => [(0, 35), (1, 15), (2, 35), (3, 15)],
        ProblemLevel::Individual => [(0, 10), (1, 20), (2, 35), (3, 35)],
    }
}

/// How a level's problems tend to be found.
fn source_weights(level: ProblemLevel) -> &'static [(ProblemSource, u32)] {
    use ProblemSource::{
        Complaint, Consultation, LifeMeeting, PublicEvaluation, SelfInspection, SuperiorInspection,
        UnannouncedVisit,
    };
    match level {
        ProblemLevel::LeadershipTeam => &[
            (LifeMeeting, 30),
            (SelfInspection, 25),
            (Consultation, 20),
            (SuperiorInspection, 15),
            (PublicEvaluation, 10),
        ],
        ProblemLevel::TeamMember => &[
            (LifeMeeting, 35),
            (SelfInspection, 30),
            (Consultation, 20),
            (SuperiorInspection, 10),
            (Complaint, 5),
        ],
        ProblemLevel::Division => &[
            (SelfInspection, 25),
            (PublicEvaluation, 20),
            (UnannouncedVisit, 20),
            (Complaint, 15),
            (SuperiorInspection, 10),
            (Consultation, 10),
        ],
        ProblemLevel::Individual => &[
            (SelfInspection, 35),
            (Complaint, 20),
            (UnannouncedVisit, 15),
            (PublicEvaluation, 15),
            (LifeMeeting, 15),
        ],
    }
}

/// How problems found after the finding phase (边查边改) come to light.
const LATE_SOURCES: &[(ProblemSource, u32)] = &[
    (ProblemSource::UnannouncedVisit, 35),
    (ProblemSource::Complaint, 30),
    (ProblemSource::SuperiorInspection, 20),
    (ProblemSource::PublicEvaluation, 15),
];

/// How many measures a problem gets.
const MEASURE_COUNTS: &[(usize, u32)] = &[(1, 50), (2, 35), (3, 15)];

/// Fills the placeholders of a template: `{matter}`, `{times}`, `{month}` and `{day}` (of a day
/// before `anchor`, the day the text is about), and the numbers `{days}`, `{count}`,
/// `{people}`, `{percent}`, `{workdays}` and `{items}`.
pub fn fill(rng: &mut Rng, template: &str, anchor: NaiveDate) -> String {
    let mut text = template.to_owned();
    if text.contains("{matter}") {
        text = text.replace("{matter}", rng.pick(MATTERS));
    }
    if text.contains("{times}") {
        text = text.replace("{times}", rng.pick(TIMES));
    }
    if text.contains("{month}") || text.contains("{day}") {
        let when = add_days(anchor, -rng.between(3, 60));
        text = text
            .replace("{month}", &when.month().to_string())
            .replace("{day}", &when.day().to_string());
    }
    // Each number is drawn from `low..=high` and multiplied by `step` (percentages are round).
    for (placeholder, low, high, step) in [
        ("{days}", 3, 30, 1),
        ("{count}", 2, 12, 1),
        ("{people}", 15, 120, 1),
        ("{percent}", 3, 6, 10),
        ("{workdays}", 2, 7, 1),
        ("{items}", 20, 150, 1),
    ] {
        if text.contains(placeholder) {
            let value = rng.between(low, high) * step;
            text = text.replace(placeholder, &value.to_string());
        }
    }
    text
}

impl Generator<'_, '_> {
    /// Adds problem number `index` (from 0) with its measures.
    pub(super) fn problem(&mut self, index: usize) -> StoreResult<()> {
        // The first problems cover every level and every source, so even a small demo shows
        // them all; the rest are drawn by weight.
        let level = match ProblemLevel::ALL.get(index) {
            Some(&level) => level,
            None => self.rng.weighted(LEVEL_WEIGHTS),
        };
        let area = self.rng.weighted(&area_weights(level));
        let corpus = &AREAS[area];
        let mut item = self.rng.below(corpus.items.len());
        for _ in 0..8 {
            if fits(level, area, item) {
                break;
            }
            item = self.rng.below(corpus.items.len());
        }
        let late = self.calendar.late_finding.filter(|_| self.rng.percent(20));
        let (first, last) = late.unwrap_or(self.calendar.finding);
        let found_on = self.rng.date_between(first, last);
        let source = match ProblemSource::ALL.get(index) {
            Some(&source) => source,
            None if late.is_some() => self.rng.weighted(LATE_SOURCES),
            None => self.rng.weighted(source_weights(level)),
        };
        let subject = self.subject(level, area);
        let description = self.description(level, area, item);
        let example = if self.rng.percent(80) {
            let template = self.rng.pick(corpus.items[item].examples);
            let mut example = fill(&mut self.rng, template, found_on);
            example.push('。');
            example
        } else {
            String::new()
        };
        let mut cause = self.rng.pick(corpus.causes).to_owned();
        if self.rng.percent(50) {
            cause.push('；');
            cause.push_str(self.rng.pick(GENERAL_CAUSES));
        }
        cause.push('。');
        let severity = self.rng.weighted(&[
            (Severity::General, 65),
            (Severity::Serious, 28),
            (Severity::Grave, 7),
        ]);
        let category_id = self
            .categories
            .get(area)
            .and_then(|items| items.get(item).copied().flatten());
        let target = self.apply(&Command::AddProblem(ProblemDraft {
            category_id,
            level,
            subject: subject.text.clone(),
            source,
            description,
            example,
            cause,
            severity,
            found_on,
        }))?;
        let RecordRef::Problem(problem_id) = target else {
            return Err(unexpected("新建的问题"));
        };
        self.report.problems += 1;
        self.by_area[area].push(AddedProblem {
            id: problem_id,
            found_on,
            item,
        });
        let count = self.rng.weighted(MEASURE_COUNTS);
        for (position, text) in self
            .measure_texts(level, area, count)
            .into_iter()
            .enumerate()
        {
            self.measure(problem_id, found_on, &subject, position, text)?;
        }
        Ok(())
    }

    /// Picks who the problem is about.
    fn subject(&mut self, level: ProblemLevel, area: usize) -> Subject {
        let roster = &self.roster;
        let rng = &mut self.rng;
        let index_of = |name: &str| {
            roster
                .divisions
                .iter()
                .position(|division| division.name == name)
                .unwrap_or(0)
        };
        // Mostly a division whose work the area is about, now and then any division.
        let pick_division = |rng: &mut Rng, area: usize| match AREA_DIVISIONS[area] {
            names if !names.is_empty() && rng.percent(80) => index_of(rng.pick(names)),
            _ => rng.below(roster.divisions.len()),
        };
        match level {
            ProblemLevel::LeadershipTeam => {
                let division = index_of(TEAM_DIVISIONS[area]);
                Subject {
                    level,
                    text: "领导班子".to_owned(),
                    leader: roster.principal().to_owned(),
                    division,
                    person: roster.divisions[division].chief.clone(),
                }
            }
            ProblemLevel::TeamMember => {
                let member = rng.below(roster.members.len());
                let owned = roster.divisions_of(member);
                let division = index_of(rng.pick(&owned).name);
                Subject {
                    level,
                    text: roster.members[member].subject(),
                    leader: roster.members[member].name.clone(),
                    division,
                    person: roster.divisions[division].chief.clone(),
                }
            }
            ProblemLevel::Division => {
                let division = pick_division(rng, area);
                let record = &roster.divisions[division];
                Subject {
                    level,
                    text: record.name.to_owned(),
                    leader: roster.leader_of(record).to_owned(),
                    division,
                    person: record.chief.clone(),
                }
            }
            ProblemLevel::Individual => {
                let division = pick_division(rng, area);
                let record = &roster.divisions[division];
                let person = rng.pick_ref(&record.staff).clone();
                Subject {
                    level,
                    text: format!("{} {person}", record.name),
                    leader: roster.leader_of(record).to_owned(),
                    division,
                    person,
                }
            }
        }
    }

    /// Writes the description (问题表现): an optional "ten big problems" lead, a framing for the
    /// level, the item's finding, and an optional consequence.
    fn description(&mut self, level: ProblemLevel, area: usize, item: usize) -> String {
        let corpus = &AREAS[area];
        let mut text = String::new();
        if self.rng.percent(30) {
            text.push_str("存在“");
            text.push_str(self.rng.pick(corpus.labels));
            text.push_str("”问题，");
        }
        let level_index = ProblemLevel::ALL
            .iter()
            .position(|&candidate| candidate == level)
            .unwrap_or(0);
        text.push_str(self.rng.pick(FRAMES[level_index]));
        text.push_str(self.rng.pick(corpus.items[item].descriptions));
        if self.rng.percent(40) {
            text.push('，');
            text.push_str(self.rng.pick(TAILS));
        }
        text.push('。');
        text
    }

    /// Picks `count` different measures: the first from the problem's area, the others from the
    /// area, the general pool and the level's own pool.
    fn measure_texts(
        &mut self,
        level: ProblemLevel,
        area: usize,
        count: usize,
    ) -> Vec<MeasureText> {
        let own: &[MeasureText] = match level {
            ProblemLevel::TeamMember => MEMBER_MEASURES,
            ProblemLevel::Individual => INDIVIDUAL_MEASURES,
            ProblemLevel::LeadershipTeam | ProblemLevel::Division => &[],
        };
        let mut candidates: Vec<MeasureText> = AREA_MEASURES[area].to_vec();
        candidates.extend_from_slice(GENERAL_MEASURES);
        candidates.extend_from_slice(own);
        let mut chosen = vec![self.rng.pick(AREA_MEASURES[area])];
        for index in self.rng.sample(candidates.len(), count + 1) {
            if chosen.len() >= count {
                break;
            }
            let candidate = candidates[index];
            if chosen
                .iter()
                .all(|taken| taken.content != candidate.content)
            {
                chosen.push(candidate);
            }
        }
        chosen
    }
}
