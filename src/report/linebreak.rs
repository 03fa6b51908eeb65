//! Line breaking: break opportunities from Unicode's line breaking algorithm (UAX #14, crate
//! `unicode-linebreak`), filled greedily against real glyph advances, plus the Chinese rule
//! that closing punctuation never starts a line (避头点). UAX #14 already forbids a break before
//! most of these marks; the rule matters when a run without break opportunities (a long number,
//! a URL, a file name) is wider than the line and has to be cut between characters.

use unicode_linebreak::{BreakOpportunity, linebreaks};

use super::keep_together::{is_han, unbreakable_spans};

/// Punctuation that must not begin a line: closing brackets and quotes, sentence and clause
/// marks, in full-width and ASCII forms.
const NO_LINE_START: &str = "，。、；：！？）」』》〉】〕〗”’…";

/// The ASCII forms of [`NO_LINE_START`], apart so that neither list puts a half-width mark
/// beside a Chinese one.
const NO_LINE_START_ASCII: &str = ",.;:!?)]}";

/// Whether `ch` may not start a line.
pub fn is_no_line_start(ch: char) -> bool {
    NO_LINE_START.contains(ch) || NO_LINE_START_ASCII.contains(ch)
}

/// Punctuation that must not end a line （避尾点）：opening brackets and quotes, full-width and
/// ASCII (kept apart for the same reason as above).
const NO_LINE_END: &str = "（「『《〈【〔〖“‘";
const NO_LINE_END_ASCII: &str = "([{";

/// Whether `ch` may not end a line.
pub fn is_no_line_end(ch: char) -> bool {
    NO_LINE_END.contains(ch) || NO_LINE_END_ASCII.contains(ch)
}

/// Breaks `text` into lines no wider than `max_width`, measuring with `char_width` (points
/// per character at the size the text will be drawn). A newline in `text` ends a line; an empty
/// paragraph gives an empty line. Spaces at a line end are dropped. A line is only wider than
/// `max_width` when a single character (plus a closing mark it must keep) is.
pub fn break_lines(text: &str, max_width: f32, char_width: impl Fn(char) -> f32) -> Vec<String> {
    let mut lines = Vec::new();
    let normalised: String = text
        .chars()
        .filter(|ch| *ch != '\r')
        .map(|ch| if ch == '\t' { ' ' } else { ch })
        .filter(|ch| *ch == '\n' || !ch.is_control())
        .collect();
    for paragraph in normalised.split('\n') {
        break_paragraph(paragraph, max_width, &char_width, &mut lines);
    }
    lines
}

/// A line being filled: its text and width.
#[derive(Default)]
struct LineBuffer {
    text: String,
    width: f32,
}

impl LineBuffer {
    fn push(&mut self, ch: char, width: f32) {
        self.text.push(ch);
        self.width += width;
    }

    /// Ends the line: drops trailing spaces and hands the text over.
    fn finish(&mut self, lines: &mut Vec<String>) {
        lines.push(self.text.trim_end().to_owned());
        self.text.clear();
        self.width = 0.0;
    }
}

fn break_paragraph(
    paragraph: &str,
    max_width: f32,
    char_width: &impl Fn(char) -> f32,
    lines: &mut Vec<String>,
) {
    if paragraph.is_empty() {
        lines.push(String::new());
        return;
    }
    let width_of = |text: &str| -> f32 { text.chars().map(char_width).sum() };
    let kept = unbreakable_spans(paragraph);
    let inside_kept = |at: usize| kept.iter().any(|span| span.start < at && at < span.end);
    let first_line = lines.len();
    let mut line = LineBuffer::default();
    let mut start = 0;
    let opportunities = linebreaks(paragraph).filter(|(end, opportunity)| {
        *opportunity == BreakOpportunity::Mandatory || !inside_kept(*end)
    });
    for (end, opportunity) in opportunities {
        let segment = &paragraph[start..end];
        start = end;
        // A segment's trailing spaces may hang past the margin: they are dropped at a line end.
        let visible_width = width_of(segment.trim_end());
        if line.width + visible_width > max_width && !line.text.trim_end().is_empty() {
            let broke = first_visible(&segment.chars().collect::<Vec<_>>())
                .is_none_or(|next| end_line_before(next, &mut line, lines, char_width));
            if !broke {
                // The segment starts with a closing mark nothing can carry down: it is cut
                // between characters, the mark staying on this line.
                cut_segment(segment, max_width, char_width, &mut line, lines);
                continue;
            }
        }
        if line.width + visible_width <= max_width {
            for ch in segment.chars() {
                line.push(ch, char_width(ch));
            }
        } else {
            cut_segment(segment, max_width, char_width, &mut line, lines);
        }
        // The final opportunity (end of text) is also reported as mandatory; the paragraph's
        // last line is finished below.
        if opportunity == BreakOpportunity::Mandatory && end < paragraph.len() {
            line.finish(lines);
        }
    }
    line.finish(lines);
    avoid_a_lone_last_character(&mut lines[first_line..]);
}

/// A paragraph's last line holding one character (and the marks after it, like `展。`) takes
/// one more from the line above, as Chinese typesetting does; the line above keeps at least
/// two, and neither a closing mark at a line start, an opening one at a line end, nor a split
/// date or number results.
fn avoid_a_lone_last_character(paragraph: &mut [String]) {
    let [.., above, last] = paragraph else {
        return;
    };
    let lone = last.chars().filter(|ch| !is_no_line_start(*ch)).count() == 1;
    if !lone || above.chars().count() < 3 {
        return;
    }
    let Some((cut, moved)) = above.char_indices().last() else {
        return;
    };
    // Only a Han character moves down: a digit or a letter could split a number or a word.
    // Nor may it leave an opening mark at the end of the line above.
    if !is_han(moved) || above[..cut].chars().last().is_some_and(is_no_line_end) {
        return;
    }
    let joined = format!("{above}{last}");
    if unbreakable_spans(&joined)
        .iter()
        .any(|span| span.start < cut && cut < span.end)
    {
        return;
    }
    above.truncate(cut);
    last.insert(0, moved);
}

/// Ends `line` so that the next line can begin with `next`. When `next` may not start a line,
/// characters move down with it until the new line starts with one that may, keeping at least
/// one on this line; an opening mark left at the end also moves down, to what it opens.
/// Returns `false`, changing nothing, when that is impossible.
fn end_line_before(
    next: char,
    line: &mut LineBuffer,
    lines: &mut Vec<String>,
    char_width: &impl Fn(char) -> f32,
) -> bool {
    let mut carried: Vec<char> = Vec::new();
    if is_no_line_start(next) {
        while line.text.chars().count() > 1 {
            let Some(last) = line.text.pop() else { break };
            line.width -= char_width(last);
            carried.insert(0, last);
            // Spaces at a line start are dropped, so the first visible character counts.
            if first_visible(&carried).is_some_and(|first| !is_no_line_start(first)) {
                break;
            }
        }
        if first_visible(&carried).is_none_or(is_no_line_start) {
            line.text.extend(carried);
            line.width = line.text.chars().map(char_width).sum();
            return false;
        }
    }
    // Text cut between characters can leave an opening mark last on the line: it goes down with
    // what it opens, as long as something else stays on this line.
    while line.text.chars().count() > 1 && line.text.chars().last().is_some_and(is_no_line_end) {
        let Some(last) = line.text.pop() else { break };
        line.width -= char_width(last);
        carried.insert(0, last);
    }
    line.finish(lines);
    for ch in carried.into_iter().skip_while(|ch| ch.is_whitespace()) {
        line.push(ch, char_width(ch));
    }
    true
}

/// Cuts a segment that does not fit between characters, never leaving a closing mark at the
/// start of a line (see [`end_line_before`]).
fn cut_segment(
    segment: &str,
    max_width: f32,
    char_width: &impl Fn(char) -> f32,
    line: &mut LineBuffer,
    lines: &mut Vec<String>,
) {
    for ch in segment.chars() {
        let width = char_width(ch);
        let overflows = line.width + width > max_width && !line.text.trim_end().is_empty();
        if overflows && !ch.is_whitespace() && !end_line_before(ch, line, lines, char_width) {
            // Nothing may carry the mark down (a line of one character and marks): it stays
            // and the line is wider than asked, which only a tiny width can cause.
            line.push(ch, width);
            continue;
        }
        if line.text.is_empty() && ch.is_whitespace() {
            continue;
        }
        line.push(ch, width);
    }
}

/// The first character of `chars` that is not a space.
fn first_visible(chars: &[char]) -> Option<char> {
    chars.iter().copied().find(|ch| !ch.is_whitespace())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every character one unit wide except ASCII letters and digits, half a unit: close to the
    /// real font and easy to reason about.
    fn width(ch: char) -> f32 {
        if ch.is_ascii() { 0.5 } else { 1.0 }
    }

    fn lines(text: &str, max_width: f32) -> Vec<String> {
        break_lines(text, max_width, width)
    }

    #[test]
    fn cjk_text_fills_lines_to_the_width() {
        assert_eq!(
            lines("即办件不能在窗口立即办理", 5.0),
            ["即办件不能", "在窗口立即", "办理"]
        );
    }

    #[test]
    fn closing_punctuation_stays_with_the_text_before_it() {
        // The comma would start the second line; UAX #14 keeps it with 能.
        let broken = lines("即办件不能，在窗口立即办理。", 5.0);
        assert_eq!(broken, ["即办件不", "能，在窗口", "立即办理。"]);
        for line in &broken[1..] {
            assert!(!line.starts_with(is_no_line_start), "{broken:?}");
        }
    }

    #[test]
    fn dates_document_numbers_and_quantities_are_not_split() {
        // A date that does not fit on the line moves down whole instead of being cut.
        assert_eq!(
            lines("请于2026年7月26日前完成", 8.0),
            ["请于", "2026年7月26日前", "完成"]
        );
        for (text, kept) in [
            ("请于本月2026年7月26日前完成", "2026年7月26日"),
            ("依据审批办第146号文件", "第146号"),
            ("压缩办理时限至5个工作日以内", "5个工作日"),
        ] {
            // Each fits a 7-unit line, but not where it starts on the line before.
            let broken = lines(text, 7.0);
            assert!(
                broken.iter().any(|line| line.contains(kept)),
                "{text} → {broken:?}"
            );
        }
    }

    #[test]
    fn a_paragraph_never_ends_with_one_character_alone() {
        // 11 characters at 5 per line would leave 展。 alone; 发 joins it.
        assert_eq!(
            lines("推动作风建设取得新进展。", 5.0),
            ["推动作风建", "设取得新", "进展。"]
        );
        let broken = lines("窗口人员授权不足群众多跑", 5.0);
        assert!(
            broken.last().is_some_and(|line| line.chars().count() >= 2),
            "{broken:?}"
        );
    }

    #[test]
    fn latin_words_break_at_spaces_and_newlines_are_kept() {
        assert_eq!(
            lines("open the door\nnow", 6.0),
            ["open the", "door", "now"]
        );
        assert_eq!(lines("甲\n\n乙", 5.0), ["甲", "", "乙"]);
        assert_eq!(lines("", 5.0), [""]);
    }

    #[test]
    fn a_run_wider_than_the_line_is_cut_without_a_mark_at_a_line_start() {
        // 12 digits at 0.5 = 6 units; a line holds 4 units = 8 digits. The full stop after
        // the 8th digit would start the second line, so the 8th digit goes down with it.
        let broken = lines("12345678.9012", 4.0);
        assert_eq!(broken, ["1234567", "8.9012"]);
        let broken = lines("审批发〔2026〕00000000012号）。", 4.0);
        for line in &broken[1..] {
            assert!(!line.starts_with(is_no_line_start), "{broken:?}");
        }
        for line in &broken {
            assert!(line.chars().map(width).sum::<f32>() <= 4.0, "{broken:?}");
        }
    }

    #[test]
    fn generated_texts_never_end_a_line_with_opening_punctuation() {
        // Opening marks among runs without break opportunities (digits and Latin), so lines
        // are also cut between characters, where UAX #14 does not help.
        let alphabet: Vec<char> = "整改abc123（「《〔“(".chars().collect();
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        for round in 0..400 {
            let length = 5 + round % 60;
            let mut text = String::new();
            while text.chars().count() < length {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                let ch = alphabet[(state % alphabet.len() as u64) as usize];
                // Real prose does not stack opening marks: one at a time.
                if !(is_no_line_end(ch) && text.chars().last().is_some_and(is_no_line_end)) {
                    text.push(ch);
                }
            }
            let max_width = 3.0 + (round % 9) as f32;
            let broken = lines(&text, max_width);
            assert_eq!(broken.concat(), text, "text lost");
            for line in &broken[..broken.len() - 1] {
                assert!(
                    !line.ends_with(is_no_line_end),
                    "{text:?} at {max_width} → {broken:?}"
                );
            }
        }
    }

    #[test]
    fn generated_texts_never_start_a_line_with_closing_punctuation() {
        // A fixed pseudo-random mix of ideographs, Latin, digits and every closing mark.
        let alphabet: Vec<char> = "整改落实到位abc 123，。、；）」』》〉】”…%.,:!?"
            .chars()
            .collect();
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        for round in 0..400 {
            let length = 5 + round % 60;
            let mut text = String::new();
            let mut marks_in_a_row = 0;
            while text.chars().count() < length {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                let ch = alphabet[(state % alphabet.len() as u64) as usize];
                // Real prose has at most two closing marks in a row (。」 or ?”).
                let mark = is_no_line_start(ch) || ch == ' ';
                marks_in_a_row = if mark { marks_in_a_row + 1 } else { 0 };
                if marks_in_a_row <= 2 {
                    text.push(ch);
                }
            }
            let max_width = 4.0 + (round % 9) as f32;
            let broken = lines(&text, max_width);
            let rejoined: String = broken.concat();
            let squeeze = |s: &str| s.chars().filter(|ch| *ch != ' ').collect::<String>();
            assert_eq!(squeeze(&rejoined), squeeze(&text), "text lost: {text:?}");
            for line in broken.iter().skip(1) {
                assert!(
                    !line.starts_with(is_no_line_start) && !line.starts_with(' '),
                    "{text:?} at {max_width} → {broken:?}"
                );
            }
            for line in &broken {
                assert!(
                    line.chars().map(width).sum::<f32>() <= max_width,
                    "{text:?} at {max_width} → {broken:?}"
                );
            }
        }
    }
}
