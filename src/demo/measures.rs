//! One demo measure and its life: responsibility, deadline, status changes step by step,
//! progress notes, an extension now and then, and a close-out for part of the finished ones.

use chrono::NaiveDate;

use super::corpus_work::{
    EXTENSION_REASONS, MeasureText, NO_EVIDENCE_REASONS, NOTES_DONE, NOTES_ONGOING, NOTES_STARTED,
    OPINIONS,
};
use super::problems::{Subject, fill};
use super::rng::{add_days, month_end};
use super::{Generator, measure_id};
use crate::domain::{
    CloseOutDraft, Command, Deadline, ExtensionDraft, MeasureDraft, MeasureId, MeasureStatus,
    ProblemId, ProblemLevel, ProgressNoteDraft,
};
use crate::store::StoreResult;

/// An extension the measure will be granted: the new deadline and the day it was approved.
#[derive(Debug, Clone, Copy)]
struct PlannedExtension {
    new_deadline: NaiveDate,
    approved_on: NaiveDate,
}

impl Generator<'_, '_> {
    /// Adds one measure under `problem_id` and takes it through its life up to today.
    pub(super) fn measure(
        &mut self,
        problem_id: ProblemId,
        found_on: NaiveDate,
        subject: &Subject,
        position: usize,
        text: MeasureText,
    ) -> StoreResult<()> {
        let today = self.calendar.today;
        let (leader, division, person) = self.responsible(subject, position, text);
        let deadline = Some(self.deadline(found_on));
        let measure_id = measure_id(self.apply(&Command::AddMeasure(MeasureDraft {
            problem_id,
            content: text.content.to_owned(),
            goal: text.goal.to_owned(),
            responsible_leader: leader.clone(),
            responsible_division: division,
            responsible_person: person,
            deadline,
        }))?)?;
        self.report.measures += 1;

        // Some measures that ran past their deadline were granted more time.
        let mut due = deadline.and_then(Deadline::date);
        let extension = match due {
            Some(old) if old < today && self.rng.percent(15) => {
                let new_deadline = month_end(add_days(old, self.rng.between(20, 90)));
                let approved_on = add_days(old, -self.rng.between(0, 10))
                    .max(found_on)
                    .min(today);
                due = Some(new_deadline);
                Some(PlannedExtension {
                    new_deadline,
                    approved_on,
                })
            }
            _ => None,
        };
        let mut status = self.final_status(deadline, due, found_on);
        if extension.is_some() && status == MeasureStatus::NotStarted {
            status = MeasureStatus::InProgress;
        }
        if status == MeasureStatus::NotStarted {
            return Ok(());
        }

        let elapsed = (today - found_on).num_days();
        let started_on = add_days(found_on, self.rng.between(0, elapsed.min(15)));
        let finished = matches!(status, MeasureStatus::Completed | MeasureStatus::Closed);
        let completed_on = if finished {
            self.completion_day(started_on, due)
        } else {
            today
        };
        self.change_status(measure_id, MeasureStatus::InProgress)?;

        // An overdue measure without any progress note is what the pre-submission check must
        // find, so a share of them stay silent.
        let silent = !finished && due.is_some_and(|date| date < today) && self.rng.percent(20);
        if !silent {
            let template = self.rng.pick(NOTES_STARTED);
            let note = fill(&mut self.rng, template, started_on);
            self.note(measure_id, started_on, note)?;
            let extra = self.rng.between(0, if finished { 1 } else { 2 });
            let mut days: Vec<NaiveDate> = (0..extra)
                .map(|_| self.rng.date_between(started_on, completed_on))
                .collect();
            days.sort_unstable();
            for day in days {
                let template = self.rng.pick(NOTES_ONGOING);
                let note = fill(&mut self.rng, template, day);
                self.note(measure_id, day, note)?;
            }
        }
        if let Some(extension) = extension {
            let approver = if leader.is_empty() || self.rng.percent(30) {
                self.roster.principal().to_owned()
            } else {
                leader
            };
            let reason = self.rng.pick(EXTENSION_REASONS).to_owned();
            self.apply(&Command::ExtendDeadline(ExtensionDraft {
                measure_id,
                new_deadline: extension.new_deadline,
                reason,
                approver,
                approved_on: extension.approved_on,
            }))?;
            self.report.extensions += 1;
        }
        if !finished {
            return Ok(());
        }
        self.change_status(measure_id, MeasureStatus::Completed)?;
        let note = self.rng.pick(NOTES_DONE).to_owned();
        self.note(measure_id, completed_on, note)?;
        if status == MeasureStatus::Closed {
            let closed_on = self
                .rng
                .date_between(completed_on, add_days(completed_on, 20).min(today));
            let verifier = self.rng.pick_ref(&self.roster.verifiers()).clone();
            let opinion = self.rng.pick(OPINIONS).to_owned();
            let no_evidence_reason = self.rng.pick(NO_EVIDENCE_REASONS).to_owned();
            self.apply(&Command::CloseOutMeasure(CloseOutDraft {
                measure_id,
                verifier,
                closed_on,
                opinion,
                no_evidence_reason,
            }))?;
            self.report.close_outs += 1;
        }
        Ok(())
    }

    /// Who answers for the measure: `(leader, division, person)`. Every measure names a
    /// person, so demo data passes the pre-submission check and can be signed off at once.
    fn responsible(
        &mut self,
        subject: &Subject,
        position: usize,
        text: MeasureText,
    ) -> (String, String, String) {
        let roster = &self.roster;
        let rng = &mut self.rng;
        let division = match (subject.level, text.division) {
            (ProblemLevel::Individual, _) | (_, None) => &roster.divisions[subject.division],
            (_, Some(name)) if rng.percent(55) => roster.division(name),
            _ => &roster.divisions[subject.division],
        };
        let mut leader = match subject.level {
            ProblemLevel::TeamMember => subject.leader.clone(),
            ProblemLevel::LeadershipTeam if position == 0 => roster.principal().to_owned(),
            _ => roster.leader_of(division).to_owned(),
        };
        let person = match subject.level {
            ProblemLevel::Individual => subject.person.clone(),
            _ if rng.percent(55) => division.chief.clone(),
            _ => rng.pick_ref(&division.staff).clone(),
        };
        // Some measures name no leader: ledgers often leave 责任领导 to the division.
        if rng.per_mille(6) {
            leader.clear();
        }
        (leader, division.name.to_owned(), person)
    }

    /// Draws a deadline: 11% 长期坚持,
    /// a fifth already past today, the rest one to six months after the finding, mostly at a
    /// month's end. Never before `found_on`.
    fn deadline(&mut self, found_on: NaiveDate) -> Deadline {
        let today = self.calendar.today;
        if self.rng.percent(11) {
            return Deadline::LongTerm;
        }
        let elapsed = (today - found_on).num_days();
        if elapsed >= 1 && self.rng.percent(20) {
            let day = add_days(found_on, self.rng.between(0, elapsed - 1));
            let end = month_end(day);
            return Deadline::Date(if end < today { end } else { day });
        }
        let day = add_days(found_on, self.rng.between(15, 180));
        Deadline::Date(if self.rng.percent(70) {
            month_end(day)
        } else {
            day
        })
    }

    /// Where the measure stands today, given its deadline (`due` after any extension).
    fn final_status(
        &mut self,
        deadline: Option<Deadline>,
        due: Option<NaiveDate>,
        found_on: NaiveDate,
    ) -> MeasureStatus {
        use MeasureStatus::{Closed, Completed, InProgress, NotStarted};
        let today = self.calendar.today;
        let finished_percent = match (deadline, due) {
            (None, _) => return self.rng.weighted(&[(NotStarted, 50), (InProgress, 50)]),
            (Some(Deadline::LongTerm), _) | (_, None) => {
                return self.rng.weighted(&[
                    (InProgress, 75),
                    (Completed, 10),
                    (Closed, 8),
                    (NotStarted, 7),
                ]);
            }
            (Some(Deadline::Date(_)), Some(due)) if due < today => {
                // Work long past its deadline has mostly been finished by now.
                let days_past = (today - due).num_days().min(60);
                75 + (days_past / 3) as u32
            }
            (Some(Deadline::Date(_)), Some(due)) => {
                // The further along towards its deadline, the likelier a measure is done.
                let span = (due - found_on).num_days().max(1);
                let elapsed = (today - found_on).num_days().clamp(0, span);
                10 + (45 * elapsed / span) as u32
            }
        };
        if self.rng.percent(finished_percent) {
            if self.rng.percent(55) {
                Closed
            } else {
                Completed
            }
        } else if self.rng.percent(25) {
            NotStarted
        } else {
            InProgress
        }
    }

    /// The day a finished measure was done: mostly on time, sometimes after its deadline.
    fn completion_day(&mut self, started_on: NaiveDate, due: Option<NaiveDate>) -> NaiveDate {
        let today = self.calendar.today;
        match due {
            Some(due) if due < today && self.rng.percent(15) => {
                self.rng.date_between(due.max(started_on), today)
            }
            Some(due) if due >= started_on => self.rng.date_between(started_on, due.min(today)),
            _ => self.rng.date_between(started_on, today),
        }
    }

    fn change_status(&mut self, measure_id: MeasureId, status: MeasureStatus) -> StoreResult<()> {
        self.apply(&Command::ChangeMeasureStatus { measure_id, status })?;
        Ok(())
    }

    fn note(
        &mut self,
        measure_id: MeasureId,
        noted_on: NaiveDate,
        text: String,
    ) -> StoreResult<()> {
        self.apply(&Command::AddProgressNote(ProgressNoteDraft {
            measure_id,
            noted_on,
            text,
        }))?;
        self.report.progress_notes += 1;
        Ok(())
    }
}
