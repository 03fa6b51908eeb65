//! The check of a zip workbook (.xlsx, .ods) before calamine opens it.
//!
//! From the central directory alone: the number of entries, encryption, each entry's declared
//! size (by what calamine does with it), the total and the compression ratio. Then every entry
//! is read to its end, through a cap of its declared size, so the zip reader checks its CRC
//! (calamine stops reading a part at its closing tag and never sees a damaged one), and the
//! parts calamine parses are scanned: every piece of markup bounded, the parts it reads whole
//! bounded in tags, the shared strings' declared counts against what the part can hold, the
//! cell addresses of worksheets within Excel's grid, and an .ods's cells estimated the way
//! calamine expands them.

use std::collections::{HashMap, HashSet};
use std::io::{Read, Seek};

use ::zip::ZipArchive;
use ::zip::result::ZipError;

use super::ods::OdsModel;
use super::xml::{Scanner, Sink, Tag, TagKind, local, number};
use super::{
    MAX_ENTRIES, MAX_ENTRY_BYTES, MAX_MARKUP_BYTES, MAX_ODS_CONTENT_BYTES, MAX_PART_BYTES,
    MAX_PART_TAGS, MAX_RATIO, MAX_SHARED_STRINGS, MAX_SHARED_STRINGS_BYTES, MAX_SHEETS,
    MAX_TOTAL_BYTES, RATIO_FLOOR, Refusal, bytes_text, short,
};

/// Which zip workbook.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(in crate::interop) enum ZipFormat {
    /// Office Open XML.
    Xlsx,
    /// OpenDocument.
    Ods,
}

/// What the check found that the reader needs: for an .xlsx, the worksheets worth reading (by
/// name, in the workbook's order, each part once).
#[derive(Debug, Default)]
pub(in crate::interop) struct ZipReport {
    /// The sheet names to read; `None` when the workbook part could not be read (calamine then
    /// refuses the file itself).
    pub sheets: Option<Vec<String>>,
}

/// One entry from the central directory.
struct Entry {
    index: usize,
    /// The name as calamine sees it.
    name: String,
    /// The name for messages (shortened).
    shown: String,
    /// The name as calamine looks it up: `\` as `/`, ASCII lower case.
    key: String,
    size: u64,
}

/// What calamine does with an entry, which decides its bounds and its scan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// Never parsed: only its checksum is checked.
    Unread,
    /// Read whole into calamine's structures when the workbook opens.
    Part,
    /// The shared strings of an .xlsx.
    SharedStrings,
    /// A worksheet, streamed cell by cell.
    Sheet,
    /// The `content.xml` of an .ods.
    OdsContent,
}

impl Role {
    fn max_bytes(self) -> u64 {
        match self {
            Self::Unread | Self::Sheet => MAX_ENTRY_BYTES,
            Self::Part => MAX_PART_BYTES,
            Self::SharedStrings => MAX_SHARED_STRINGS_BYTES,
            Self::OdsContent => MAX_ODS_CONTENT_BYTES,
        }
    }
}

/// Checks the zip workbook in `reader` (left at an unspecified position).
pub(in crate::interop) fn check_zip<R: Read + Seek>(
    reader: &mut R,
    format: ZipFormat,
) -> Result<ZipReport, Refusal> {
    let mut archive = ZipArchive::new(reader)
        .map_err(|err| Refusal::Corrupt(format!("不是完整的 zip 压缩包（{err}）")))?;
    let entries = list_entries(&archive)?;
    let mut report = ZipReport::default();
    let roles = match format {
        ZipFormat::Xlsx => {
            let plan = plan_xlsx(&mut archive, &entries)?;
            report.sheets = plan.sheets;
            plan.roles
        }
        ZipFormat::Ods => plan_ods(&entries),
    };
    // Any XML part not otherwise known is scanned like a worksheet: a relationship may point a
    // sheet at it in ways this plan does not follow.
    let role_of = |entry: &Entry| {
        roles.get(&entry.key).copied().unwrap_or(
            if format == ZipFormat::Xlsx
                && std::path::Path::new(&entry.key)
                    .extension()
                    .is_some_and(|extension| extension.eq_ignore_ascii_case("xml"))
            {
                Role::Sheet
            } else {
                Role::Unread
            },
        )
    };
    for entry in &entries {
        let role = role_of(entry);
        if entry.size > role.max_bytes() {
            return Err(Refusal::Limit(format!(
                "压缩包中的部件 {} 解压后有 {}，超过该部件的上限 {}",
                entry.shown,
                bytes_text(entry.size),
                bytes_text(role.max_bytes())
            )));
        }
    }
    let total_uncompressed = entries
        .iter()
        .fold(0u64, |total, entry| total.saturating_add(entry.size));
    for entry in &entries {
        match role_of(entry) {
            Role::Unread => {
                read_entry(&mut archive, entry, None::<&mut Counter>)?;
            }
            Role::Part => {
                let mut counter = Counter::default();
                read_entry(&mut archive, entry, Some(&mut counter))?;
                if counter.tags > MAX_PART_TAGS {
                    return Err(Refusal::Limit(format!(
                        "压缩包中的部件 {} 有 {} 个标记，超过上限 {MAX_PART_TAGS} 个",
                        entry.shown, counter.tags
                    )));
                }
            }
            Role::SharedStrings => {
                let mut strings = SharedStrings::default();
                read_entry(&mut archive, entry, Some(&mut strings))?;
                strings.check(entry, total_uncompressed)?;
            }
            Role::Sheet => {
                let mut sheet = SheetAddresses {
                    part: entry.shown.clone(),
                };
                read_entry(&mut archive, entry, Some(&mut sheet))?;
            }
            Role::OdsContent => {
                let mut model = OdsModel::default();
                read_entry(&mut archive, entry, Some(&mut model))?;
                model.finish()?;
            }
        }
    }
    Ok(report)
}

/// Lists the entries and checks what the central directory tells.
fn list_entries<R: Read + Seek>(archive: &ZipArchive<R>) -> Result<Vec<Entry>, Refusal> {
    if archive.len() > MAX_ENTRIES {
        return Err(Refusal::Limit(format!(
            "压缩包有 {} 个部件，超过上限 {MAX_ENTRIES} 个",
            archive.len()
        )));
    }
    let mut entries = Vec::with_capacity(archive.len());
    let mut total: u64 = 0;
    for index in 0..archive.len() {
        let data = archive
            .by_index_data(index)
            .map_err(|err| Refusal::Corrupt(format!("压缩包目录无法读取（{err}）")))?;
        let name = data.name().map_or_else(
            |_| String::from_utf8_lossy(data.name_raw()).into_owned(),
            std::borrow::Cow::into_owned,
        );
        if data.encrypted() {
            return Err(Refusal::Password);
        }
        let shown = short(&name);
        let size = data.size();
        if size > MAX_ENTRY_BYTES {
            return Err(Refusal::Limit(format!(
                "压缩包中的部件 {shown} 解压后有 {}，超过上限 {}",
                bytes_text(size),
                bytes_text(MAX_ENTRY_BYTES)
            )));
        }
        total = total.saturating_add(size);
        if total > MAX_TOTAL_BYTES {
            return Err(Refusal::Limit(format!(
                "压缩包解压后超过 {}",
                bytes_text(MAX_TOTAL_BYTES)
            )));
        }
        let compressed = data.compressed_size().max(1);
        if size >= RATIO_FLOOR && size / compressed > MAX_RATIO {
            return Err(Refusal::Limit(format!(
                "压缩包中的部件 {shown} 的压缩比为 {}:1，超过上限 {MAX_RATIO}:1（疑似压缩炸弹）",
                size / compressed
            )));
        }
        let key = normalize(&name);
        entries.push(Entry {
            index,
            shown: short(&name),
            name,
            key,
            size,
        });
    }
    Ok(entries)
}

/// A zip path as calamine looks it up.
fn normalize(path: &str) -> String {
    path.replace('\\', "/").to_ascii_lowercase()
}

/// Reads an entry to its end through a cap of its declared size, feeding `sink` (when given)
/// through the markup scanner. The zip reader checks the CRC at the end.
fn read_entry<R: Read + Seek, S: Sink>(
    archive: &mut ZipArchive<R>,
    entry: &Entry,
    mut sink: Option<&mut S>,
) -> Result<(), Refusal> {
    let damaged = |err: &dyn std::fmt::Display| {
        let text = err.to_string();
        if text.contains("checksum") {
            Refusal::Corrupt(format!(
                "压缩包中的部件 {} 校验值不符（CRC 错误），文件在复制或传输中受损",
                entry.shown
            ))
        } else {
            Refusal::Corrupt(format!("压缩包中的部件 {} 无法解压（{text}）", entry.shown))
        }
    };
    let file = archive.by_index(entry.index).map_err(|err| match err {
        ZipError::UnsupportedArchive(text) if text.contains("assword") => Refusal::Password,
        other => damaged(&other),
    })?;
    // One byte more than declared is enough to tell a lying size.
    let mut reader = file.take(entry.size.saturating_add(1));
    let mut scanner = Scanner::new(&entry.shown, MAX_MARKUP_BYTES);
    let mut buffer = vec![0u8; 64 * 1024];
    let mut total: u64 = 0;
    loop {
        let count = match reader.read(&mut buffer) {
            Ok(count) => count,
            Err(err) if err.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(err) => return Err(damaged(&err)),
        };
        if count == 0 {
            break;
        }
        total = total.saturating_add(count as u64);
        if total > entry.size {
            break;
        }
        let chunk = buffer.get(..count).unwrap_or_default();
        if let Some(sink) = sink.as_deref_mut() {
            scanner.feed(chunk, sink)?;
        }
    }
    if total != entry.size {
        return Err(Refusal::Corrupt(format!(
            "压缩包中的部件 {} 解压后有 {total} 字节，与目录中记录的 {} 字节不符",
            entry.shown, entry.size
        )));
    }
    if let Some(sink) = sink {
        scanner.finish(sink)?;
    }
    Ok(())
}

/// Counts tags.
#[derive(Default)]
struct Counter {
    tags: u64,
}

impl Sink for Counter {
    fn tag(&mut self, _tag: &Tag<'_>) -> Result<(), Refusal> {
        self.tags += 1;
        Ok(())
    }
}

/// A tag's attributes as (key, raw value) pairs.
type AttributeList = Vec<(Vec<u8>, Vec<u8>)>;

/// Keeps the tags of a small part, for reading its relationships or sheets.
#[derive(Default)]
struct Collect {
    tags: Vec<(TagKind, Vec<u8>, AttributeList)>,
}

impl Sink for Collect {
    fn tag(&mut self, tag: &Tag<'_>) -> Result<(), Refusal> {
        if self.tags.len() as u64 >= MAX_PART_TAGS {
            return Err(Refusal::Limit(format!(
                "部件中的标记超过 {MAX_PART_TAGS} 个"
            )));
        }
        self.tags.push((
            tag.kind,
            tag.name.to_vec(),
            tag.attributes()
                .map(|(key, value)| (key.to_vec(), value.to_vec()))
                .collect(),
        ));
        Ok(())
    }
}

impl Collect {
    /// The opening tags with local name `name`, as their attribute lists: after the first
    /// opening `from` tag (from the start when `None`) and before the next closing `to` tag, the
    /// stretch calamine reads.
    fn elements<'a>(
        &'a self,
        from: Option<&'a [u8]>,
        to: &'a [u8],
        name: &'a [u8],
    ) -> impl Iterator<Item = &'a [(Vec<u8>, Vec<u8>)]> + 'a {
        let start = from.map_or(Some(0), |from| {
            self.tags
                .iter()
                .position(|(kind, tag, _)| *kind != TagKind::End && local(tag) == from)
                .map(|at| at + 1)
        });
        let after = start
            .and_then(|start| self.tags.get(start..))
            .unwrap_or_default();
        after
            .iter()
            .take_while(move |(kind, tag, _)| !(*kind == TagKind::End && local(tag) == to))
            .filter(move |(kind, tag, _)| *kind != TagKind::End && local(tag) == name)
            .map(|(_, _, attributes)| attributes.as_slice())
    }
}

/// Decodes the predefined entities and character references of an attribute value, as
/// calamine's `decode_attr` does; `None` where it would fail.
fn decode(raw: &[u8]) -> Option<String> {
    let text = std::str::from_utf8(raw).ok()?;
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(rest.get(..amp)?);
        let after = rest.get(amp + 1..)?;
        let semi = after.find(';')?;
        let entity = after.get(..semi)?;
        let decoded = match entity {
            "lt" => '<',
            "gt" => '>',
            "amp" => '&',
            "apos" => '\'',
            "quot" => '"',
            _ => {
                let code = if let Some(hex) = entity.strip_prefix("#x") {
                    u32::from_str_radix(hex, 16).ok()?
                } else {
                    entity.strip_prefix('#')?.parse::<u32>().ok()?
                };
                char::from_u32(code)?
            }
        };
        out.push(decoded);
        rest = after.get(semi + 1..)?;
    }
    out.push_str(rest);
    Some(out)
}

/// The roles of an .xlsx's entries and the sheets to read.
struct XlsxPlan {
    roles: HashMap<String, Role>,
    sheets: Option<Vec<String>>,
}

/// Finds, the way calamine does, the parts it reads when it opens the workbook (through the
/// package relationships, which may put the workbook anywhere) and the worksheets.
fn plan_xlsx<R: Read + Seek>(
    archive: &mut ZipArchive<R>,
    entries: &[Entry],
) -> Result<XlsxPlan, Refusal> {
    let by_key: HashMap<&str, &Entry> = entries
        .iter()
        .map(|entry| (entry.key.as_str(), entry))
        .collect();
    let mut roles = HashMap::new();
    let read_small = |archive: &mut ZipArchive<R>, key: &str| -> Result<Option<Collect>, Refusal> {
        let Some(entry) = by_key.get(key) else {
            return Ok(None);
        };
        if entry.size > MAX_PART_BYTES {
            return Err(Refusal::Limit(format!(
                "压缩包中的部件 {} 解压后有 {}，超过该部件的上限 {}",
                entry.shown,
                bytes_text(entry.size),
                bytes_text(MAX_PART_BYTES)
            )));
        }
        let mut collect = Collect::default();
        read_entry(archive, entry, Some(&mut collect))?;
        Ok(Some(collect))
    };
    roles.insert("_rels/.rels".to_owned(), Role::Part);
    let package = read_small(archive, "_rels/.rels")?;
    // calamine takes the last officeDocument relationship inside `<Relationships>`.
    let mut documents = Vec::new();
    if let Some(package) = &package {
        for attributes in
            package.elements(Some(b"Relationships"), b"Relationships", b"Relationship")
        {
            let [kind, target] = get_attributes(attributes, [b"Type".as_slice(), b"Target"]);
            let is_document =
                kind.is_some_and(|kind| kind.ends_with(b"/relationships/officeDocument"));
            if let Some(target) = target.filter(|_| is_document)
                && let Some(target) = decode(target)
            {
                let (dir, name) = match target.rfind('/') {
                    Some(at) => target.split_at(at + 1),
                    None => ("", target.as_str()),
                };
                let dir = dir.strip_prefix('/').unwrap_or(dir).to_owned();
                let name = if name.is_empty() {
                    "workbook.xml"
                } else {
                    name
                };
                documents.push((dir, name.to_owned()));
            }
        }
    }
    if documents.is_empty() {
        documents.push(("xl/".to_owned(), "workbook.xml".to_owned()));
    }
    for (dir, workbook) in &documents {
        roles.insert(
            normalize(&format!("{dir}sharedStrings.xml")),
            Role::SharedStrings,
        );
        for part in [
            format!("{dir}theme/theme1.xml"),
            format!("{dir}styles.xml"),
            format!("{dir}_rels/{workbook}.rels"),
            format!("{dir}{workbook}"),
        ] {
            roles.insert(normalize(&part), Role::Part);
        }
    }
    // The sheets of every candidate document are scanned as sheets; the names to read are the
    // last document's, the one calamine uses.
    let mut sheets = None;
    for (dir, workbook) in &documents {
        let relationships =
            read_small(archive, &normalize(&format!("{dir}_rels/{workbook}.rels")))?;
        let book = read_small(archive, &normalize(&format!("{dir}{workbook}")))?;
        let (Some(relationships), Some(book)) = (relationships, book) else {
            sheets = None;
            continue;
        };
        let targets: HashMap<&[u8], &[u8]> = relationships
            .elements(None, b"Relationships", b"Relationship")
            .filter_map(|attributes| {
                let [id, _, target] =
                    get_attributes(attributes, [b"Id".as_slice(), b"Type", b"Target"]);
                Some((id?, target.unwrap_or_default()))
            })
            .collect();
        let mut names = Vec::new();
        let mut seen_names = HashSet::new();
        let mut seen_parts = HashSet::new();
        for (count, attributes) in book.elements(None, b"workbook", b"sheet").enumerate() {
            if count >= MAX_SHEETS {
                return Err(Refusal::Limit(format!(
                    "工作簿有超过 {MAX_SHEETS} 个工作表"
                )));
            }
            // The last `name` and `…:id` count, as calamine reads them.
            let name = attributes
                .iter()
                .rev()
                .find(|(key, _)| key == b"name")
                .and_then(|(_, value)| decode(value))
                .unwrap_or_default();
            let id = attributes
                .iter()
                .rev()
                .find(|(key, _)| key == b"id" || key.ends_with(b":id"))
                .map(|(_, value)| value.as_slice())
                .unwrap_or_default();
            let Some(target) = targets.get(id) else {
                continue;
            };
            let target = String::from_utf8_lossy(target);
            let path = match target.strip_prefix('/') {
                Some(absolute) => absolute.to_owned(),
                None => format!("{dir}{target}"),
            };
            let key = normalize(&path);
            roles.entry(key.clone()).or_insert(Role::Sheet);
            // calamine finds a sheet by its name, the first of that name; a part read once
            // is enough.
            if seen_names.insert(name.clone()) && seen_parts.insert(key) {
                names.push(name);
            }
        }
        sheets = Some(names);
    }
    Ok(XlsxPlan { roles, sheets })
}

/// calamine's `get_attrs!`: each key's value (the last seen), reading the attributes in order
/// and stopping as soon as as many matches as keys have been counted.
fn get_attributes<'a, const N: usize>(
    attributes: &'a [(Vec<u8>, Vec<u8>)],
    keys: [&[u8]; N],
) -> [Option<&'a [u8]>; N] {
    let mut values = [None; N];
    let mut found = 0;
    for (key, value) in attributes {
        if let Some(slot) = keys.iter().position(|wanted| *wanted == key.as_slice()) {
            values[slot] = Some(value.as_slice());
            found += 1;
            if found == N {
                break;
            }
        }
    }
    values
}

/// The roles of an .ods's entries: calamine parses the manifest and `content.xml` (`meta.xml`
/// it bounds itself, and only on request).
fn plan_ods(entries: &[Entry]) -> HashMap<String, Role> {
    let mut roles = HashMap::new();
    // An .ods is looked up by exact name; the roles go to whatever entry has it.
    for entry in entries {
        let role = match entry.name.as_str() {
            "META-INF/manifest.xml" | "mimetype" => Role::Part,
            "content.xml" => Role::OdsContent,
            _ => continue,
        };
        roles.insert(entry.key.clone(), role);
    }
    roles
}

/// Checks the shared strings part: its `<si>` count and the counts `<sst>` declares, which
/// calamine reserves memory for before reading a single string.
#[derive(Default)]
struct SharedStrings {
    strings: u64,
    unique_count: Option<u64>,
    count: Option<u64>,
}

impl Sink for SharedStrings {
    fn tag(&mut self, tag: &Tag<'_>) -> Result<(), Refusal> {
        if tag.kind == TagKind::End {
            return Ok(());
        }
        match tag.local_name() {
            b"si" => {
                self.strings += 1;
                if self.strings > MAX_SHARED_STRINGS {
                    return Err(Refusal::Limit(format!(
                        "共享字符串超过 {MAX_SHARED_STRINGS} 个"
                    )));
                }
            }
            b"sst" => {
                // Every `<sst>` counts: the largest declaration is the one checked.
                let declared = |key: &[u8]| tag.attribute(key).and_then(number);
                self.unique_count = self.unique_count.max(declared(b"uniqueCount"));
                self.count = self.count.max(declared(b"count"));
            }
            _ => {}
        }
        Ok(())
    }
}

impl SharedStrings {
    fn check(&self, entry: &Entry, total_uncompressed: u64) -> Result<(), Refusal> {
        // The shortest string element, `<si/>`, takes 5 bytes.
        let room = entry.size / 5 + 1;
        if let Some(declared) = self.unique_count
            && (declared > room || declared > MAX_SHARED_STRINGS)
        {
            return Err(Refusal::Corrupt(format!(
                "共享字符串表（{}）声明有 {declared} 个字符串（uniqueCount），但该部件只有 {}，最多容纳 {} 个；本程序的上限是 {MAX_SHARED_STRINGS} 个",
                entry.shown,
                bytes_text(entry.size),
                room.min(MAX_SHARED_STRINGS)
            )));
        }
        // Every use of a shared string is at least a byte of some worksheet.
        if let Some(declared) = self.count
            && declared > total_uncompressed
        {
            return Err(Refusal::Corrupt(format!(
                "共享字符串表（{}）声明被引用 {declared} 次（count），超过整个文件解压后的 {} 字节",
                entry.shown, total_uncompressed
            )));
        }
        Ok(())
    }
}

/// Checks that the cell addresses of a worksheet lie within Excel's grid, and its dimension is a
/// forward range: calamine computes with them in 32-bit arithmetic that overflows otherwise.
struct SheetAddresses {
    part: String,
}

/// Excel's rows and columns.
const EXCEL_ROWS: u64 = 1_048_576;
const EXCEL_COLUMNS: u64 = 16_384;

/// A cell address's (row, column), both 1-based, when it is letters then digits; `Ok(None)` for
/// anything else (calamine refuses those itself); `Err` when a part lies beyond Excel's grid.
fn address(value: &[u8]) -> Result<Option<(u64, u64)>, ()> {
    let letters = value.iter().take_while(|b| b.is_ascii_alphabetic()).count();
    let rest = value.get(letters..).unwrap_or_default();
    let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
    if digits != rest.len() {
        return Ok(None);
    }
    if letters > 3 || digits > 7 {
        return Err(());
    }
    let column = value.iter().take(letters).fold(0u64, |n, b| {
        n * 26 + u64::from(b.to_ascii_uppercase() - b'A') + 1
    });
    let row = rest.iter().fold(0u64, |n, b| n * 10 + u64::from(b - b'0'));
    if column > EXCEL_COLUMNS || row > EXCEL_ROWS {
        return Err(());
    }
    Ok(Some((row, column)))
}

impl Sink for SheetAddresses {
    fn tag(&mut self, tag: &Tag<'_>) -> Result<(), Refusal> {
        if tag.kind == TagKind::End {
            return Ok(());
        }
        let bad = |what: &str, value: &[u8]| {
            let shown: String = String::from_utf8_lossy(value).chars().take(40).collect();
            Refusal::Limit(format!(
                "工作表部件 {} 中的{what}「{shown}」超出 Excel 的表格范围（{EXCEL_ROWS} 行、{EXCEL_COLUMNS} 列）",
                self.part
            ))
        };
        match tag.local_name() {
            b"c" | b"row" => {
                for (key, value) in tag.attributes() {
                    if key == b"r" && address(value).is_err() {
                        return Err(bad("单元格地址", value));
                    }
                }
            }
            b"dimension" => {
                for (key, value) in tag.attributes() {
                    if key != b"ref" {
                        continue;
                    }
                    let mut corners = Vec::new();
                    for part in value.split(|&b| b == b':') {
                        match address(part) {
                            Ok(Some(corner)) => corners.push(corner),
                            Ok(None) => {}
                            Err(()) => return Err(bad("范围", value)),
                        }
                    }
                    if let [first, last] = corners.as_slice()
                        && (last.0 < first.0 || last.1 < first.1)
                    {
                        return Err(bad("范围", value));
                    }
                }
            }
            _ => {}
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses() {
        assert_eq!(address(b"A1"), Ok(Some((1, 1))));
        assert_eq!(address(b"XFD1048576"), Ok(Some((1_048_576, 16_384))));
        assert_eq!(address(b"XFE1"), Err(()));
        assert_eq!(address(b"A1048577"), Err(()));
        assert_eq!(address(b"AAAAAAAA1"), Err(()));
        assert_eq!(address(b"A99999999999"), Err(()));
        assert_eq!(address(b"12"), Ok(Some((12, 0))));
        assert_eq!(address(b"A1B"), Ok(None));
    }

    #[test]
    fn attributes_are_picked_like_calamine() {
        let list = |pairs: &[(&str, &str)]| -> AttributeList {
            pairs
                .iter()
                .map(|(k, v)| (k.as_bytes().to_vec(), v.as_bytes().to_vec()))
                .collect()
        };
        // A repeated key counts towards the total and stops the reading early.
        let attributes = list(&[("Id", "a"), ("Id", "b"), ("Target", "t"), ("Type", "x")]);
        assert_eq!(
            get_attributes(&attributes, [b"Id".as_slice(), b"Target"]),
            [Some(b"b".as_slice()), None]
        );
        let attributes = list(&[("Target", "t"), ("Id", "a")]);
        assert_eq!(
            get_attributes(&attributes, [b"Id".as_slice(), b"Target"]),
            [Some(b"a".as_slice()), Some(b"t".as_slice())]
        );
    }

    #[test]
    fn attribute_values_decode_like_calamine() {
        assert_eq!(
            decode(b"a&amp;b&#20013;&#x6587;").as_deref(),
            Some("a&b中文")
        );
        assert_eq!(decode(b"&nope;"), None);
    }
}
