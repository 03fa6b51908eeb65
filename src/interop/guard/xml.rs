//! A streaming scanner for the XML parts of a workbook, fed in chunks while the part is
//! decompressed. It never holds more than one piece of markup or text plus one chunk, and
//! refuses any piece longer than a bound: the XML reader inside calamine buffers each piece
//! whole, so a 100 MB text node or tag would otherwise become 100 MB (or more) of memory.
//!
//! It reports start and end tags (with their raw attributes) and text to a [`Sink`]; it does
//! not check that the XML is well formed (calamine does that), only that every piece is
//! bounded.

use super::Refusal;

/// Whether a tag opens, closes, or is empty (`<a/>`, which calamine reads as open and close).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum TagKind {
    /// `<a …>`
    Start,
    /// `</a>`
    End,
    /// `<a …/>`
    Empty,
}

/// One tag as found in the part.
pub(super) struct Tag<'a> {
    /// Open, close or empty.
    pub kind: TagKind,
    /// The qualified name (`table:table-cell`, `c`).
    pub name: &'a [u8],
    /// The raw attribute text after the name.
    attributes: &'a [u8],
}

impl<'a> Tag<'a> {
    /// The name without its namespace prefix (`c` for `x:c`).
    pub fn local_name(&self) -> &'a [u8] {
        local(self.name)
    }

    /// The attributes as (key, raw value) pairs, read the way calamine reads them: a key runs
    /// to `=`, the value is quoted; reading stops at the first malformed attribute.
    pub fn attributes(&self) -> Attributes<'a> {
        Attributes {
            raw: self.attributes,
            pos: 0,
        }
    }

    /// The raw value of the attribute named exactly `key`, if present.
    pub fn attribute(&self, key: &[u8]) -> Option<&'a [u8]> {
        self.attributes()
            .find(|(name, _)| *name == key)
            .map(|(_, value)| value)
    }
}

/// The part of a qualified name after its prefix.
pub(super) fn local(name: &[u8]) -> &[u8] {
    match name.iter().rposition(|&b| b == b':') {
        Some(colon) => name.get(colon + 1..).unwrap_or_default(),
        None => name,
    }
}

/// The attributes of a tag; see [`Tag::attributes`].
pub(super) struct Attributes<'a> {
    raw: &'a [u8],
    pos: usize,
}

impl<'a> Iterator for Attributes<'a> {
    type Item = (&'a [u8], &'a [u8]);

    fn next(&mut self) -> Option<Self::Item> {
        let rest = self.raw.get(self.pos..)?;
        let start = rest.iter().position(|b| !b.is_ascii_whitespace())?;
        let rest = rest.get(start..)?;
        let equals = rest.iter().position(|&b| b == b'=')?;
        let key = rest.get(..equals)?.trim_ascii_end();
        let after = rest.get(equals + 1..)?;
        let value_start = after.iter().position(|b| !b.is_ascii_whitespace())?;
        let quote = *after.get(value_start)?;
        if quote != b'"' && quote != b'\'' {
            self.pos = self.raw.len();
            return None;
        }
        let value_rest = after.get(value_start + 1..)?;
        let value_len = value_rest
            .iter()
            .position(|&b| b == quote)
            .unwrap_or(value_rest.len());
        let value = value_rest.get(..value_len)?;
        // key start + key + '=' + spaces + quote + value + quote
        self.pos += start + equals + 1 + value_start + 1 + value_len + 1;
        Some((key, value))
    }
}

/// What the scanner reports to.
pub(super) trait Sink {
    /// A start, end or empty tag.
    fn tag(&mut self, tag: &Tag<'_>) -> Result<(), Refusal>;
    /// Some text between tags (a long text node may come in several calls).
    fn text(&mut self, _text: &[u8]) -> Result<(), Refusal> {
        Ok(())
    }
}

/// What the byte at the front of the buffer begins.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Piece {
    /// Text up to the next `<`.
    Text,
    /// `<!-- … -->`
    Comment,
    /// `<![CDATA[ … ]]>`
    CData,
    /// `<? … ?>`
    Instruction,
    /// `<!DOCTYPE … >` and other `<!` declarations, with brackets.
    Declaration,
    /// `<a …>`, `</a>`, `<a …/>`
    Tag,
}

/// The streaming scanner.
pub(super) struct Scanner {
    /// Bytes not yet reported: the front is the start of an unfinished piece.
    buffer: Vec<u8>,
    /// Bytes of the current text node reported so far (a text node may span chunks).
    text_run: usize,
    /// The longest piece allowed.
    limit: usize,
    /// The part's name, for messages.
    part: String,
}

impl Scanner {
    /// A scanner for the part named `part`, refusing pieces longer than `limit` bytes.
    pub fn new(part: &str, limit: usize) -> Self {
        Self {
            buffer: Vec::new(),
            text_run: 0,
            limit,
            part: part.to_owned(),
        }
    }

    /// Scans the next `chunk` of the part.
    pub fn feed(&mut self, chunk: &[u8], sink: &mut impl Sink) -> Result<(), Refusal> {
        self.buffer.extend_from_slice(chunk);
        let consumed = self.scan(sink, false)?;
        self.buffer.drain(..consumed);
        if self.buffer.len() > self.limit.saturating_add(chunk.len()) {
            return Err(self.too_long());
        }
        Ok(())
    }

    /// Ends the part: whatever is left is reported as far as it goes (an unfinished tag at the
    /// end is left to calamine, which refuses it).
    pub fn finish(mut self, sink: &mut impl Sink) -> Result<(), Refusal> {
        self.scan(sink, true)?;
        Ok(())
    }

    fn too_long(&self) -> Refusal {
        Refusal::Limit(format!(
            "部件 {} 中有一段标记或文字超过 {} MB，不像正常的表格内容",
            self.part,
            self.limit / (1024 * 1024)
        ))
    }

    /// Reports every complete piece in the buffer; returns the bytes consumed.
    fn scan(&mut self, sink: &mut impl Sink, at_end: bool) -> Result<usize, Refusal> {
        let mut pos = 0usize;
        loop {
            let Some(rest) = self.buffer.get(pos..) else {
                return Ok(pos);
            };
            if rest.is_empty() {
                return Ok(pos);
            }
            let Some(piece) = classify(rest, at_end) else {
                // Too few bytes to tell what the markup is: wait for more.
                return Ok(pos);
            };
            if piece == Piece::Text {
                let len = rest.iter().position(|&b| b == b'<').unwrap_or(rest.len());
                self.text_run = self.text_run.saturating_add(len);
                if self.text_run > self.limit {
                    return Err(self.too_long());
                }
                sink.text(rest.get(..len).unwrap_or_default())?;
                if len < rest.len() {
                    self.text_run = 0;
                }
                pos += len;
                continue;
            }
            let Some(len) = piece_len(piece, rest) else {
                if rest.len() > self.limit {
                    return Err(self.too_long());
                }
                return Ok(pos);
            };
            if len > self.limit {
                return Err(self.too_long());
            }
            if piece == Piece::Tag
                && let Some(tag) = parse_tag(rest.get(..len).unwrap_or_default())
            {
                sink.tag(&tag)?;
            }
            pos += len;
        }
    }
}

/// What `rest` (non-empty) begins; `None` when more bytes are needed to tell.
fn classify(rest: &[u8], at_end: bool) -> Option<Piece> {
    if rest.first() != Some(&b'<') {
        return Some(Piece::Text);
    }
    let starts = |prefix: &[u8]| rest.starts_with(prefix);
    let could_be = |prefix: &[u8]| rest.len() < prefix.len() && prefix.starts_with(rest);
    if starts(b"<!--") {
        return Some(Piece::Comment);
    }
    if starts(b"<![CDATA[") {
        return Some(Piece::CData);
    }
    if !at_end && (could_be(b"<!--") || could_be(b"<![CDATA[")) {
        return None;
    }
    if starts(b"<?") {
        return Some(Piece::Instruction);
    }
    if starts(b"<!") {
        return Some(Piece::Declaration);
    }
    if rest.len() < 2 && !at_end {
        return None;
    }
    Some(Piece::Tag)
}

/// The length of the complete piece at the front of `rest`, or `None` when it is unfinished.
fn piece_len(piece: Piece, rest: &[u8]) -> Option<usize> {
    let after = |start: usize, end: &[u8]| {
        rest.get(start..)?
            .windows(end.len())
            .position(|window| window == end)
            .map(|at| start + at + end.len())
    };
    match piece {
        Piece::Text => Some(rest.len()),
        Piece::Comment => after(4, b"-->"),
        Piece::CData => after(9, b"]]>"),
        Piece::Instruction => after(2, b"?>"),
        Piece::Declaration => {
            let mut depth = 0usize;
            let mut quote = None;
            for (at, &byte) in rest.iter().enumerate().skip(2) {
                match (quote, byte) {
                    (Some(q), b) if b == q => quote = None,
                    (None, b'"' | b'\'') => quote = Some(byte),
                    (None, b'[') => depth += 1,
                    (None, b']') => depth = depth.saturating_sub(1),
                    (None, b'>') if depth == 0 => return Some(at + 1),
                    _ => {}
                }
            }
            None
        }
        Piece::Tag => {
            let mut quote = None;
            for (at, &byte) in rest.iter().enumerate().skip(1) {
                match (quote, byte) {
                    (Some(q), b) if b == q => quote = None,
                    (None, b'"' | b'\'') => quote = Some(byte),
                    (None, b'>') => return Some(at + 1),
                    _ => {}
                }
            }
            None
        }
    }
}

/// Reads a tag `<…>`; `None` for one without a name.
fn parse_tag(bytes: &[u8]) -> Option<Tag<'_>> {
    let inner = bytes.get(1..bytes.len().checked_sub(1)?)?;
    let (kind, inner) = if let Some(rest) = inner.strip_prefix(b"/") {
        (TagKind::End, rest)
    } else if let Some(rest) = inner.strip_suffix(b"/") {
        (TagKind::Empty, rest)
    } else {
        (TagKind::Start, inner)
    };
    let name_len = inner
        .iter()
        .position(|b| b.is_ascii_whitespace() || *b == b'/')
        .unwrap_or(inner.len());
    let name = inner.get(..name_len)?;
    if name.is_empty() {
        return None;
    }
    Some(Tag {
        kind,
        name,
        attributes: inner.get(name_len..).unwrap_or_default(),
    })
}

/// Parses an unsigned decimal attribute the way calamine's parsers do, saturating instead of
/// failing on overflow (a larger number only makes a check stricter): an optional `+`, then
/// digits. `None` when there are no digits.
pub(super) fn number(value: &[u8]) -> Option<u64> {
    let trimmed = value.trim_ascii();
    let digits = trimmed.strip_prefix(b"+").unwrap_or(trimmed);
    let run = digits.iter().take_while(|b| b.is_ascii_digit()).count();
    if run == 0 {
        return None;
    }
    Some(digits.iter().take(run).fold(0u64, |n, d| {
        n.saturating_mul(10).saturating_add(u64::from(d - b'0'))
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A tag as collected: kind, name, attributes.
    type Collected = (TagKind, String, Vec<(String, String)>);

    #[derive(Default)]
    struct Collect {
        tags: Vec<Collected>,
        text: String,
    }

    impl Sink for Collect {
        fn tag(&mut self, tag: &Tag<'_>) -> Result<(), Refusal> {
            self.tags.push((
                tag.kind,
                String::from_utf8_lossy(tag.name).into_owned(),
                tag.attributes()
                    .map(|(k, v)| {
                        (
                            String::from_utf8_lossy(k).into_owned(),
                            String::from_utf8_lossy(v).into_owned(),
                        )
                    })
                    .collect(),
            ));
            Ok(())
        }
        fn text(&mut self, text: &[u8]) -> Result<(), Refusal> {
            self.text.push_str(&String::from_utf8_lossy(text));
            Ok(())
        }
    }

    fn scan_in_chunks(xml: &[u8], chunk: usize, limit: usize) -> Result<Collect, Refusal> {
        let mut scanner = Scanner::new("t.xml", limit);
        let mut sink = Collect::default();
        for piece in xml.chunks(chunk) {
            scanner.feed(piece, &mut sink)?;
        }
        scanner.finish(&mut sink)?;
        Ok(sink)
    }

    #[test]
    fn tags_attributes_and_text_whatever_the_chunking() {
        let xml = br#"<?xml version="1.0"?><!-- <c r="ZZZZZZZZ1"> --><x:sst a = '1>2' uniqueCount="3"><si><t>A&amp;B</t></si><![CDATA[<c>]]><e/></x:sst>"#;
        let whole = scan_in_chunks(xml, xml.len(), 1000).unwrap();
        for chunk in [1, 2, 3, 7] {
            let parts = scan_in_chunks(xml, chunk, 1000).unwrap();
            assert_eq!(parts.tags, whole.tags, "chunk {chunk}");
            assert_eq!(parts.text, whole.text, "chunk {chunk}");
        }
        let names: Vec<_> = whole.tags.iter().map(|t| (t.0, t.1.as_str())).collect();
        assert_eq!(
            names,
            vec![
                (TagKind::Start, "x:sst"),
                (TagKind::Start, "si"),
                (TagKind::Start, "t"),
                (TagKind::End, "t"),
                (TagKind::End, "si"),
                (TagKind::Empty, "e"),
                (TagKind::End, "x:sst"),
            ]
        );
        assert_eq!(
            whole.tags[0].2,
            vec![
                ("a".to_owned(), "1>2".to_owned()),
                ("uniqueCount".to_owned(), "3".to_owned())
            ]
        );
        assert_eq!(whole.text, "A&amp;B");
    }

    #[test]
    fn a_long_piece_is_refused_whatever_the_chunking() {
        let mut xml = b"<a>".to_vec();
        xml.extend(std::iter::repeat_n(b'x', 5000));
        xml.extend(b"</a>");
        for chunk in [1, 100, 10_000] {
            assert!(scan_in_chunks(&xml, chunk, 4096).is_err(), "{chunk}");
            assert!(scan_in_chunks(&xml, chunk, 8192).is_ok(), "{chunk}");
        }
        let mut tag = b"<a b=\"".to_vec();
        tag.extend(std::iter::repeat_n(b'>', 5000));
        tag.extend(b"\"/>");
        assert!(scan_in_chunks(&tag, 64, 4096).is_err());
        let mut comment = b"<!--".to_vec();
        comment.extend(std::iter::repeat_n(b'<', 5000));
        assert!(scan_in_chunks(&comment, 64, 4096).is_err());
    }

    #[test]
    fn numbers_saturate() {
        assert_eq!(number(b"99999999999"), Some(99_999_999_999));
        assert_eq!(number(b"+5"), Some(5));
        assert_eq!(number(b"99999999999999999999999"), Some(u64::MAX));
        assert_eq!(number(b"x"), None);
        assert_eq!(local(b"x:c"), b"c");
    }
}
