//! GB/T 15834 in everything the program writes: no half-width `, : ; ( ) ! ?` touches a Chinese
//! character in the program's own strings (screens, messages, CLI, documents, demo data), in
//! the demo data it makes, or in any document it lays out.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::{Path, PathBuf};

use common::{day, temp_db};
use zhenggai::demo::{DemoOptions, populate};
use zhenggai::domain::punctuation::half_width_marks;
use zhenggai::domain::punctuation_fix::punctuation_spots;
use zhenggai::domain::{Command, SignOffDraft};
use zhenggai::report::fonts::FontSet;
use zhenggai::report::{DocumentKind, layout};
use zhenggai::setup::init_workbook;
use zhenggai::store::Store;
use zhenggai::view::DocumentData;

/// The string literals of Rust source `text` with the line each starts on. Comments, char
/// literals and lifetimes are skipped; raw strings are read to their closing hashes.
fn string_literals(text: &str) -> Vec<(usize, String)> {
    let chars: Vec<char> = text.chars().collect();
    let mut found = Vec::new();
    let mut line = 1;
    let mut index = 0;
    let at = |index: usize| chars.get(index).copied().unwrap_or('\0');
    while index < chars.len() {
        let ch = chars[index];
        if ch == '\n' {
            line += 1;
            index += 1;
        } else if ch == '/' && at(index + 1) == '/' {
            while index < chars.len() && chars[index] != '\n' {
                index += 1;
            }
        } else if ch == '/' && at(index + 1) == '*' {
            index += 2;
            while index < chars.len() && !(chars[index] == '*' && at(index + 1) == '/') {
                line += usize::from(chars[index] == '\n');
                index += 1;
            }
            index += 2;
        } else if ch == '\'' {
            // A char literal ('x', '\n', '\u{3000}') or a lifetime ('a): skip either.
            if at(index + 1) == '\\' {
                index += 2;
                while index < chars.len() && chars[index] != '\'' {
                    index += 1;
                }
                index += 1;
            } else if at(index + 2) == '\'' {
                index += 3;
            } else {
                index += 1;
            }
        } else if ch == 'r'
            && (at(index + 1) == '"' || at(index + 1) == '#')
            && !(index > 0 && (chars[index - 1].is_alphanumeric() || chars[index - 1] == '_'))
        {
            let mut hashes = 0;
            let mut cursor = index + 1;
            while at(cursor) == '#' {
                hashes += 1;
                cursor += 1;
            }
            if at(cursor) != '"' {
                index += 1;
                continue;
            }
            let start = cursor + 1;
            let closing: String = std::iter::once('"')
                .chain(std::iter::repeat_n('#', hashes))
                .collect();
            let rest: String = chars[start..].iter().collect();
            let length = rest
                .find(&closing)
                .map_or(rest.len(), |bytes| rest[..bytes].chars().count());
            let body: String = chars[start..start + length].iter().collect();
            found.push((line, body.clone()));
            line += body.matches('\n').count();
            index = start + length + closing.chars().count();
        } else if ch == '"' {
            let start_line = line;
            let mut body = String::new();
            index += 1;
            while index < chars.len() && chars[index] != '"' {
                if chars[index] == '\\' {
                    body.push(chars[index]);
                    index += 1;
                }
                line += usize::from(at(index) == '\n');
                body.push(at(index));
                index += 1;
            }
            index += 1;
            found.push((start_line, body));
        } else {
            index += 1;
        }
    }
    found
}

/// `body` with its `{...}` format placeholders blanked, so that `{:?}` or `{name:>5}` next to
/// Chinese is not read as punctuation.
fn without_placeholders(body: &str) -> String {
    let mut out = String::with_capacity(body.len());
    let mut depth = 0;
    for ch in body.chars() {
        match ch {
            '{' => {
                depth += 1;
                out.push(' ');
            }
            '}' if depth > 0 => {
                depth -= 1;
                out.push(' ');
            }
            _ if depth > 0 => out.push(' '),
            _ => out.push(ch),
        }
    }
    out
}

/// Every `.rs` file under `folder`.
fn rust_files(folder: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut folders = vec![folder.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|ext| ext == "rs") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

#[test]
fn the_program_s_own_strings_put_full_width_punctuation_next_to_chinese() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut offences = Vec::new();
    for file in rust_files(&src) {
        // Tests may type half-width marks on purpose: they check that 规范标点 fixes them.
        if file.file_name().is_some_and(|name| name == "tests.rs") {
            continue;
        }
        // Migrations are history: a database upgraded long ago holds their text as it was.
        if file.ends_with("store/schema.rs") {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap();
        let shipped = text.split("#[cfg(test)]").next().unwrap_or_default();
        for (line, body) in string_literals(shipped) {
            if !half_width_marks(&without_placeholders(&body)).is_empty() {
                let shown: String = body.chars().take(60).collect();
                offences.push(format!("{}:{line}: {shown}", file.display()));
            }
        }
    }
    assert!(
        offences.is_empty(),
        "{} strings with half-width punctuation next to Chinese:\n{}",
        offences.len(),
        offences.join("\n")
    );
}

#[test]
fn the_scanner_finds_what_it_looks_for() {
    let source = r##"
        // 注释里的 , 不算
        let a = "对象:名单";
        let b = 'x';
        let c = r#"原文(一)"#;
        let d = format!("{:?} 行", e);
        let f = "全角：没问题";
    "##;
    let flagged: Vec<usize> = string_literals(source)
        .into_iter()
        .filter(|(_, body)| !half_width_marks(&without_placeholders(body)).is_empty())
        .map(|(line, _)| line)
        .collect();
    assert_eq!(flagged, vec![3, 5]);
}

/// A 300-problem demo with one signed revision, in `path`.
fn demo_store(path: &Path) -> Store {
    let mut store = Store::open(path).unwrap();
    init_workbook(&mut store, common::unit_draft(), 2026).unwrap();
    populate(
        &mut store,
        &DemoOptions {
            problems: 300,
            seed: 11,
            today: day(2026, 6, 15),
        },
    )
    .unwrap();
    store
        .apply(&Command::SignOff(SignOffDraft {
            preparer: "李晓梅".into(),
            reviewer: "张国庆".into(),
            leader: "王建国".into(),
        }))
        .unwrap();
    store
}

#[test]
fn the_demo_data_and_every_document_made_from_it_use_full_width_punctuation() {
    let (_dir, path) = temp_db();
    let store = demo_store(&path);
    let spots = punctuation_spots(&store.snapshot().unwrap());
    assert!(spots.is_empty(), "demo texts need 规范标点: {spots:?}");

    let fonts = FontSet::bundled().unwrap();
    for data in [
        DocumentData::draft(&store, day(2026, 6, 15)).unwrap(),
        DocumentData::revision(&store, 1).unwrap(),
    ] {
        for kind in [
            DocumentKind::Ledger,
            DocumentKind::Commitment,
            DocumentKind::Progress,
            DocumentKind::Rules,
        ] {
            let document = layout(kind, &data, &fonts).unwrap();
            let offences: Vec<String> = document
                .pages
                .iter()
                .enumerate()
                .flat_map(|(page, content)| {
                    content
                        .texts()
                        .filter(|text| !half_width_marks(text).is_empty())
                        .map(move |text| format!("第 {} 页：{text}", page + 1))
                })
                .collect();
            assert!(
                offences.is_empty(),
                "{}: {} lines with half-width punctuation:\n{}",
                kind.label(),
                offences.len(),
                offences.join("\n")
            );
        }
    }
}
