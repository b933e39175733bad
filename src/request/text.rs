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
/// invisible formatting characters are dropped, and the ends are trimmed. Used for the subject,
/// file names and every single-line field.
pub fn single_line(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    let mut pending_space = false;
    for c in input.chars().filter(|&c| !is_format_char(c)) {
        if c.is_whitespace() || c.is_control() {
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

/// Invisible characters that paste along with text from web pages and documents (zero-width
/// spaces, directional marks and isolates, the byte-order mark): they would make a value look
/// other than it is, and an IIN fail for no visible reason.
pub fn is_format_char(c: char) -> bool {
    matches!(
        c,
        '\u{200b}' | '\u{200e}' | '\u{200f}' | '\u{061c}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2069}' | '\u{feff}'
    )
}

/// A value that may span several lines: each line trimmed, empty lines dropped, invisible
/// formatting characters dropped, control characters inside a line (other than TAB) replaced by
/// a space. Empty result: no value.
pub fn lines(input: &str) -> Vec<String> {
    input
        .split(is_line_break)
        .map(|line| {
            line.chars()
                .filter(|&c| !is_format_char(c))
                .map(|c| if c != '\t' && c.is_control() { ' ' } else { c })
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
        assert_eq!(single_line("a\u{2028}b\u{200b}c"), "a bc");
        assert_eq!(single_line("\u{2066}ИИН\u{2069} \u{200d}x"), "ИИН \u{200d}x", "joiners are text, isolates are not");
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
