//! A small subset of Java regular expressions, enough for the `=~` patterns people write in placement
//! constraints, such as `t2.*` or `ubuntu-2[02].*`.
//!
//! Supported: literal characters, `.`, `\` escapes (`\d`, `\w`, `\s` and escaped punctuation), character
//! classes `[a-z0-9_]` and `[^...]`, the quantifiers `*`, `+` and `?`, and a leading `^` or trailing `$`
//! (the whole value must match anyway, as with Java's `Pattern.matches`). Anything else (groups,
//! alternation, counted repetition) makes the answer unknown rather than wrong.

#[derive(Clone, Debug)]
enum Atom {
    Any,
    Literal(char),
    Class {
        negated: bool,
        ranges: Vec<(char, char)>,
    },
}

impl Atom {
    fn accepts(&self, c: char) -> bool {
        match self {
            Atom::Any => true,
            Atom::Literal(l) => *l == c,
            Atom::Class { negated, ranges } => {
                ranges.iter().any(|(low, high)| (*low..=*high).contains(&c)) != *negated
            }
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Repeat {
    Once,
    Optional,
    Any,
}

/// Whether `pattern` matches the whole of `text`; `None` when the pattern uses unsupported syntax.
pub fn full_match(pattern: &str, text: &str) -> Option<bool> {
    let items = compile(pattern)?;
    let text: Vec<char> = text.chars().collect();
    let (m, n) = (items.len(), text.len());
    // matched[i][j]: items i.. match text j.. exactly. Filled backwards, so linear in both sizes.
    let mut matched = vec![vec![false; n + 1]; m + 1];
    matched[m][n] = true;
    for i in (0..m).rev() {
        let (atom, repeat) = &items[i];
        for j in (0..=n).rev() {
            let step = j < n && atom.accepts(text[j]);
            matched[i][j] = match repeat {
                Repeat::Once => step && matched[i + 1][j + 1],
                Repeat::Optional => matched[i + 1][j] || (step && matched[i + 1][j + 1]),
                Repeat::Any => matched[i + 1][j] || (step && matched[i][j + 1]),
            };
        }
    }
    Some(matched[0][0])
}

fn compile(pattern: &str) -> Option<Vec<(Atom, Repeat)>> {
    let pattern = pattern.strip_prefix('^').unwrap_or(pattern);
    let pattern = match pattern.strip_suffix('$') {
        Some(rest) if !rest.ends_with('\\') => rest,
        _ => pattern,
    };
    let chars: Vec<char> = pattern.chars().collect();
    let mut items: Vec<(Atom, Repeat)> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        i += 1;
        let atom = match c {
            '.' => Atom::Any,
            '\\' => {
                let escaped = *chars.get(i)?;
                i += 1;
                escape(escaped)?
            }
            '[' => {
                let (atom, next) = class(&chars, i)?;
                i = next;
                atom
            }
            '*' | '+' | '?' => {
                let (atom, repeat) = items.pop()?;
                if repeat != Repeat::Once {
                    return None;
                }
                match c {
                    '*' => items.push((atom, Repeat::Any)),
                    '?' => items.push((atom, Repeat::Optional)),
                    _ => {
                        items.push((atom.clone(), Repeat::Once));
                        items.push((atom, Repeat::Any));
                    }
                }
                continue;
            }
            '(' | ')' | '|' | '{' | '}' | '^' | '$' | ']' => return None,
            literal => Atom::Literal(literal),
        };
        items.push((atom, Repeat::Once));
    }
    Some(items)
}

fn escape(c: char) -> Option<Atom> {
    let ranges = match c {
        'd' => vec![('0', '9')],
        'w' => vec![('a', 'z'), ('A', 'Z'), ('0', '9'), ('_', '_')],
        's' => vec![(' ', ' '), ('\t', '\t'), ('\n', '\n'), ('\r', '\r')],
        c if c.is_ascii_punctuation() => return Some(Atom::Literal(c)),
        _ => return None,
    };
    Some(Atom::Class {
        negated: false,
        ranges,
    })
}

/// Reads a class body starting after `[`; returns the class and the index after its `]`.
fn class(chars: &[char], start: usize) -> Option<(Atom, usize)> {
    let mut i = start;
    let negated = chars.get(i) == Some(&'^');
    if negated {
        i += 1;
    }
    let mut ranges = Vec::new();
    let mut first = true;
    loop {
        let c = *chars.get(i)?;
        i += 1;
        if c == ']' && !first {
            return Some((Atom::Class { negated, ranges }, i));
        }
        first = false;
        let low = match c {
            '\\' => {
                let escaped = *chars.get(i)?;
                i += 1;
                if !escaped.is_ascii_punctuation() {
                    return None;
                }
                escaped
            }
            '[' => return None,
            c => c,
        };
        if chars.get(i) == Some(&'-') && chars.get(i + 1).is_some_and(|c| *c != ']') {
            let high = *chars.get(i + 1)?;
            if high < low || high == '\\' || high == '[' {
                return None;
            }
            i += 2;
            ranges.push((low, high));
        } else {
            ranges.push((low, low));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_whole_values() {
        assert_eq!(full_match("t2.*", "t2.small"), Some(true));
        assert_eq!(full_match("t2.*", "xt2.small"), Some(false));
        assert_eq!(full_match("t2", "t2.small"), Some(false));
        assert_eq!(full_match("^t2\\.small$", "t2.small"), Some(true));
        assert_eq!(full_match("t2\\.small", "t2xsmall"), Some(false));
        assert_eq!(full_match("ubuntu-2[02].*", "ubuntu-22.04"), Some(true));
        assert_eq!(full_match("ubuntu-2[02].*", "ubuntu-24.04"), Some(false));
        assert_eq!(full_match("[^a-c]+", "def"), Some(true));
        assert_eq!(full_match("[^a-c]+", "dbf"), Some(false));
        assert_eq!(full_match("a+b?c*", "aaac"), Some(true));
        assert_eq!(full_match("a+b?c*", "bc"), Some(false));
        assert_eq!(full_match("rack-\\d\\d", "rack-07"), Some(true));
        assert_eq!(full_match("[a-]x", "-x"), Some(true));
        assert_eq!(full_match("", ""), Some(true));
    }

    #[test]
    fn unsupported_syntax_is_unknown() {
        assert_eq!(full_match("(t2|m5).*", "t2.small"), None);
        assert_eq!(full_match("a{2}", "aa"), None);
        assert_eq!(full_match("*a", "a"), None);
        assert_eq!(full_match("a**", "a"), None);
        assert_eq!(full_match("[abc", "a"), None);
        assert_eq!(full_match("a\\", "a"), None);
    }

    #[test]
    fn many_stars_stay_fast() {
        let pattern = ".*".repeat(50) + "x";
        let text = "a".repeat(128);
        assert_eq!(full_match(&pattern, &text), Some(false));
    }
}
