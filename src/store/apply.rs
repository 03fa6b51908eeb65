//! Applying commands: each as one transaction plus one audit entry.

use rusqlite::{Connection, Transaction};

use super::error::{StoreError, StoreResult};
use super::{
    Store, aggregate, audit, backup, categories, commitments, evidence, measures, problems,
    receipts, revisions, rules, settings, unit_key, units,
};
use crate::domain::{Command, RecordRef};

/// Receiving bundles makes a backup first unless one is younger than this.
const IMPORT_BACKUP_INTERVAL: std::time::Duration = std::time::Duration::from_mins(10);

/// Carries out `command` on `conn` (inside a transaction or savepoint) and names the record it
/// created or changed. Validation happens here, before any write.
fn execute(conn: &Connection, command: &Command) -> StoreResult<RecordRef> {
    Ok(match command {
        Command::InitUnit(draft) => RecordRef::Unit(units::insert_unit(conn, draft)?),
        Command::UpdateUnit(draft) => RecordRef::Unit(units::update_unit(conn, draft)?),
        Command::CreateCampaign(draft) => RecordRef::Campaign(units::insert_campaign(conn, draft)?),
        Command::UpdateCampaign { campaign_id, draft } => {
            RecordRef::Campaign(units::update_campaign(conn, *campaign_id, draft)?)
        }
        Command::AddCategory(draft) => RecordRef::Category(categories::insert(conn, draft)?),
        Command::RenameCategory { category_id, name } => {
            RecordRef::Category(categories::rename(conn, *category_id, name)?)
        }
        Command::DeleteCategory { category_id } => {
            RecordRef::Category(categories::delete(conn, *category_id)?)
        }
        Command::AddProblem(draft) => RecordRef::Problem(problems::insert(conn, draft)?),
        Command::UpdateProblem { problem_id, draft } => {
            RecordRef::Problem(problems::update(conn, *problem_id, draft)?)
        }
        Command::DeleteProblem { problem_id } => {
            RecordRef::Problem(problems::delete(conn, *problem_id)?)
        }
        Command::AddMeasure(draft) => RecordRef::Measure(measures::insert(conn, draft)?),
        Command::UpdateMeasure { measure_id, draft } => {
            RecordRef::Measure(measures::update(conn, *measure_id, draft)?)
        }
        Command::DeleteMeasure { measure_id } => {
            RecordRef::Measure(measures::delete(conn, *measure_id)?)
        }
        Command::ChangeMeasureStatus { measure_id, status } => {
            RecordRef::Measure(measures::change_status(conn, *measure_id, *status)?)
        }
        Command::AddProgressNote(draft) => {
            RecordRef::ProgressNote(measures::add_note(conn, draft)?)
        }
        Command::DeleteProgressNote { note_id } => {
            RecordRef::ProgressNote(measures::delete_note(conn, *note_id)?)
        }
        Command::AttachEvidence {
            measure_id,
            file,
            added_on,
        } => RecordRef::Evidence(evidence::attach(conn, *measure_id, file, *added_on)?),
        Command::RemoveEvidence { evidence_id } => {
            RecordRef::Evidence(evidence::remove(conn, *evidence_id)?)
        }
        Command::CloseOutMeasure(draft) => RecordRef::Measure(measures::close_out(conn, draft)?),
        Command::ExtendDeadline(draft) => RecordRef::Extension(measures::extend(conn, draft)?),
        Command::AddCommitment(draft) => RecordRef::Commitment(commitments::insert(conn, draft)?),
        Command::UpdateCommitment {
            commitment_id,
            draft,
        } => RecordRef::Commitment(commitments::update(conn, *commitment_id, draft)?),
        Command::DeleteCommitment { commitment_id } => {
            RecordRef::Commitment(commitments::delete(conn, *commitment_id)?)
        }
        Command::AddRule(draft) => RecordRef::Rule(rules::insert(conn, draft)?),
        Command::UpdateRule { rule_id, draft } => {
            RecordRef::Rule(rules::update(conn, *rule_id, draft)?)
        }
        Command::DeleteRule { rule_id } => RecordRef::Rule(rules::delete(conn, *rule_id)?),
        Command::SignOff(draft) => RecordRef::Revision(revisions::sign_off(conn, draft)?),
        Command::SetDefaultSigners(signers) => {
            RecordRef::Unit(settings::set_default_signers(conn, signers)?)
        }
        Command::InitOffice(draft) => {
            aggregate::init_office(conn, draft)?;
            RecordRef::Office
        }
        Command::ImportBundle {
            received,
            replace_key,
        } => RecordRef::Received(aggregate::import_bundle(conn, received, *replace_key)?),
        Command::ImportReceipt { receipt } => {
            RecordRef::Revision(receipts::import_receipt(conn, receipt)?)
        }
        Command::AddSm2Key => {
            unit_key::create_sm2(conn)?;
            RecordRef::SigningKey
        }
        Command::StandardisePunctuation { updates } => {
            let mut first = None;
            for update in updates {
                if !update.revises_one_record() {
                    return Err(StoreError::BadPunctuationFix(
                        "只能修改问题、整改措施、整改承诺和制度的文字",
                    ));
                }
                first.get_or_insert(execute(conn, update)?);
            }
            first.ok_or(StoreError::BadPunctuationFix("没有需要规范的文字"))?
        }
    })
}

/// Executes and audits `command` on `conn`; the caller owns the transaction.
fn execute_audited(conn: &Connection, command: &Command) -> StoreResult<RecordRef> {
    let target = execute(conn, command)?;
    audit::append(conn, command, target)?;
    Ok(target)
}

/// A run of commands in one transaction (demo data, imports): each command still gets its own
/// savepoint and audit entry, and a failing command undoes only itself. Nothing is written
/// unless the closure returns `Ok`.
pub struct Batch<'conn> {
    tx: Transaction<'conn>,
}

impl Batch<'_> {
    /// Applies one command inside the batch.
    pub fn apply(&mut self, command: &Command) -> StoreResult<RecordRef> {
        let savepoint = self.tx.savepoint()?;
        let target = execute_audited(&savepoint, command)?;
        savepoint.commit()?;
        Ok(target)
    }
}

impl Store {
    /// Applies one edit as one transaction with its audit entry. On error nothing is written.
    /// A sign-off and an import are preceded by a verified backup (DESIGN §4).
    pub fn apply(&mut self, command: &Command) -> StoreResult<RecordRef> {
        self.ensure_writable()?;
        match command {
            Command::SignOff(_) => self.backup_before("sign_off", None)?,
            // An office receives bundles by the dozen: one backup covers a run of them.
            Command::ImportBundle { .. } | Command::ImportReceipt { .. } => {
                self.backup_before("import", Some(IMPORT_BACKUP_INTERVAL))?;
            }
            _ => {}
        }
        let tx = self.conn.transaction()?;
        let target = execute_audited(&tx, command)?;
        tx.commit()?;
        Ok(target)
    }

    /// Runs `work` with a [`Batch`] in one transaction, committed only if `work` succeeds. The
    /// work may fail with its own error (an import the user cancelled), which rolls back the same.
    pub fn batch<T, E: From<StoreError>>(
        &mut self,
        work: impl FnOnce(&mut Batch<'_>) -> Result<T, E>,
    ) -> Result<T, E> {
        self.ensure_writable()?;
        let mut batch = Batch {
            tx: self.conn.transaction().map_err(StoreError::from)?,
        };
        let result = work(&mut batch)?;
        batch.tx.commit().map_err(StoreError::from)?;
        Ok(result)
    }

    /// Makes a verified rotating backup labelled `reason` before a formal act, unless one was
    /// made within `unless_within`.
    pub fn backup_before(
        &self,
        reason: &str,
        unless_within: Option<std::time::Duration>,
    ) -> StoreResult<()> {
        if let Some(age) = unless_within
            && backup::has_backup_newer_than(&self.path, age)?
        {
            return Ok(());
        }
        backup::rotate(&self.conn, &self.path, reason)?;
        Ok(())
    }

    fn ensure_writable(&self) -> StoreResult<()> {
        if self.read_only {
            return Err(StoreError::Locked {
                path: self.path.clone(),
            });
        }
        Ok(())
    }
}
