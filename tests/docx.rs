//! The Word documents the office edits (the 整改进展情况报告 and the 整改工作总结报告 draft and the
//! 整改承诺书 as .docx with Word's own styles naming the official typefaces, A4 with the
//! GB/T 9704 margins, Word tables, the unit, the counts and the problems' full text; read back
//! by LibreOffice when it is installed; and the command line that writes them.

// The helpers panic on failure like the tests themselves (clippy only exempts `#[test]`
// functions from these lints).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::Read;
use std::path::{Path, PathBuf};

use zhenggai::report::docx::{WordDocument, docx_bytes, write_docx};
use zhenggai::store::Store;
use zhenggai::view::DocumentData;

use common::cli::{run, run_ok, with_demo};
use common::{day, signed_demo};

const UNIT: &str = "某市行政审批服务管理局";

/// A part of a .docx file (a zip) as text.
fn part(docx: &[u8], name: &str) -> String {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    let mut text = String::new();
    archive
        .by_name(name)
        .unwrap_or_else(|_| panic!("no {name} in the .docx"))
        .read_to_string(&mut text)
        .unwrap();
    text
}

/// The text of WordprocessingML without its tags and without white space, so sentences can be
/// found whatever runs and breaks they were cut into.
fn plain(xml: &str) -> String {
    let mut text = String::new();
    let mut in_tag = false;
    for c in xml.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag && !c.is_whitespace() => text.push(c),
            _ => {}
        }
    }
    text.replace("&amp;", "&")
}

fn compact(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// A signed 12-problem demo, signed twice so the progress report has changes to list.
fn signed_store(dir: &Path) -> Store {
    signed_demo(&dir.join("unit.sqlite"), UNIT, 2)
}

/// The figures every document states: the problems and measures.
fn counts(data: &DocumentData) -> (usize, usize) {
    (data.snapshot.problems.len(), data.snapshot.measures.len())
}

#[test]
fn each_document_has_word_styles_official_fonts_a4_margins_and_word_tables() {
    let dir = tempfile::tempdir().unwrap();
    let store = signed_store(dir.path());
    let data = DocumentData::revision(&store, 2).unwrap();
    for &kind in WordDocument::ALL {
        let docx = docx_bytes(kind, &data).unwrap();
        let styles = part(&docx, "word/styles.xml");
        let document = part(&docx, "word/document.xml");
        // The body（正文、Word's Normal） is set by the document's defaults: 仿宋 at 三号.
        let defaults = &styles[..styles.find("</w:docDefaults>").unwrap()];
        assert!(defaults.contains("w:eastAsia=\"仿宋\""), "{defaults}");
        assert!(defaults.contains("<w:sz w:val=\"32\""), "{defaults}");
        // Word's own style ids, which Chinese Word and WPS call 标题、标题 1、标题 2.
        for (id, font) in [
            ("Title", "方正小标宋简体"),
            ("Heading1", "黑体"),
            ("Heading2", "楷体"),
        ] {
            let style = styles
                .split("<w:style ")
                .find(|style| style.contains(&format!("w:styleId=\"{id}\"")))
                .unwrap_or_else(|| panic!("{kind:?}: no style {id}"));
            assert!(
                style.contains(&format!("w:eastAsia=\"{font}\"")),
                "{kind:?}: {id} is not set in {font}: {style}"
            );
        }
        assert!(document.contains("w:pStyle w:val=\"Title\""), "{kind:?}");
        // A4 portrait; GB/T 9704 margins: top 37 mm, bottom 35, left 28, right 26.
        assert!(
            document.contains("<w:pgSz w:w=\"11906\" w:h=\"16838\""),
            "{kind:?}"
        );
        for margin in [
            "w:top=\"2098\"",
            "w:bottom=\"1984\"",
            "w:left=\"1587\"",
            "w:right=\"1474\"",
        ] {
            assert!(document.contains(margin), "{kind:?}: {margin}");
        }
        let text = plain(&document);
        assert!(
            text.contains(&format!("{UNIT}{}", kind.label())),
            "{kind:?}"
        );
        if kind != WordDocument::Commitment {
            assert!(document.contains("<w:tbl>"), "{kind:?}: no Word table");
        }
    }
}

#[test]
fn the_summary_draft_fills_in_figures_tables_and_every_problem_and_leaves_prompts() {
    let dir = tempfile::tempdir().unwrap();
    let store = signed_store(dir.path());
    let data = DocumentData::revision(&store, 2).unwrap();
    let docx = docx_bytes(WordDocument::WorkSummary, &data).unwrap();
    let document = part(&docx, "word/document.xml");
    let text = plain(&document);
    let (problems, measures) = counts(&data);
    assert!(
        text.contains(&format!("共查摆问题{problems}个，制定整改措施{measures}条")),
        "{text}"
    );
    for heading in [
        "一、基本情况",
        "二、查摆问题",
        "三、整改措施落实",
        "四、建章立制",
        "五、下一步打算",
    ] {
        assert!(text.contains(heading), "{heading}");
    }
    // Every problem's whole text is in the appendix's list.
    for problem in &data.snapshot.problems {
        assert!(text.contains(&compact(&problem.description)), "{problem:?}");
    }
    // The prose the office writes is marked, highlighted.
    assert!(text.contains("【请写明巩固整改成果"), "{text}");
    assert!(document.contains("<w:highlight w:val=\"yellow\""));
    // The appendix starts on a page of its own.
    assert!(document.contains("<w:pageBreakBefore"));
}

#[test]
fn the_commitment_and_progress_documents_say_what_their_pdfs_say() {
    let dir = tempfile::tempdir().unwrap();
    let store = signed_store(dir.path());
    let data = DocumentData::revision(&store, 2).unwrap();
    let (problems, measures) = counts(&data);

    let commitment = plain(&part(
        &docx_bytes(WordDocument::Commitment, &data).unwrap(),
        "word/document.xml",
    ));
    assert!(commitment.contains("郑重承诺如下："), "{commitment}");
    assert!(commitment.contains(&format!(
        "对查摆出的{problems}个问题制定{measures}条整改措施"
    )));
    assert!(commitment.contains("主要负责人（签字）："));
    assert!(commitment.contains("（单位盖章）"));

    let progress = plain(&part(
        &docx_bytes(WordDocument::Progress, &data).unwrap(),
        "word/document.xml",
    ));
    assert!(
        progress.contains(&format!("共查摆问题{problems}个，制定整改措施{measures}条")),
        "{progress}"
    );
    // Signed twice, revision 2 lists what changed since revision 1.
    assert!(progress.contains("与第1版相比"), "{progress}");
    assert!(progress.contains("表1各类别整改情况"), "{progress}");
}

#[test]
fn a_document_written_to_a_missing_folder_is_refused_and_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let store = signed_store(dir.path());
    let data = DocumentData::draft(&store, day(2026, 6, 15)).unwrap();
    let target = dir.path().join("拔出的U盘").join("总结.docx");
    let err = write_docx(WordDocument::WorkSummary, &data, &target).unwrap_err();
    let message = err.to_string();
    assert!(message.contains("无法写入"), "{message}");
    assert!(!target.exists());

    let written = dir.path().join("总结.docx");
    let bytes = write_docx(WordDocument::WorkSummary, &data, &written).unwrap();
    assert_eq!(std::fs::metadata(&written).unwrap().len() as usize, bytes);
}

/// LibreOffice's `soffice`, when installed.
fn soffice() -> Option<&'static str> {
    ["soffice", "libreoffice"].into_iter().find(|name| {
        std::process::Command::new(name)
            .arg("--version")
            .output()
            .is_ok_and(|output| output.status.success())
    })
}

/// Converts `file` to PDF with LibreOffice and returns the PDF's text. A fontconfig file that
/// adds the bundled CJK font is used, so a machine without Chinese fonts still sets the text.
fn libreoffice_text(soffice: &str, file: &Path, dir: &Path) -> Option<String> {
    let fonts = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/fonts");
    let config = dir.join("fonts.conf");
    std::fs::write(
        &config,
        format!(
            "<?xml version=\"1.0\"?>\n<!DOCTYPE fontconfig SYSTEM \"fonts.dtd\">\n<fontconfig>\n\
             <include ignore_missing=\"yes\">/etc/fonts/fonts.conf</include>\n\
             <dir>{}</dir>\n<cachedir>{}</cachedir>\n</fontconfig>\n",
            fonts.display(),
            dir.join("fc-cache").display()
        ),
    )
    .unwrap();
    let profile = format!("file://{}", dir.join("profile").display());
    let output = std::process::Command::new(soffice)
        .arg(format!("-env:UserInstallation={profile}"))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir)
        .arg(file)
        .env("HOME", dir)
        .env("FONTCONFIG_FILE", &config)
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let pdf: PathBuf = dir.join(file.file_stem().unwrap()).with_extension("pdf");
    let text = std::process::Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .ok()?;
    Some(String::from_utf8(text.stdout).unwrap())
}

#[test]
fn libreoffice_opens_each_document_and_reads_the_unit_the_counts_and_a_problem() {
    let Some(soffice) = soffice() else {
        println!(
            "skipped: LibreOffice (soffice) is not installed; apt-get install libreoffice-writer"
        );
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let store = signed_store(dir.path());
    let data = DocumentData::revision(&store, 2).unwrap();
    let (problems, measures) = counts(&data);
    let longest = data
        .snapshot
        .problems
        .iter()
        .map(|problem| problem.description.clone())
        .max_by_key(|text| text.chars().count())
        .unwrap();
    for &kind in WordDocument::ALL {
        let file = dir.path().join(format!("{}.docx", kind.code()));
        write_docx(kind, &data, &file).unwrap();
        let Some(text) = libreoffice_text(soffice, &file, dir.path()) else {
            println!("skipped: pdftotext is not installed; apt-get install poppler-utils");
            return;
        };
        let text = compact(&text);
        assert!(text.contains(&compact(UNIT)), "{kind:?}: {text}");
        assert!(
            text.contains(&format!("{problems}个问题"))
                || text.contains(&format!("问题{problems}个")),
            "{kind:?}: {text}"
        );
        assert!(text.contains(&format!("{measures}条")), "{kind:?}: {text}");
        if kind == WordDocument::WorkSummary {
            assert!(text.contains(&compact(&longest)), "{text}");
        }
    }
}

#[test]
fn the_command_line_writes_each_document_and_refuses_an_unknown_kind() {
    let (dir, db) = with_demo(3);
    for kind in ["commitment", "progress", "work-summary"] {
        let out = dir.path().join(format!("{kind}.docx"));
        let said = run_ok(&db, &["export-docx", "--kind", kind, out.to_str().unwrap()]);
        assert!(said.contains("已生成 Word 文档"), "{said}");
        assert!(said.contains("（草稿）"), "{said}");
        let bytes = std::fs::read(&out).unwrap();
        assert!(plain(&part(&bytes, "word/document.xml")).contains("市行政审批局"));
    }
    let refused = run(&db, &["export-docx", "--kind", "ledger", "x.docx"]);
    assert_eq!(refused.code, Some(2), "{refused:?}");
    // A revision that was never signed is refused with the reason.
    let refused = run(
        &db,
        &[
            "export-docx",
            "--kind",
            "progress",
            "--revision",
            "9",
            "x.docx",
        ],
    );
    assert_eq!(refused.code, Some(1), "{refused:?}");
    assert!(!dir.path().join("x.docx").exists());
}

#[test]
fn a_unit_without_problems_gets_documents_that_say_so() {
    let (_dir, db) = common::cli::initialised();
    let store = Store::open(&db).unwrap();
    let data = DocumentData::draft(&store, day(2026, 6, 15)).unwrap();
    let text = plain(&part(
        &docx_bytes(WordDocument::WorkSummary, &data).unwrap(),
        "word/document.xml",
    ));
    assert!(text.contains("台账中尚未录入查摆出的问题。"), "{text}");
    assert!(!text.contains("见附件"), "{text}");
    for &kind in WordDocument::ALL {
        assert!(docx_bytes(kind, &data).is_ok(), "{kind:?}");
    }
}
