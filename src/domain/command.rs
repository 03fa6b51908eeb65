//! Every edit a user can make, as one enum. The store applies each command as one transaction
//! plus one audit entry; the UI, the CLI, the demo generator and the tests all edit through it.

use chrono::NaiveDate;
use serde::Serialize;

use super::campaign::CampaignDraft;
use super::category::CategoryDraft;
use super::close_out::CloseOutDraft;
use super::commitment::CommitmentDraft;
use super::evidence::EvidenceFile;
use super::extension::ExtensionDraft;
use super::ids::{
    CampaignId, CategoryId, CommitmentId, EvidenceId, ExtensionId, MeasureId, ProblemId,
    ProgressNoteId, RuleId, UnitId,
};
use super::measure::MeasureDraft;
use super::problem::ProblemDraft;
use super::progress_note::ProgressNoteDraft;
use super::received::{OfficeDraft, Receipt, VerifiedRevision};
use super::rule::RuleDraft;
use super::sign_off::SignOffDraft;
use super::signers::DefaultSigners;
use super::status::MeasureStatus;
use super::unit::UnitDraft;

/// One user edit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "command", rename_all = "snake_case")]
pub enum Command {
    /// Creates the unit of a new working database (once).
    InitUnit(UnitDraft),
    /// Changes the unit's information.
    UpdateUnit(UnitDraft),
    /// Creates a campaign with its phases.
    CreateCampaign(CampaignDraft),
    /// Replaces a campaign's title, year and phases.
    UpdateCampaign {
        /// The campaign.
        campaign_id: CampaignId,
        /// Its new content.
        draft: CampaignDraft,
    },
    /// Adds an area or an item to the category tree.
    AddCategory(CategoryDraft),
    /// Renames a category.
    RenameCategory {
        /// The category.
        category_id: CategoryId,
        /// The new name.
        name: String,
    },
    /// Deletes a category no problem uses (with its items, if none of them is used).
    DeleteCategory {
        /// The category.
        category_id: CategoryId,
    },
    /// Adds a problem; it gets the next ledger number.
    AddProblem(ProblemDraft),
    /// Replaces a problem's fields.
    UpdateProblem {
        /// The problem.
        problem_id: ProblemId,
        /// Its new content.
        draft: ProblemDraft,
    },
    /// Deletes a problem with its measures and everything on them.
    DeleteProblem {
        /// The problem.
        problem_id: ProblemId,
    },
    /// Adds a measure under a problem, status 未启动.
    AddMeasure(MeasureDraft),
    /// Replaces a measure's fields (not its status).
    UpdateMeasure {
        /// The measure.
        measure_id: MeasureId,
        /// Its new content; its `problem_id` must be the measure's own.
        draft: MeasureDraft,
    },
    /// Deletes a measure with its notes, evidence links and extensions.
    DeleteMeasure {
        /// The measure.
        measure_id: MeasureId,
    },
    /// Moves a measure to another status (close-out excluded).
    ChangeMeasureStatus {
        /// The measure.
        measure_id: MeasureId,
        /// The new status.
        status: MeasureStatus,
    },
    /// Adds a progress note.
    AddProgressNote(ProgressNoteDraft),
    /// Deletes a progress note.
    DeleteProgressNote {
        /// The note.
        note_id: ProgressNoteId,
    },
    /// Attaches a file as evidence. The caller reads the file; its bytes go into the blob
    /// store once per content, after their sha256 is checked.
    AttachEvidence {
        /// The measure.
        measure_id: MeasureId,
        /// The file: name, content and sha256 (only name, size and sha256 are audited).
        file: EvidenceFile,
        /// The day it is attached.
        added_on: NaiveDate,
    },
    /// Removes an evidence attachment (the bytes stay while another attachment uses them).
    RemoveEvidence {
        /// The attachment.
        evidence_id: EvidenceId,
    },
    /// Closes out a completed measure (销号).
    CloseOutMeasure(CloseOutDraft),
    /// Extends a measure's deadline (延期).
    ExtendDeadline(ExtensionDraft),
    /// Adds a commitment.
    AddCommitment(CommitmentDraft),
    /// Replaces a commitment's fields.
    UpdateCommitment {
        /// The commitment.
        commitment_id: CommitmentId,
        /// Its new content.
        draft: CommitmentDraft,
    },
    /// Deletes a commitment.
    DeleteCommitment {
        /// The commitment.
        commitment_id: CommitmentId,
    },
    /// Adds a rule with its linked problems.
    AddRule(RuleDraft),
    /// Replaces a rule's fields and links.
    UpdateRule {
        /// The rule.
        rule_id: RuleId,
        /// Its new content.
        draft: RuleDraft,
    },
    /// Deletes a rule.
    DeleteRule {
        /// The rule.
        rule_id: RuleId,
    },
    /// Signs off the working data, freezing the next revision.
    SignOff(SignOffDraft),
    /// Replaces the default signers (填报人, 审核人, 主要负责人) the sign-off starts from.
    SetDefaultSigners(DefaultSigners),
    /// Makes this database the aggregate (汇总库) of a superior office, with its signing key.
    InitOffice(OfficeDraft),
    /// Receives a unit's revision into the aggregate as the unit's newest, from a bundle the
    /// caller verified in full (`bundle::receive`). The unit's key is pinned on first receipt;
    /// `replace_key` accepts a new one （更换密钥）， which is a deliberate act.
    ImportBundle {
        /// The verified revision (boxed: it is by far the largest command, and commands are
        /// kept in queues and undo plans).
        received: Box<VerifiedRevision>,
        /// Whether a key other than the pinned one is accepted and pinned instead.
        replace_key: bool,
    },
    /// Records the superior office's receipt （回执） for one of this unit's revisions; the
    /// caller has read it and checked its signature.
    ImportReceipt {
        /// The receipt (boxed, as the received revision above).
        receipt: Box<Receipt>,
    },
    /// Gives the unit's (or the office's) key its SM2 pair （国密签名密钥）， for a database made
    /// before 国密. The store makes the pair when it opens such a database, through this
    /// command, so that the audit log says when.
    AddSm2Key,
    /// 规范标点：rewrites the punctuation of several records' texts as GB/T 15834 writes it,
    /// in one transaction, one audit entry and one undo step. Each update is an
    /// `UpdateProblem`, `UpdateMeasure`, `UpdateCommitment` or `UpdateRule`
    /// ([`crate::domain::punctuation_fix::punctuation_fixes`] makes them).
    StandardisePunctuation {
        /// The records' new contents.
        updates: Vec<Command>,
    },
}

impl Command {
    /// Whether the command may be one of the updates of [`Command::StandardisePunctuation`]:
    /// it replaces the texts of one record and nothing else.
    pub fn revises_one_record(&self) -> bool {
        matches!(
            self,
            Self::UpdateProblem { .. }
                | Self::UpdateMeasure { .. }
                | Self::UpdateCommitment { .. }
                | Self::UpdateRule { .. }
        )
    }

    /// The stable code recorded as the audit entry's action, e.g. `add_problem`.
    pub fn code(&self) -> &'static str {
        match self {
            Self::InitUnit(_) => "init_unit",
            Self::UpdateUnit(_) => "update_unit",
            Self::CreateCampaign(_) => "create_campaign",
            Self::UpdateCampaign { .. } => "update_campaign",
            Self::AddCategory(_) => "add_category",
            Self::RenameCategory { .. } => "rename_category",
            Self::DeleteCategory { .. } => "delete_category",
            Self::AddProblem(_) => "add_problem",
            Self::UpdateProblem { .. } => "update_problem",
            Self::DeleteProblem { .. } => "delete_problem",
            Self::AddMeasure(_) => "add_measure",
            Self::UpdateMeasure { .. } => "update_measure",
            Self::DeleteMeasure { .. } => "delete_measure",
            Self::ChangeMeasureStatus { .. } => "change_measure_status",
            Self::AddProgressNote(_) => "add_progress_note",
            Self::DeleteProgressNote { .. } => "delete_progress_note",
            Self::AttachEvidence { .. } => "attach_evidence",
            Self::RemoveEvidence { .. } => "remove_evidence",
            Self::CloseOutMeasure(_) => "close_out_measure",
            Self::ExtendDeadline(_) => "extend_deadline",
            Self::AddCommitment(_) => "add_commitment",
            Self::UpdateCommitment { .. } => "update_commitment",
            Self::DeleteCommitment { .. } => "delete_commitment",
            Self::AddRule(_) => "add_rule",
            Self::UpdateRule { .. } => "update_rule",
            Self::DeleteRule { .. } => "delete_rule",
            Self::SignOff(_) => "sign_off",
            Self::SetDefaultSigners(_) => "set_default_signers",
            Self::InitOffice(_) => "init_office",
            Self::ImportBundle { .. } => "import_bundle",
            Self::ImportReceipt { .. } => "import_receipt",
            Self::StandardisePunctuation { .. } => "standardise_punctuation",
            Self::AddSm2Key => "add_sm2_key",
        }
    }

    /// What the command does, in Chinese, for status lines and the audit view.
    pub fn label(&self) -> &'static str {
        match self {
            Self::InitUnit(_) => "建立单位",
            Self::UpdateUnit(_) => "修改单位信息",
            Self::CreateCampaign(_) => "新建专项活动",
            Self::UpdateCampaign { .. } => "修改专项活动",
            Self::AddCategory(_) => "新增问题类别",
            Self::RenameCategory { .. } => "重命名问题类别",
            Self::DeleteCategory { .. } => "删除问题类别",
            Self::AddProblem(_) => "新增问题",
            Self::UpdateProblem { .. } => "修改问题",
            Self::DeleteProblem { .. } => "删除问题",
            Self::AddMeasure(_) => "新增整改措施",
            Self::UpdateMeasure { .. } => "修改整改措施",
            Self::DeleteMeasure { .. } => "删除整改措施",
            Self::ChangeMeasureStatus { .. } => "变更措施状态",
            Self::AddProgressNote(_) => "记录整改进展",
            Self::DeleteProgressNote { .. } => "删除进展记录",
            Self::AttachEvidence { .. } => "添加佐证材料",
            Self::RemoveEvidence { .. } => "移除佐证材料",
            Self::CloseOutMeasure(_) => "销号",
            Self::ExtendDeadline(_) => "延期",
            Self::AddCommitment(_) => "新增整改承诺",
            Self::UpdateCommitment { .. } => "修改整改承诺",
            Self::DeleteCommitment { .. } => "删除整改承诺",
            Self::AddRule(_) => "新增制度",
            Self::UpdateRule { .. } => "修改制度",
            Self::DeleteRule { .. } => "删除制度",
            Self::SignOff(_) => "审核签发",
            Self::SetDefaultSigners(_) => "设置默认签字人",
            Self::InitOffice(_) => "建立汇总库",
            Self::ImportBundle { .. } => "接收数据包",
            Self::ImportReceipt { .. } => "导入回执",
            Self::StandardisePunctuation { .. } => "规范标点",
            Self::AddSm2Key => "生成国密签名密钥",
        }
    }
}

/// The record a command created or changed; also the audit entry's target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RecordRef {
    /// A unit.
    Unit(UnitId),
    /// A campaign.
    Campaign(CampaignId),
    /// A category.
    Category(CategoryId),
    /// A problem.
    Problem(ProblemId),
    /// A measure.
    Measure(MeasureId),
    /// A progress note.
    ProgressNote(ProgressNoteId),
    /// An evidence attachment.
    Evidence(EvidenceId),
    /// An extension.
    Extension(ExtensionId),
    /// A commitment.
    Commitment(CommitmentId),
    /// A rule.
    Rule(RuleId),
    /// A revision, by number.
    Revision(i64),
    /// The aggregate's office.
    Office,
    /// A received revision in an aggregate, by row id.
    Received(i64),
    /// The unit's (or the office's) signing key.
    SigningKey,
}

impl std::fmt::Display for RecordRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (kind, id) = match *self {
            Self::Unit(id) => ("unit", id.0),
            Self::Campaign(id) => ("campaign", id.0),
            Self::Category(id) => ("category", id.0),
            Self::Problem(id) => ("problem", id.0),
            Self::Measure(id) => ("measure", id.0),
            Self::ProgressNote(id) => ("progress_note", id.0),
            Self::Evidence(id) => ("evidence", id.0),
            Self::Extension(id) => ("extension", id.0),
            Self::Commitment(id) => ("commitment", id.0),
            Self::Rule(id) => ("rule", id.0),
            Self::Revision(number) => ("revision", number),
            Self::Office => ("office", 1),
            Self::Received(id) => ("received", id),
            Self::SigningKey => ("signing_key", 1),
        };
        write!(f, "{kind}:{id}")
    }
}
