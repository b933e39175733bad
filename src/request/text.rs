//! The white-space rules of the format, in one place.
//!
//! User text goes into a mail header (the subject) and into a numbered body whose structure
//! support reads by eye. These functions make sure no typed character can add a header or
//! break the numbering.

/// Characters that end a line: CR, LF, and Unicode's line and paragraph separators.
fn is_line_break(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{0b}' | '\u{0c}' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// One line of text: every run of white space or control characters becomes a single space,
/// and the ends are trimmed. Used for the subject and every single-line field.
pub fn single_line(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    let mut pending_space = false;
    for c in input.chars() {
        if c.is_whitespace() || c.is_control() || is_format_char(c) {
            pending_space = !out.is_empty();
        } else {
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            out.push(c);
        }
    }
    out
}

/// Zero-width and directional marks that paste along with text from web pages and would make a
/// value look different from what it is.
fn is_format_char(c: char) -> bool {
    matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2064}' | '\u{feff}')
}

/// A value that may span several lines: each line trimmed, empty lines dropped, control
/// characters inside a line (other than TAB) replaced by a space. Empty result: no value.
pub fn lines(input: &str) -> Vec<String> {
    input
        .split(is_line_break)
        .map(|line| {
            line.chars()
                .map(|c| if c != '\t' && (c.is_control() || is_format_char(c)) { ' ' } else { c })
                .collect::<String>()
                .trim()
                .to_owned()
        })
        .filter(|line| !line.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_line_folds_every_run_of_space_and_control() {
        assert_eq!(single_line("  a \r\n\tb\u{0}\u{7}c  "), "a b c");
        assert_eq!(single_line("Ошибка\r\nBcc: x@y.kz"), "Ошибка Bcc: x@y.kz");
        assert_eq!(single_line("a\u{2028}b\u{200b}c"), "a b c");
        assert_eq!(single_line("\n\n"), "");
    }

    #[test]
    fn lines_trims_each_line_and_drops_empty_ones() {
        assert_eq!(lines("  one \r\n\r\n\ttwo\n   \n three\r"), ["one", "two", "three"]);
        assert_eq!(lines("a\tb"), ["a\tb"]);
        assert_eq!(lines("x\u{1b}[31my"), ["x [31my"]);
        assert!(lines(" \n\t\r\n").is_empty());
    }
}
