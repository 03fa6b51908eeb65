//! Searching the 问题清单 by what was typed or by its pinyin: `窗口`, `ckqx`（the initials of
//! 窗口权限）、`chuangkou` (whole syllables, or any start of each) and mixtures such as `ck权限`
//! all find 窗口权限. Every word typed has to be found; Latin text and numbers match as typed,
//! without regard to case.
//!
//! Each row's texts are prepared once when the rows are built ([`SearchText`]): lower-cased,
//! with the initial of every character's pinyin beside it, so that filtering thousands of
//! problems compares bytes. The syllables themselves are looked up only where an initial
//! already matched. A character with several readings （行 is xing and hang） matches by any of
//! them.

use std::ops::Range;

use pinyin::{Pinyin, ToPinyinMulti};

/// Set in an initials byte when the character has a reading that starts with another letter
/// than the one stored, so the other readings are looked up before giving up on it.
const OTHER_READINGS: u8 = 0x80;

/// The most steps one attempt to match a word at one place may take. Matching by syllables
/// backtracks (`x` may be the whole of one syllable or the start of another); this bounds the
/// work on a pathological text without affecting any real search.
const STEP_BUDGET: u32 = 4_096;

/// Separates the parts of a [`SearchText`]: a word typed never holds it, so a match never runs
/// from one field into the next.
const PART_SEPARATOR: char = '\n';

/// What was typed into the search field, prepared once per change: the words, lower-cased.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchQuery {
    terms: Vec<Term>,
}

/// One word of a query.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Term {
    /// The word, lower-cased.
    text: String,
    /// Its characters, for matching one by one.
    chars: Vec<char>,
    /// Whether it holds a Latin letter, so that it may stand for pinyin.
    pinyin: bool,
}

impl SearchQuery {
    /// The query for `typed`: its words split at spaces, each lower-cased.
    pub fn new(typed: &str) -> Self {
        let terms = typed
            .split_whitespace()
            .map(|word| {
                let text = lower_case(word);
                Term {
                    chars: text.chars().collect(),
                    pinyin: text.chars().any(|ch| ch.is_ascii_lowercase()),
                    text,
                }
            })
            .collect();
        Self { terms }
    }

    /// Whether nothing was typed (every row passes).
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }
}

/// `text` lower-cased character by character, each character giving exactly one, so that
/// positions in the result are positions in `text`.
fn lower_case(text: &str) -> String {
    text.chars().map(lower_char).collect()
}

fn lower_char(ch: char) -> char {
    // Chinese characters and marks have no case; skipping the case tables for them is most of
    // the cost of preparing a row.
    if ch.is_ascii() {
        return ch.to_ascii_lowercase();
    }
    if ('\u{3000}'..='\u{9fff}').contains(&ch) || ('\u{ff00}'..='\u{ff20}').contains(&ch) {
        return ch;
    }
    let mut lower = ch.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(single), None) => single,
        _ => ch,
    }
}

/// One text prepared for searching: lower-cased, with each character's pinyin initial.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchText {
    /// The text, lower-cased character by character.
    text: String,
    /// One byte per character of `text`: the first letter of its usual reading, with
    /// [`OTHER_READINGS`] set when another reading starts differently; 0 without pinyin.
    initials: Box<[u8]>,
}

impl SearchText {
    /// Prepares `parts` (the fields of one record) for searching; a match never spans two of
    /// them.
    pub fn new<'a>(parts: impl IntoIterator<Item = &'a str>) -> Self {
        let mut text = String::new();
        for (index, part) in parts.into_iter().enumerate() {
            if index > 0 {
                text.push(PART_SEPARATOR);
            }
            text.extend(part.chars().map(lower_char));
        }
        let initials = text.chars().map(initials_byte).collect();
        Self { text, initials }
    }

    /// Whether every word of `query` is found (an empty query is found everywhere).
    pub fn contains_all(&self, query: &SearchQuery) -> bool {
        query.terms.iter().all(|term| self.contains(term))
    }

    /// Whether `term` is found: as typed, or read as pinyin.
    fn contains(&self, term: &Term) -> bool {
        if self.text.contains(&term.text) {
            return true;
        }
        term.pinyin && self.matches(term).next().is_some()
    }

    /// The places where `term` matches, as character ranges, left to right and not
    /// overlapping.
    fn matches<'s>(&'s self, term: &'s Term) -> impl Iterator<Item = Range<usize>> + 's {
        let mut next_free = 0;
        let first = term.chars.first().copied();
        self.text
            .char_indices()
            .zip(self.initials.iter())
            .enumerate()
            .filter_map(move |(position, ((at, ch), &initials))| {
                let first = first?;
                if position < next_free || !could_start(ch, initials, first) {
                    return None;
                }
                let mut budget = STEP_BUDGET;
                let length = match_here(
                    &self.text[at..],
                    &self.initials[position..],
                    &term.chars,
                    &mut budget,
                )?;
                next_free = position + length;
                Some(position..position + length)
            })
    }
}

/// The searchable texts of one problem: its own, and those of its measures, kept apart so the
/// table can say when a problem was found only through one of its measures.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchIndex {
    own: SearchText,
    measures: SearchText,
}

/// Where a search found a problem.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FoundIn {
    /// Every word is in the problem's own texts (or nothing was searched for).
    Problem,
    /// At least one word is only in its measures: their content, goal or responsible people.
    Measures,
}

impl SearchIndex {
    /// Prepares a problem's own texts and its measures' texts.
    pub fn new<'a>(
        own: impl IntoIterator<Item = &'a str>,
        measures: impl IntoIterator<Item = &'a str>,
    ) -> Self {
        Self {
            own: SearchText::new(own),
            measures: SearchText::new(measures),
        }
    }

    /// How many characters the index holds (for measuring it).
    pub fn characters(&self) -> usize {
        self.own.initials.len() + self.measures.initials.len()
    }

    /// Where every word of `query` was found, or `None` when one was not found at all.
    pub fn find(&self, query: &SearchQuery) -> Option<FoundIn> {
        let mut found = FoundIn::Problem;
        for term in &query.terms {
            if self.own.contains(term) {
                continue;
            }
            if !self.measures.contains(term) {
                return None;
            }
            found = FoundIn::Measures;
        }
        Some(found)
    }
}

/// The byte ranges of `text` that the words of `query` match, in order, merged where they
/// touch: what a cell highlights. Worked out on the spot, for the few cells on screen.
pub fn highlight_ranges(text: &str, query: &SearchQuery) -> Vec<Range<usize>> {
    if query.is_empty() || text.is_empty() {
        return Vec::new();
    }
    let prepared = SearchText::new([text]);
    let mut ranges: Vec<Range<usize>> = query
        .terms
        .iter()
        .flat_map(|term| prepared.matches(term).collect::<Vec<_>>())
        .collect();
    if ranges.is_empty() {
        return ranges;
    }
    ranges.sort_by_key(|range| (range.start, range.end));
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
    for range in ranges {
        match merged.last_mut() {
            Some(last) if range.start <= last.end => last.end = last.end.max(range.end),
            _ => merged.push(range),
        }
    }
    // Character positions to byte offsets of the original text.
    let mut offsets: Vec<usize> = text.char_indices().map(|(at, _)| at).collect();
    offsets.push(text.len());
    merged
        .into_iter()
        .filter_map(|range| Some(*offsets.get(range.start)?..*offsets.get(range.end)?))
        .collect()
}

/// The initials byte of `ch` (see [`SearchText::initials`]).
fn initials_byte(ch: char) -> u8 {
    if ch.is_ascii() {
        return 0;
    }
    let Some(readings) = ch.to_pinyin_multi() else {
        return 0;
    };
    let mut letters = readings.into_iter().filter_map(initial);
    let Some(first) = letters.next() else {
        return 0;
    };
    if letters.any(|letter| letter != first) {
        first | OTHER_READINGS
    } else {
        first
    }
}

/// The first letter of a reading, as typed on a Latin keyboard.
fn initial(reading: Pinyin) -> Option<u8> {
    match reading.plain().chars().next()? {
        letter @ 'a'..='z' => Some(letter as u8),
        'ê' => Some(b'e'),
        _ => None,
    }
}

/// Whether a match of a word starting with `first` may start at `ch`.
fn could_start(ch: char, initials: u8, first: char) -> bool {
    ch == first || initial_may_match(initials, first)
}

/// Whether a character with `initials` may be read as a syllable starting with `letter`.
fn initial_may_match(initials: u8, letter: char) -> bool {
    initials != 0
        && letter.is_ascii_lowercase()
        && (initials & !OTHER_READINGS == letter as u8 || initials & OTHER_READINGS != 0)
}

/// How many characters from the start of `text` match all of `query`, each character of the
/// text taken either as itself or as one of its syllables (or the start of one); `None` when
/// they do not, or when `budget` runs out.
fn match_here(text: &str, initials: &[u8], query: &[char], budget: &mut u32) -> Option<usize> {
    if query.is_empty() {
        return Some(0);
    }
    *budget = budget.checked_sub(1)?;
    let ch = text.chars().next()?;
    let (&code, rest_initials) = initials.split_first()?;
    let rest = &text[ch.len_utf8()..];
    if ch == query[0]
        && let Some(length) = match_here(rest, rest_initials, &query[1..], budget)
    {
        return Some(length + 1);
    }
    let typed = query[0];
    if !initial_may_match(code, typed) {
        return None;
    }
    // The usual reading's initial alone first: it needs no look-up, and it is what most
    // searches type.
    let primary = code & !OTHER_READINGS;
    if primary == typed as u8
        && let Some(length) = match_here(rest, rest_initials, &query[1..], budget)
    {
        return Some(length + 1);
    }
    // More of a syllable than its initial, or another reading: look the readings up, unless
    // the next letter typed cannot go on any syllable and no other reading starts differently.
    let continues = query.get(1).copied().is_some_and(may_follow_initial);
    if !continues && code & OTHER_READINGS == 0 {
        return None;
    }
    let readings = ch.to_pinyin_multi()?;
    for (index, reading) in readings.into_iter().enumerate() {
        let syllable = reading.plain();
        // Readings that differ only in tone are one syllable here: try it once.
        if readings
            .into_iter()
            .take(index)
            .any(|earlier| earlier.plain() == syllable)
        {
            continue;
        }
        let common = common_prefix(syllable, query);
        // Its initial alone was tried above when it is the usual one.
        let shortest = if initial(reading) == Some(primary) {
            2
        } else {
            1
        };
        for taken in (shortest..=common).rev() {
            if let Some(length) = match_here(rest, rest_initials, &query[taken..], budget) {
                return Some(length + 1);
            }
        }
    }
    None
}

/// Whether `letter` can be the second letter of a syllable (zh, ch, sh, a vowel, ng, er, hm):
/// when the letter after an initial cannot, the initial stood alone.
fn may_follow_initial(letter: char) -> bool {
    matches!(
        letter,
        'a' | 'e' | 'i' | 'o' | 'u' | 'v' | 'h' | 'n' | 'g' | 'r' | 'm'
    )
}

/// How many characters of `query` spell the start of `syllable` (ü typed as v or u, ê as e).
fn common_prefix(syllable: &str, query: &[char]) -> usize {
    syllable
        .chars()
        .zip(query)
        .take_while(|&(letter, &typed)| {
            letter == typed
                || (letter == 'ü' && (typed == 'v' || typed == 'u'))
                || (letter == 'ê' && typed == 'e')
        })
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finds(text: &str, typed: &str) -> bool {
        SearchText::new([text]).contains_all(&SearchQuery::new(typed))
    }

    #[test]
    fn pinyin_initials_find_the_words() {
        assert!(finds("窗口权限设置不合理", "ckqx"));
        assert!(finds("窗口权限设置不合理", "CKQX"), "capitals too");
        assert!(
            finds("部分窗口权限设置不合理", "qxsz"),
            "anywhere in the text"
        );
        assert!(!finds("窗口权限设置不合理", "ckqz"));
        assert!(!finds("窗口权限设置不合理", "xq"), "in order only");
    }

    #[test]
    fn whole_syllables_and_mixtures_match() {
        assert!(finds("窗口权限设置不合理", "chuangkou"));
        assert!(finds("窗口权限设置不合理", "chuangk"));
        assert!(
            finds("窗口权限设置不合理", "chkouqx"),
            "starts of syllables"
        );
        assert!(finds("窗口权限设置不合理", "ck权限"));
        assert!(finds("窗口权限设置不合理", "窗口qx"));
        assert!(!finds("窗口权限设置不合理", "chuangkuo"));
    }

    #[test]
    fn latin_text_and_numbers_match_as_typed() {
        assert!(finds("上线 OA 系统，12345 热线", "oa"));
        assert!(finds("上线 OA 系统，12345 热线", "12345"));
        assert!(finds("Excel 台账", "EXCEL"));
        assert!(!finds("Excel 台账", "word"));
        assert!(finds("上线 OA 系统", "oa xt"), "each word anywhere");
        assert!(!finds("上线 OA 系统", "oa rx"));
        assert!(finds("anything", ""), "an empty query finds everything");
    }

    #[test]
    fn polyphones_match_by_any_reading_and_odd_text_does_not_break_it() {
        // 行 is xing in 行政 and hang in 银行；长 is chang and zhang.
        assert!(finds("行政审批", "xzsp"));
        assert!(finds("银行卡", "yhk"));
        assert!(finds("银行卡", "yinhang"));
        assert!(finds("局长", "jz"));
        assert!(finds("长期坚持", "cqjc"));
        assert!(finds("绿色通道", "lvse"));
        assert!(finds("绿色通道", "lsTD"));
        // Text with no pinyin at all, and a query that backtracks a lot, end quickly.
        assert!(!finds("😀🎉𝒜 ∑ ﬁ İ", "abc"));
        let long = "啊".repeat(2_000);
        assert!(!finds(&long, &format!("{}b", "a".repeat(60))));
    }

    #[test]
    fn every_syllable_s_second_letter_is_one_the_shortcut_expects() {
        for ch in ('\u{3400}'..='\u{9fff}').chain('\u{20000}'..='\u{2a6df}') {
            for reading in ch.to_pinyin_multi().into_iter().flatten() {
                let syllable = reading.plain();
                if let Some(second) = syllable.chars().nth(1) {
                    assert!(
                        may_follow_initial(second) || second == 'ü' || second == 'ê',
                        "{ch} {syllable}"
                    );
                }
            }
        }
    }

    #[test]
    fn a_match_does_not_run_from_one_field_into_the_next() {
        let text = SearchText::new(["窗口", "权限"]);
        assert!(!text.contains_all(&SearchQuery::new("ckqx")));
        assert!(text.contains_all(&SearchQuery::new("ck qx")));
    }

    #[test]
    fn an_index_says_when_a_word_is_found_only_in_the_measures() {
        let index = SearchIndex::new(["窗口权限设置不合理"], ["梳理权限清单", "李娜"]);
        assert_eq!(
            index.find(&SearchQuery::new("ckqx")),
            Some(FoundIn::Problem)
        );
        assert_eq!(
            index.find(&SearchQuery::new("李娜")),
            Some(FoundIn::Measures)
        );
        assert_eq!(index.find(&SearchQuery::new("ln")), Some(FoundIn::Measures));
        assert_eq!(
            index.find(&SearchQuery::new("窗口 清单")),
            Some(FoundIn::Measures)
        );
        assert_eq!(index.find(&SearchQuery::new("王")), None);
        assert_eq!(index.find(&SearchQuery::new("")), Some(FoundIn::Problem));
    }

    #[test]
    fn highlights_cover_the_matched_characters_in_bytes() {
        let text = "部分窗口权限设置不合理，窗口人员";
        let ranges = highlight_ranges(text, &SearchQuery::new("ck"));
        let marked: Vec<&str> = ranges.iter().map(|range| &text[range.clone()]).collect();
        assert_eq!(marked, ["窗口", "窗口"]);
        let ranges = highlight_ranges(text, &SearchQuery::new("qx 窗口"));
        let marked: Vec<&str> = ranges.iter().map(|range| &text[range.clone()]).collect();
        assert_eq!(marked, ["窗口权限", "窗口"]);
        let ranges = highlight_ranges("Excel 台账", &SearchQuery::new("CEL"));
        assert_eq!(ranges.len(), 1);
        assert_eq!(ranges[0], 2..5);
        assert!(highlight_ranges(text, &SearchQuery::new("")).is_empty());
        assert!(highlight_ranges(text, &SearchQuery::new("zzz")).is_empty());
    }
}
