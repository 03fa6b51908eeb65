//! 导入 Excel imports a ledger people keep in Excel/WPS: read the sheets, detect each one's
//! mapping, parse the rows of the sheets chosen, check every draft, then apply everything
//! through commands in one [`Store::batch`], so an error anywhere writes nothing.

use std::path::Path;

use chrono::{Datelike, NaiveDate};

use super::error::{InteropError, InteropResult};
use super::parse::{ParsedLedger, ParsedMeasure, RowNote, earliest_deadline, shorten};
use super::preview::{ImportPreview, preview_xlsx};
use crate::domain::{
    Category, CategoryId, CloseOutDraft, Command, MeasureDraft, MeasureStatus, ProblemDraft,
    ProblemId, ProblemLevel, ProblemSource, ProgressNoteDraft, RecordRef, Severity,
};
use crate::store::{Batch, Store, StoreError, StoreResult};

/// The note left on a measure the ledger marks 已销号 when no verifier was named for the import:
/// the domain closes out only with a verifier, so the measure comes in as 已完成.
pub const CLOSE_OUT_PENDING_NOTE: &str =
    "原台账标记为「已销号」；导入后需由核验人核验并补充佐证材料，再办理销号。";

/// How to import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportOptions {
    /// The day of the import: the date of the progress notes and close-outs it creates.
    pub today: NaiveDate,
    /// Who vouches for the ledger's 已销号 rows. With a name, those measures are closed out with
    /// this verifier and a note that the evidence stays with the original ledger; without, they
    /// are imported as 已完成 with [`CLOSE_OUT_PENDING_NOTE`].
    pub close_out_verifier: Option<String>,
    /// Whether rows repeating the problem above join it (flat ledgers); see [`super::parse`].
    pub group_repeated_rows: bool,
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportReport {
    /// The sheets imported, in the workbook's order.
    pub sheets: Vec<String>,
    /// Problems added.
    pub problems: usize,
    /// Measures added.
    pub measures: usize,
    /// Rows imported (problem rows without measures and measure rows).
    pub rows_imported: usize,
    /// Rows not imported, with why.
    pub skipped: Vec<RowNote>,
    /// Rows imported with a change, with what changed.
    pub warnings: Vec<RowNote>,
    /// Measures the ledger marks 已销号 that came in as 已完成 awaiting close-out.
    pub closed_as_completed: usize,
    /// Measures closed out with the named verifier.
    pub closed_out: usize,
    /// Blank rows passed over.
    pub blank_rows: usize,
}

/// Imports the ledger at `path` as its preview's default choice of sheets and mappings.
pub fn import_xlsx(
    store: &mut Store,
    path: &Path,
    options: &ImportOptions,
) -> InteropResult<ImportReport> {
    let preview = preview_xlsx(path)?;
    import_preview(store, path, &preview, options, &|| false)
}

/// Imports the chosen sheets of `preview` with their mappings (the detected ones, or the user's
/// corrections). `path` names the file in messages. Refused with
/// [`InteropError::NothingToImport`] when no row can be imported, and with
/// [`InteropError::NoHeader`] when a chosen sheet has no 问题表现 column.
/// `stop_requested` is asked before the backup and again just before the transaction commits;
/// when it says yes the import ends with [`InteropError::Cancelled`] and nothing is written.
pub fn import_preview(
    store: &mut Store,
    path: &Path,
    preview: &ImportPreview,
    options: &ImportOptions,
    stop_requested: &dyn Fn() -> bool,
) -> InteropResult<ImportReport> {
    if store.unit()?.is_none() {
        return Err(StoreError::NotInitialised.into());
    }
    if preview.selected().next().is_none()
        || preview.selected().any(|sheet| !sheet.mapping.is_usable())
    {
        return Err(InteropError::NoHeader {
            path: path.to_path_buf(),
        });
    }
    let campaign = store.current_campaign()?;
    let year = campaign
        .as_ref()
        .map_or(options.today.year(), |campaign| campaign.year);
    // Problems are dated at the campaign's start (when self-inspection found them), or today.
    let found_default = campaign
        .as_ref()
        .and_then(|campaign| campaign.phases.first())
        .map_or(options.today, |phase| phase.starts_on.min(options.today));
    let categories = store.categories()?;
    let mut plan = Plan::default();
    for sheet in preview.selected() {
        let parsed = sheet.parse(year, options.group_repeated_rows);
        plan_import(
            &mut plan,
            parsed,
            &sheet.grid.sheet,
            &categories,
            found_default,
            options,
        );
    }
    if plan.problems.is_empty() {
        let sheets = preview.selected().count();
        let reason = plan.skipped.first().map_or_else(
            || "表头下方没有数据行".to_owned(),
            |note| format!("{}：{}", note.place(sheets), note.reason),
        );
        return Err(InteropError::NothingToImport {
            path: path.to_path_buf(),
            reason,
        });
    }
    let stop_if_requested = || {
        if stop_requested() {
            Err(InteropError::Cancelled)
        } else {
            Ok(())
        }
    };
    stop_if_requested()?;
    store.backup_before("import", None)?;
    let counts = store.batch(|batch| {
        let counts = apply_plan(batch, &plan, options)?;
        stop_if_requested()?;
        Ok::<_, InteropError>(counts)
    })?;
    Ok(ImportReport {
        sheets: preview
            .selected()
            .map(|sheet| sheet.grid.sheet.clone())
            .collect(),
        problems: plan.problems.len(),
        measures: counts.measures,
        rows_imported: plan.rows_imported,
        skipped: plan.skipped,
        warnings: plan.warnings,
        closed_as_completed: counts.closed_as_completed,
        closed_out: counts.closed_out,
        blank_rows: plan.blank_rows,
    })
}

/// A problem ready to apply: its checked draft and its checked measures.
struct PlannedProblem {
    draft: ProblemDraft,
    measures: Vec<(MeasureDraft, ParsedMeasure)>,
}

/// Everything the import will apply, every draft already validated.
#[derive(Default)]
struct Plan {
    problems: Vec<PlannedProblem>,
    rows_imported: usize,
    skipped: Vec<RowNote>,
    warnings: Vec<RowNote>,
    blank_rows: usize,
}

/// Builds and validates the drafts of one sheet's rows into `plan`, moving rows whose drafts
/// are refused to the skipped list, so that the batch afterwards only meets data the domain
/// accepts.
fn plan_import(
    plan: &mut Plan,
    parsed: ParsedLedger,
    sheet: &str,
    categories: &[Category],
    found_default: NaiveDate,
    options: &ImportOptions,
) {
    let ParsedLedger {
        problems,
        mut skipped,
        mut warnings,
        blank_rows,
        rows_read: _,
    } = parsed;
    let note = |row: usize, reason: String| RowNote {
        sheet: sheet.to_owned(),
        row,
        reason,
    };
    let mut planned = Vec::new();
    let mut rows_imported = 0;
    for problem in problems {
        // A deadline may not precede the day the problem was found, so a ledger whose
        // deadlines start early dates its problem no later than the first deadline.
        let found_on = earliest_deadline(&problem.measures)
            .map_or(found_default, |first| first.min(found_default));
        let category_id = match_category(categories, &problem.category);
        let mut example = problem.example.clone();
        if category_id.is_none() && !problem.category.is_empty() {
            warnings.push(note(
                problem.row,
                format!(
                    "问题类别「{}」不在本单位的类别中，问题暂不分类（原类别已记入典型事例）",
                    shorten(&problem.category)
                ),
            ));
            let line = format!("原问题类别：{}", problem.category);
            example = if example.is_empty() {
                line
            } else {
                format!("{example}\n{line}")
            };
        }
        let draft = ProblemDraft {
            category_id,
            level: ProblemLevel::Division,
            subject: problem.subject.clone(),
            source: ProblemSource::SelfInspection,
            description: problem.description.clone(),
            example,
            cause: problem.cause.clone(),
            severity: Severity::General,
            found_on,
        };
        let draft = match draft.validate() {
            Ok(draft) => draft,
            Err(err) => {
                skipped.push(note(problem.row, format!("问题未导入：{err}")));
                for measure in &problem.measures {
                    skipped.push(note(
                        measure.row,
                        format!("所属问题（第 {} 行）未导入", problem.row),
                    ));
                }
                continue;
            }
        };
        let mut measures = Vec::new();
        for measure in problem.measures {
            let measure_draft = MeasureDraft {
                // The real id is known only inside the batch; it is filled in there.
                problem_id: ProblemId(0),
                content: measure.content.clone(),
                goal: measure.goal.clone(),
                responsible_leader: measure.leader.clone(),
                responsible_division: measure.division.clone(),
                responsible_person: measure.person.clone(),
                deadline: measure.deadline,
            };
            match measure_draft.validate(found_on) {
                Ok(valid) => {
                    if let Some(reason) = note_problem(&measure, options) {
                        warnings.push(note(measure.row, reason));
                    }
                    measures.push((valid, measure));
                }
                Err(err) => skipped.push(note(measure.row, format!("整改措施未导入：{err}"))),
            }
        }
        rows_imported += measures.len().max(1);
        planned.push(PlannedProblem { draft, measures });
    }
    skipped.sort_by_key(|note| note.row);
    warnings.sort_by_key(|note| note.row);
    plan.problems.extend(planned);
    plan.rows_imported += rows_imported;
    plan.skipped.extend(skipped);
    plan.warnings.extend(warnings);
    plan.blank_rows += blank_rows;
}

/// Why a measure's progress text cannot become a note, if it cannot (too long).
fn note_problem(measure: &ParsedMeasure, options: &ImportOptions) -> Option<String> {
    if measure.progress.is_empty() {
        return None;
    }
    ProgressNoteDraft {
        measure_id: crate::domain::MeasureId(0),
        noted_on: options.today,
        text: measure.progress.clone(),
    }
    .validate()
    .err()
    .map(|err| format!("进展情况未导入：{err}"))
}

/// Finds the category a ledger names: an item or area by name, or the last part of
/// `area / item` or `area-item`. Names are compared without spaces.
fn match_category(categories: &[Category], written: &str) -> Option<CategoryId> {
    let compact = |text: &str| -> String { text.chars().filter(|c| !c.is_whitespace()).collect() };
    let written = compact(written);
    if written.is_empty() {
        return None;
    }
    let find = |name: &str| {
        // Items first: an item named like an area is the more specific match.
        categories
            .iter()
            .filter(|category| category.parent_id.is_some())
            .chain(categories.iter().filter(|c| c.parent_id.is_none()))
            .find(|category| compact(&category.name) == name)
            .map(|category| category.id)
    };
    find(&written).or_else(|| {
        written
            .rsplit(['/', '/', '-', '—', '|'])
            .next()
            .filter(|last| *last != written)
            .and_then(find)
    })
}

/// What applying a plan added.
#[derive(Default)]
struct AppliedCounts {
    measures: usize,
    closed_as_completed: usize,
    closed_out: usize,
}

/// Applies the plan inside the batch; any refusal fails the whole batch.
fn apply_plan(
    batch: &mut Batch<'_>,
    plan: &Plan,
    options: &ImportOptions,
) -> StoreResult<AppliedCounts> {
    let mut counts = AppliedCounts::default();
    for problem in &plan.problems {
        let RecordRef::Problem(problem_id) =
            batch.apply(&Command::AddProblem(problem.draft.clone()))?
        else {
            continue;
        };
        for (draft, parsed) in &problem.measures {
            let RecordRef::Measure(measure_id) =
                batch.apply(&Command::AddMeasure(MeasureDraft {
                    problem_id,
                    ..draft.clone()
                }))?
            else {
                continue;
            };
            counts.measures += 1;
            if !parsed.progress.is_empty() && note_problem(parsed, options).is_none() {
                batch.apply(&Command::AddProgressNote(ProgressNoteDraft {
                    measure_id,
                    noted_on: options.today,
                    text: parsed.progress.clone(),
                }))?;
            }
            let path: &[MeasureStatus] = match parsed.status {
                MeasureStatus::NotStarted => &[],
                MeasureStatus::InProgress => &[MeasureStatus::InProgress],
                MeasureStatus::Completed | MeasureStatus::Closed => {
                    &[MeasureStatus::InProgress, MeasureStatus::Completed]
                }
            };
            for &status in path {
                batch.apply(&Command::ChangeMeasureStatus { measure_id, status })?;
            }
            if parsed.status != MeasureStatus::Closed {
                continue;
            }
            match options.close_out_verifier.as_deref().map(str::trim) {
                Some(verifier) if !verifier.is_empty() => {
                    batch.apply(&Command::CloseOutMeasure(CloseOutDraft {
                        measure_id,
                        verifier: verifier.to_owned(),
                        closed_on: options.today,
                        opinion: "原台账已销号，随台账导入。".to_owned(),
                        no_evidence_reason: "佐证材料保存在原台账中，导入时未附。".to_owned(),
                    }))?;
                    counts.closed_out += 1;
                }
                _ => {
                    batch.apply(&Command::AddProgressNote(ProgressNoteDraft {
                        measure_id,
                        noted_on: options.today,
                        text: CLOSE_OUT_PENDING_NOTE.to_owned(),
                    }))?;
                    counts.closed_as_completed += 1;
                }
            }
        }
    }
    Ok(counts)
}
