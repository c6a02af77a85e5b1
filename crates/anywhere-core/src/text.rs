//! Text that came from somewhere else (AWS, a file, the command line), made safe to show.
//!
//! A host attribute holding U+202E (RIGHT-TO-LEFT OVERRIDE) is drawn reversed, and reverses
//! whatever follows it on the line: "invoice\u{202E}fdp.exe" reads as "invoiceexe.pdf". Terminal
//! escapes (ESC…) rewrite a terminal. [`reveal_controls`] replaces every such character with a
//! visible marker like `⟨U+202E⟩`, so what is shown is what is there. Exports and requests keep
//! the exact data; this is for display only.

use std::borrow::Cow;

/// Whether `c` is a control, a bidirectional formatting character or an invisible character
/// that changes how text around it reads. Left alone: tab-free plain text, and the zero-width
/// joiner and non-joiner, which scripts and emoji sequences need.
pub fn is_hidden_control(c: char) -> bool {
    matches!(c,
        // C0, DEL and C1 controls (newline and tab included: in a single line they hide structure).
        '\u{0}'..='\u{1F}' | '\u{7F}'..='\u{9F}'
        // Bidirectional marks, embeddings, overrides and isolates.
        | '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
        // Invisible: soft hyphen, Mongolian vowel separator, zero-width space, word joiner and
        // invisible operators, deprecated format controls, BOM / zero-width no-break space,
        // interlinear annotation, tag characters.
        | '\u{00AD}' | '\u{180E}' | '\u{200B}' | '\u{2060}'..='\u{2064}' | '\u{206A}'..='\u{206F}'
        | '\u{FEFF}' | '\u{FFF9}'..='\u{FFFB}' | '\u{E0000}'..='\u{E007F}'
        // Line and paragraph separators.
        | '\u{2028}' | '\u{2029}'
    )
}

/// `text` with every [`is_hidden_control`] character replaced by `⟨U+XXXX⟩`; borrowed when there
/// is none.
pub fn reveal_controls(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_hidden_control) {
        return Cow::Borrowed(text);
    }
    let mut shown = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if is_hidden_control(c) {
            shown.push_str(&format!("⟨U+{:04X}⟩", u32::from(c)));
        } else {
            shown.push(c);
        }
    }
    Cow::Owned(shown)
}

/// Values joined by `separator`, each revealed and wrapped in FIRST STRONG ISOLATE … POP
/// DIRECTIONAL ISOLATE, so that a right-to-left value cannot reorder its neighbours when several
/// share one line of text (a table cell).
pub fn isolated_list<'a>(values: impl IntoIterator<Item = &'a str>, separator: &str) -> String {
    let mut list = String::new();
    push_isolated_list(&mut list, values, separator);
    list
}

/// Writes [`isolated_list`] at the end of `out`, without a string per value (the fleet's index
/// writes every host's pairs this way).
pub fn push_isolated_list<'a>(
    out: &mut String,
    values: impl IntoIterator<Item = &'a str>,
    separator: &str,
) {
    for (at, value) in values.into_iter().enumerate() {
        if at > 0 {
            out.push_str(separator);
        }
        out.push('\u{2068}');
        out.push_str(&reveal_controls(value));
        out.push('\u{2069}');
    }
}

/// At most `max` characters of `text`; a longer text is cut and says how much was left out.
pub fn shorten(text: &str, max: usize) -> Cow<'_, str> {
    let count = text.chars().count();
    if count <= max {
        return Cow::Borrowed(text);
    }
    let kept: String = text.chars().take(max).collect();
    let left = count - max;
    let unit = if left == 1 { "character" } else { "characters" };
    Cow::Owned(format!("{kept}… ({left} more {unit})"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bidi_overrides_and_escapes_become_visible() {
        assert_eq!(
            reveal_controls("invoice\u{202E}fdp.exe"),
            "invoice⟨U+202E⟩fdp.exe"
        );
        assert_eq!(
            reveal_controls("\u{1b}[31mred\u{7}"),
            "⟨U+001B⟩[31mred⟨U+0007⟩"
        );
        assert_eq!(
            reveal_controls("a\u{2067}b\u{2069}\u{200B}c\u{FEFF}\u{E0041}"),
            "a⟨U+2067⟩b⟨U+2069⟩⟨U+200B⟩c⟨U+FEFF⟩⟨U+E0041⟩"
        );
        assert_eq!(reveal_controls("line\nnext"), "line⟨U+000A⟩next");
    }

    #[test]
    fn ordinary_text_is_borrowed_unchanged() {
        for text in [
            "edge-factory",
            "Ünïcødé 東京 مرحبا",
            "👨\u{200D}👩\u{200D}👧",
            "",
        ] {
            assert!(matches!(reveal_controls(text), Cow::Borrowed(t) if t == text));
        }
    }

    #[test]
    fn each_listed_value_is_isolated() {
        assert_eq!(
            isolated_list(["a=1", "b=\u{202E}x"], ", "),
            "\u{2068}a=1\u{2069}, \u{2068}b=⟨U+202E⟩x\u{2069}"
        );
    }

    #[test]
    fn long_text_is_cut_and_says_so() {
        assert_eq!(shorten("abcdef", 6), "abcdef");
        assert_eq!(shorten("abcdefgh", 3), "abc… (5 more characters)");
        assert_eq!(shorten("ééé", 2), "éé… (1 more character)");
    }
}
