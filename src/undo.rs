//! Undo for the edits of a session: before a command is applied, the edit that would reverse it
//! is worked out from the current data; after it is applied, that edit is completed with the id
//! of anything the command created. Formal acts (销号, 延期, 审核签发) and deletions that take
//! records with them are not undone: the UI asks before doing them.

use crate::domain::{Command, MeasureStatus, RecordRef, status::check_status_change};
use crate::store::{Store, StoreResult};

/// How a command will be undone, decided before it is applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UndoPlan {
    /// Applying this command reverses it.
    Apply(Command),
    /// The command creates a record; deleting that record reverses it.
    DeleteCreated,
    /// The command cannot be undone, for this reason (Chinese, shown to the user).
    Impossible(&'static str),
}

/// Works out how `command` could be undone, from the data as it is before it runs.
pub fn plan_undo(store: &Store, command: &Command) -> StoreResult<UndoPlan> {
    use UndoPlan::{Apply, DeleteCreated, Impossible};
    Ok(match command {
        Command::InitUnit(_) | Command::CreateCampaign(_) => {
            Impossible("建立单位和专项活动不能撤销")
        }
        Command::SignOff(_) => Impossible("审核签发后的报送版本不能撤销"),
        Command::InitOffice(_) => Impossible("建立汇总库不能撤销"),
        Command::AddSm2Key => Impossible("生成国密签名密钥不能撤销"),
        Command::ImportBundle { .. } | Command::ImportReceipt { .. } => {
            Impossible("接收的数据包和回执是正式记录，不能撤销")
        }
        Command::CloseOutMeasure(_) => Impossible("销号是正式核验记录，不能撤销"),
        Command::ExtendDeadline(_) => Impossible("延期是经批准的记录，不能撤销"),
        Command::DeleteProblem { .. } => Impossible("删除的问题不能撤销"),
        Command::RemoveEvidence { .. } => Impossible("移除的佐证材料不能撤销，请重新添加"),
        Command::SetDefaultSigners(_) => {
            Apply(Command::SetDefaultSigners(store.default_signers()?))
        }
        Command::UpdateUnit(_) => match store.unit()? {
            Some(unit) => Apply(Command::UpdateUnit(unit.to_draft())),
            None => Impossible("尚未建立单位"),
        },
        Command::UpdateCampaign { campaign_id, .. } => store
            .campaigns()?
            .into_iter()
            .find(|campaign| campaign.id == *campaign_id)
            .map_or(Impossible("专项活动不存在"), |campaign| {
                Apply(Command::UpdateCampaign {
                    campaign_id: *campaign_id,
                    draft: campaign.to_draft(),
                })
            }),
        Command::StandardisePunctuation { updates } => {
            let mut reverses = Vec::with_capacity(updates.len());
            // The updates are reversed in the opposite order, so that a record revised twice
            // ends as it began.
            for update in updates.iter().rev() {
                match plan_undo(store, update)? {
                    Apply(reverse) => reverses.push(reverse),
                    DeleteCreated | Impossible(_) => return Ok(Impossible("这次规范标点不能撤销")),
                }
            }
            Apply(Command::StandardisePunctuation { updates: reverses })
        }
        Command::AddCategory(_)
        | Command::AddProblem(_)
        | Command::AddMeasure(_)
        | Command::AddProgressNote(_)
        | Command::AttachEvidence { .. }
        | Command::AddCommitment(_)
        | Command::AddRule(_) => DeleteCreated,
        Command::RenameCategory { category_id, .. } => store
            .categories()?
            .into_iter()
            .find(|category| category.id == *category_id)
            .map_or(Impossible("问题类别不存在"), |category| {
                Apply(Command::RenameCategory {
                    category_id: *category_id,
                    name: category.name,
                })
            }),
        Command::DeleteCategory { category_id } => {
            let categories = store.categories()?;
            let has_items = categories
                .iter()
                .any(|category| category.parent_id == Some(*category_id));
            match categories.into_iter().find(|c| c.id == *category_id) {
                Some(category) if !has_items => {
                    Apply(Command::AddCategory(crate::domain::CategoryDraft {
                        parent_id: category.parent_id,
                        name: category.name,
                    }))
                }
                _ => Impossible("删除的类别连同其下的条目不能撤销"),
            }
        }
        Command::UpdateProblem { problem_id, .. } => Apply(Command::UpdateProblem {
            problem_id: *problem_id,
            draft: store.problem(*problem_id)?.to_draft(),
        }),
        Command::UpdateMeasure { measure_id, .. } => Apply(Command::UpdateMeasure {
            measure_id: *measure_id,
            draft: store.measure(*measure_id)?.to_draft(),
        }),
        Command::DeleteMeasure { measure_id } => {
            let measure = store.measure(*measure_id)?;
            let untouched = measure.status == MeasureStatus::NotStarted
                && store.progress_notes(Some(*measure_id))?.is_empty()
                && store.evidence(Some(*measure_id))?.is_empty()
                && store.extensions(Some(*measure_id))?.is_empty();
            if untouched {
                Apply(Command::AddMeasure(measure.to_draft()))
            } else {
                Impossible("删除的措施带有进展、佐证或延期记录，不能撤销")
            }
        }
        Command::ChangeMeasureStatus { measure_id, status } => {
            let previous = store.measure(*measure_id)?.status;
            if check_status_change(*status, previous).is_ok() {
                Apply(Command::ChangeMeasureStatus {
                    measure_id: *measure_id,
                    status: previous,
                })
            } else {
                Impossible("已开始整改的措施不能退回未启动")
            }
        }
        Command::DeleteProgressNote { note_id } => store
            .progress_notes(None)?
            .into_iter()
            .find(|note| note.id == *note_id)
            .map_or(Impossible("进展记录不存在"), |note| {
                Apply(Command::AddProgressNote(note.to_draft()))
            }),
        Command::UpdateCommitment { commitment_id, .. } => store
            .commitments()?
            .into_iter()
            .find(|commitment| commitment.id == *commitment_id)
            .map_or(Impossible("承诺不存在"), |commitment| {
                Apply(Command::UpdateCommitment {
                    commitment_id: *commitment_id,
                    draft: commitment.to_draft(),
                })
            }),
        Command::DeleteCommitment { commitment_id } => store
            .commitments()?
            .into_iter()
            .find(|commitment| commitment.id == *commitment_id)
            .map_or(Impossible("承诺不存在"), |commitment| {
                Apply(Command::AddCommitment(commitment.to_draft()))
            }),
        Command::UpdateRule { rule_id, .. } => store
            .rules()?
            .into_iter()
            .find(|rule| rule.id == *rule_id)
            .map_or(Impossible("制度不存在"), |rule| {
                Apply(Command::UpdateRule {
                    rule_id: *rule_id,
                    draft: rule.to_draft(),
                })
            }),
        Command::DeleteRule { rule_id } => store
            .rules()?
            .into_iter()
            .find(|rule| rule.id == *rule_id)
            .map_or(Impossible("制度不存在"), |rule| {
                Apply(Command::AddRule(rule.to_draft()))
            }),
    })
}

/// The command that undoes an applied command, given its plan and the record it created or
/// changed; `Err` carries the reason it cannot be undone.
pub fn undo_command(plan: UndoPlan, target: RecordRef) -> Result<Command, &'static str> {
    match plan {
        UndoPlan::Apply(command) => Ok(command),
        UndoPlan::Impossible(reason) => Err(reason),
        UndoPlan::DeleteCreated => match target {
            RecordRef::Category(category_id) => Ok(Command::DeleteCategory { category_id }),
            RecordRef::Problem(problem_id) => Ok(Command::DeleteProblem { problem_id }),
            RecordRef::Measure(measure_id) => Ok(Command::DeleteMeasure { measure_id }),
            RecordRef::ProgressNote(note_id) => Ok(Command::DeleteProgressNote { note_id }),
            RecordRef::Evidence(evidence_id) => Ok(Command::RemoveEvidence { evidence_id }),
            RecordRef::Commitment(commitment_id) => Ok(Command::DeleteCommitment { commitment_id }),
            RecordRef::Rule(rule_id) => Ok(Command::DeleteRule { rule_id }),
            RecordRef::Unit(_)
            | RecordRef::Campaign(_)
            | RecordRef::Extension(_)
            | RecordRef::Revision(_)
            | RecordRef::Office
            | RecordRef::Received(_)
            | RecordRef::SigningKey => Err("这项操作不能撤销"),
        },
    }
}
