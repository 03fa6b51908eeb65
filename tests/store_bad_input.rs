//! Bad input: every refusal is a typed error with a Chinese message, and nothing is written
//! (the audit log, the working data and the revisions are compared before and after).

// Helper functions of an integration test crate are test code too, but clippy only exempts
// `#[test]` functions from these lints.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{
    Fixture, add_measure, add_rule, assert_chinese, campaign_draft, commitment_draft, day,
    measure_draft, move_status, observe, problem_draft, refused, temp_db, unit_draft,
};
use zhenggai::domain::date::parse_date;
use zhenggai::domain::{
    CategoryDraft, CategoryId, CloseOutDraft, Command, Deadline, DomainError, EvidenceId,
    ExtensionDraft, MeasureId, MeasureStatus, ProblemDraft, ProblemId, ProgressNoteDraft,
    ProgressNoteId, RuleDraft, RuleKind, SignOffDraft,
};
use zhenggai::store::{Store, StoreError};

fn rule_draft(name: &str, problem_ids: Vec<ProblemId>) -> RuleDraft {
    RuleDraft {
        name: name.into(),
        kind: RuleKind::New,
        doc_number: String::new(),
        issued_on: None,
        note: String::new(),
        problem_ids,
    }
}

fn sign_off(leader: &str) -> SignOffDraft {
    SignOffDraft {
        preparer: "李娜".into(),
        reviewer: "周强".into(),
        leader: leader.into(),
    }
}

fn expect_required(store: &mut Store, command: &Command, field: &str) {
    let err = refused(store, command);
    match &err {
        StoreError::Domain(DomainError::Required { field: named }) => {
            assert_eq!(*named, field, "{}", command.code());
        }
        other => panic!(
            "{}: expected Required {{ {field} }}, got {other:?}",
            command.code()
        ),
    }
    assert!(err.to_string().contains(field), "{err}");
    assert!(err.to_string().contains("不能为空"), "{err}");
}

#[test]
fn empty_required_fields_are_refused() {
    let (_dir, path) = temp_db();
    let mut fresh = Store::open(&path).unwrap();
    let blank_unit = zhenggai::domain::UnitDraft {
        name: " \t ".into(),
        ..unit_draft()
    };
    expect_required(
        &mut fresh,
        &Command::InitUnit(blank_unit.clone()),
        "单位名称",
    );
    assert_eq!(fresh.unit().unwrap(), None);
    // Signing off before there is a unit is refused too.
    let err = refused(&mut fresh, &Command::SignOff(sign_off("王建国")));
    assert!(matches!(err, StoreError::NotInitialised), "{err:?}");
    drop(fresh);

    let mut fx = Fixture::new();
    let measure_id = add_measure(
        &mut fx.store,
        measure_draft(fx.problem_id, Some(Deadline::Date(day(2026, 6, 30)))),
    );
    move_status(
        &mut fx.store,
        measure_id,
        &[MeasureStatus::InProgress, MeasureStatus::Completed],
    );
    let problem_id = fx.problem_id;
    let mut blank_campaign = campaign_draft();
    blank_campaign.title = String::new();
    let mut blank_phase = campaign_draft();
    blank_phase.phases[1].name = "  ".into();
    let mut blank_problem = problem_draft(None, " \n ");
    blank_problem.subject = "行政审批科".into();
    let mut blank_measure = measure_draft(problem_id, None);
    blank_measure.content = "\u{3000}".into();

    let cases: Vec<(Command, &str)> = vec![
        (Command::UpdateUnit(blank_unit), "单位名称"),
        (Command::CreateCampaign(blank_campaign), "活动名称"),
        (
            Command::UpdateCampaign {
                campaign_id: fx.campaign_id,
                draft: blank_phase,
            },
            "阶段名称",
        ),
        (
            Command::AddCategory(CategoryDraft {
                parent_id: Some(fx.area_id),
                name: String::new(),
            }),
            "类别名称",
        ),
        (
            Command::RenameCategory {
                category_id: fx.item_id,
                name: "   ".into(),
            },
            "类别名称",
        ),
        (Command::AddProblem(blank_problem.clone()), "问题表现"),
        (
            Command::UpdateProblem {
                problem_id,
                draft: blank_problem,
            },
            "问题表现",
        ),
        (Command::AddMeasure(blank_measure.clone()), "整改措施"),
        (
            Command::UpdateMeasure {
                measure_id,
                draft: blank_measure,
            },
            "整改措施",
        ),
        (
            Command::AddProgressNote(ProgressNoteDraft {
                measure_id,
                noted_on: day(2026, 5, 1),
                text: " ".into(),
            }),
            "进展情况",
        ),
        (
            Command::CloseOutMeasure(CloseOutDraft {
                measure_id,
                verifier: String::new(),
                closed_on: day(2026, 7, 1),
                opinion: "已整改到位".into(),
                no_evidence_reason: "会议宣读".into(),
            }),
            "核验人",
        ),
        (
            Command::CloseOutMeasure(CloseOutDraft {
                measure_id,
                verifier: "赵敏".into(),
                closed_on: day(2026, 7, 1),
                opinion: String::new(),
                no_evidence_reason: "会议宣读".into(),
            }),
            "核验意见",
        ),
        (
            Command::ExtendDeadline(ExtensionDraft {
                measure_id,
                new_deadline: day(2026, 8, 31),
                reason: String::new(),
                approver: "王建国".into(),
                approved_on: day(2026, 6, 20),
            }),
            "延期理由",
        ),
        (
            Command::ExtendDeadline(ExtensionDraft {
                measure_id,
                new_deadline: day(2026, 8, 31),
                reason: "需配套资金".into(),
                approver: " ".into(),
                approved_on: day(2026, 6, 20),
            }),
            "审批人",
        ),
        (
            Command::AddCommitment(commitment_draft("", None)),
            "承诺内容",
        ),
        (
            Command::AddRule(rule_draft(" ", vec![problem_id])),
            "制度名称",
        ),
        (Command::SignOff(sign_off("")), "主要负责人"),
    ];
    for (command, field) in &cases {
        expect_required(&mut fx.store, command, field);
    }
    assert_eq!(
        fx.store.measure(measure_id).unwrap().status,
        MeasureStatus::Completed
    );
}

#[test]
fn a_measure_deadline_before_the_found_date_is_refused() {
    let mut fx = Fixture::new();
    let before_found = Some(Deadline::Date(day(2026, 4, 9)));
    let err = refused(
        &mut fx.store,
        &Command::AddMeasure(measure_draft(fx.problem_id, before_found)),
    );
    let StoreError::Domain(DomainError::DeadlineBeforeFound { deadline, found_on }) = &err else {
        panic!("{err:?}");
    };
    assert_eq!(
        (deadline.as_str(), found_on.as_str()),
        ("2026-04-09", "2026-04-10")
    );
    assert!(err.to_string().contains("早于问题发现日期"), "{err}");

    let measure_id = add_measure(
        &mut fx.store,
        measure_draft(fx.problem_id, Some(Deadline::Date(day(2026, 5, 31)))),
    );
    let err = refused(
        &mut fx.store,
        &Command::UpdateMeasure {
            measure_id,
            draft: measure_draft(fx.problem_id, before_found),
        },
    );
    assert!(
        matches!(
            err,
            StoreError::Domain(DomainError::DeadlineBeforeFound { .. })
        ),
        "{err:?}"
    );

    // Moving the found date past an existing deadline is refused the same way.
    let mut later = problem_draft(Some(fx.item_id), "窗口人员授权不足");
    later.found_on = day(2026, 6, 1);
    let err = refused(
        &mut fx.store,
        &Command::UpdateProblem {
            problem_id: fx.problem_id,
            draft: later,
        },
    );
    let StoreError::Domain(DomainError::DeadlineBeforeFound { deadline, found_on }) = &err else {
        panic!("{err:?}");
    };
    assert_eq!(
        (deadline.as_str(), found_on.as_str()),
        ("2026-05-31", "2026-06-01")
    );
}

#[test]
fn a_megabyte_of_text_is_refused_with_a_short_message() {
    let mut fx = Fixture::new();
    let megabyte: String = "问".repeat(1_000_000);
    let measure_id = add_measure(&mut fx.store, measure_draft(fx.problem_id, None));
    let mut long_unit = unit_draft();
    long_unit.name.clone_from(&megabyte);
    let mut long_measure = measure_draft(fx.problem_id, None);
    long_measure.goal.clone_from(&megabyte);
    let cases = [
        (
            Command::AddProblem(problem_draft(None, &megabyte)),
            "问题表现",
            10_000,
        ),
        (
            Command::UpdateProblem {
                problem_id: fx.problem_id,
                draft: problem_draft(None, &megabyte),
            },
            "问题表现",
            10_000,
        ),
        (Command::UpdateUnit(long_unit), "单位名称", 200),
        (Command::AddMeasure(long_measure), "整改目标", 10_000),
        (
            Command::AddProgressNote(ProgressNoteDraft {
                measure_id,
                noted_on: day(2026, 5, 1),
                text: megabyte.clone(),
            }),
            "进展情况",
            10_000,
        ),
    ];
    for (command, field, max) in &cases {
        let err = refused(&mut fx.store, command);
        let StoreError::Domain(DomainError::TooLong {
            field: named,
            max_chars,
            actual_chars,
        }) = &err
        else {
            panic!("{}: {err:?}", command.code());
        };
        assert_eq!((named, max_chars, actual_chars), (field, max, &1_000_000));
        let message = err.to_string();
        assert!(message.chars().count() < 200, "{}", message.chars().count());
        assert!(message.contains("过长"), "{message}");
    }
    // Exactly at the limit is accepted.
    let at_limit = add_measure(&mut fx.store, {
        let mut draft = measure_draft(fx.problem_id, None);
        draft.content = "改".repeat(10_000);
        draft
    });
    assert_eq!(
        fx.store.measure(at_limit).unwrap().content.chars().count(),
        10_000
    );
}

/// What a problem form does with the found date a user typed: parse it, then build the draft.
fn problem_from_form(found_on: &str) -> Result<ProblemDraft, StoreError> {
    let found_on = parse_date("发现日期", found_on)?;
    Ok(ProblemDraft {
        found_on,
        ..problem_draft(None, "窗口服务推诿扯皮")
    })
}

#[test]
fn an_invalid_typed_date_is_refused_before_anything_is_written() {
    let mut fx = Fixture::new();
    let before = observe(&fx.store);
    for typed in [
        "2026-02-30",
        "2026-13-01",
        "2026/06/30",
        "2026-6-30",
        "明天",
        "",
        "二〇二六年六月三十日",
    ] {
        let err = problem_from_form(typed).unwrap_err();
        let StoreError::Domain(DomainError::InvalidDate { field, value }) = &err else {
            panic!("{typed}: {err:?}");
        };
        assert_eq!(*field, "发现日期");
        assert_eq!(value, typed.trim());
        let message = err.to_string();
        assert_chinese(&message);
        assert!(message.contains("年-月-日"), "gives the format: {message}");
    }
    // A megabyte pasted into a date field is echoed short.
    let err = parse_date("发现日期", &"9".repeat(1_000_000)).unwrap_err();
    assert!(err.to_string().chars().count() < 100);
    // The deadline field refuses the same way and knows 长期坚持.
    assert!(matches!(
        Deadline::parse("整改时限", "下个月"),
        Err(DomainError::InvalidDate {
            field: "整改时限",
            ..
        })
    ));
    assert_eq!(
        Deadline::parse("整改时限", "长期坚持"),
        Ok(Deadline::LongTerm)
    );
    assert_eq!(observe(&fx.store), before);

    // A correct date goes through.
    let draft = problem_from_form(" 2026-04-12 ").unwrap();
    let id = common::add_problem(&mut fx.store, draft);
    assert_eq!(fx.store.problem(id).unwrap().found_on, day(2026, 4, 12));
}

#[test]
fn a_non_existent_record_is_not_found_and_nothing_is_written() {
    let mut fx = Fixture::new();
    let measure_id = add_measure(&mut fx.store, measure_draft(fx.problem_id, None));
    let rule_id = add_rule(
        &mut fx.store,
        rule_draft("《首问负责制》", vec![fx.problem_id]),
    );
    let missing_problem = ProblemId(999);
    let missing_measure = MeasureId(999);
    let file = fx.write_file("照片.jpg", b"jpeg");
    let cases = vec![
        Command::UpdateProblem {
            problem_id: missing_problem,
            draft: problem_draft(None, "不存在的问题"),
        },
        Command::DeleteProblem {
            problem_id: missing_problem,
        },
        Command::AddMeasure(measure_draft(missing_problem, None)),
        Command::AddProblem(problem_draft(Some(CategoryId(999)), "类别不存在")),
        Command::AddCategory(CategoryDraft {
            parent_id: Some(CategoryId(999)),
            name: "孤儿类别".into(),
        }),
        Command::RenameCategory {
            category_id: CategoryId(999),
            name: "新名".into(),
        },
        // The rule row is inserted before its links are checked: the transaction must undo it.
        Command::AddRule(rule_draft(
            "《新制度》",
            vec![fx.problem_id, missing_problem],
        )),
        // The old links are removed before the new ones are checked: they must come back.
        Command::UpdateRule {
            rule_id,
            draft: rule_draft("《首问负责制》", vec![missing_problem]),
        },
        Command::UpdateMeasure {
            measure_id: missing_measure,
            draft: measure_draft(fx.problem_id, None),
        },
        Command::AddProgressNote(ProgressNoteDraft {
            measure_id: missing_measure,
            noted_on: day(2026, 5, 1),
            text: "进展".into(),
        }),
        Command::DeleteProgressNote {
            note_id: ProgressNoteId(999),
        },
        common::attach_command(missing_measure, &file, ""),
        Command::RemoveEvidence {
            evidence_id: EvidenceId(999),
        },
        Command::CloseOutMeasure(CloseOutDraft {
            measure_id: missing_measure,
            verifier: "赵敏".into(),
            closed_on: day(2026, 7, 1),
            opinion: "好".into(),
            no_evidence_reason: "无".into(),
        }),
        Command::ExtendDeadline(ExtensionDraft {
            measure_id: missing_measure,
            new_deadline: day(2026, 8, 31),
            reason: "理由".into(),
            approver: "王建国".into(),
            approved_on: day(2026, 6, 20),
        }),
        Command::ChangeMeasureStatus {
            measure_id: missing_measure,
            status: MeasureStatus::InProgress,
        },
    ];
    for command in &cases {
        let err = refused(&mut fx.store, command);
        assert!(
            matches!(err, StoreError::NotFound { id: 999, .. }),
            "{}: {err:?}",
            command.code()
        );
        assert!(err.to_string().contains("999"), "{err}");
    }
    assert_eq!(fx.store.rules().unwrap()[0].problem_ids, [fx.problem_id]);
    assert_eq!(fx.store.measure(measure_id).unwrap().position, 1);
}

#[test]
fn other_domain_rules_are_refused_with_their_own_error() {
    let mut fx = Fixture::new();
    let mut bad_year = campaign_draft();
    bad_year.year = 1999;
    let err = refused(&mut fx.store, &Command::CreateCampaign(bad_year));
    assert!(
        matches!(
            err,
            StoreError::Domain(DomainError::InvalidYear { year: 1999 })
        ),
        "{err:?}"
    );
    let mut reversed = campaign_draft();
    reversed.phases[0].ends_on = day(2025, 1, 1);
    let err = refused(
        &mut fx.store,
        &Command::UpdateCampaign {
            campaign_id: fx.campaign_id,
            draft: reversed,
        },
    );
    assert!(
        matches!(err, StoreError::Domain(DomainError::RangeReversed { .. })),
        "{err:?}"
    );
    let err = refused(
        &mut fx.store,
        &Command::AddCategory(CategoryDraft {
            parent_id: Some(fx.item_id),
            name: "第三级".into(),
        }),
    );
    assert!(
        matches!(err, StoreError::Domain(DomainError::CategoryTooDeep { .. })),
        "{err:?}"
    );
}
