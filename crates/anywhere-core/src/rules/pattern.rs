//! Java regular expressions (`java.util.regex.Pattern`), as the `=~` and `!~` operators of the cluster
//! query language take them, far enough to preview which hosts a placement constraint selects.
//!
//! A pattern must match the whole value, as with Java's `Pattern.matches` (the AWS guide's examples,
//! `t2.*`, only make sense that way).
//!
//! Decided: literal characters, `.`, escapes (`\d \D \w \W \s \S` with Java's ASCII meanings, `\t \n
//! \r \f \a \e`, `\0` octal, `\x`, `\u`, `\c`, escaped punctuation, `\Q…\E`), character classes with
//! ranges and negation, groups (capturing, `(?:…)` and named), alternation, the quantifiers `* + ?
//! {n} {n,} {n,m}` and their lazy forms, and `^`/`$`.
//!
//! Valid Java but not decided here, so the answer is unknown rather than wrong: look-around, atomic
//! groups, possessive quantifiers, back-references, inline flags, boundaries (`\b \B \A \z \Z \G`),
//! `\p{…}` and the other named classes, nested classes and class intersections, groups nested deeper
//! than [`MAX_GROUP_DEPTH`], and patterns that would compile to more than [`MAX_PROGRAM`] steps.
//!
//! What Java refuses (a quantifier with nothing to repeat, an unclosed group or class, a backwards
//! range or repetition, an escape of a letter with no meaning) makes the pattern invalid.
//!
//! Matching runs the compiled pattern as a set of states over the text (no backtracking), so its
//! cost is at most the pattern's size times the value's length, whatever the pattern.

use thiserror::Error;

/// Groups nested deeper than this are not decided (and never exhaust the stack).
pub const MAX_GROUP_DEPTH: usize = 32;
/// A pattern whose counted repetitions expand past this many steps is not decided.
pub const MAX_PROGRAM: usize = 20_000;
/// Counted repetitions above this are not decided.
pub const MAX_REPEAT: u32 = 1000;

/// Why Java would refuse a pattern; positions count characters from 1.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Error)]
#[error("character {position} of the pattern: {reason}")]
pub struct InvalidPattern {
    pub position: usize,
    pub reason: &'static str,
}

/// A pattern, compiled when it is within the decided subset.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pattern {
    program: Option<Vec<Step>>,
}

impl Pattern {
    /// Reads a pattern; an error only for what Java itself refuses.
    pub fn compile(pattern: &str) -> Result<Pattern, InvalidPattern> {
        let mut parser = Parser {
            chars: pattern.chars().collect(),
            next: 0,
        };
        let program = match parser.pattern() {
            Ok(node) => compile(&node),
            Err(Problem::Invalid(invalid)) => return Err(invalid),
            Err(Problem::Undecided) => None,
        };
        Ok(Pattern { program })
    }

    /// Whether the pattern matches the whole of `text`; `None` when the pattern is outside the
    /// decided subset.
    pub fn full_match(&self, text: &str) -> Option<bool> {
        self.program
            .as_deref()
            .map(|program| run(program, &text.chars().collect::<Vec<_>>()))
    }
}

/// Whether `pattern` matches the whole of `text`; `None` when the pattern is invalid or undecided.
pub fn full_match(pattern: &str, text: &str) -> Option<bool> {
    Pattern::compile(pattern).ok()?.full_match(text)
}

/// One of Java's predefined classes, with its default (ASCII) meaning.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Builtin {
    Digit,
    Word,
    Space,
}

impl Builtin {
    fn contains(self, c: char) -> bool {
        match self {
            Builtin::Digit => c.is_ascii_digit(),
            Builtin::Word => c.is_ascii_alphanumeric() || c == '_',
            Builtin::Space => matches!(c, ' ' | '\t' | '\n' | '\x0B' | '\x0C' | '\r'),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Item {
    Range(char, char),
    Builtin {
        class: Builtin,
        negated: bool,
    },
    /// `.`: anything but Java's line terminators.
    AnyButLineTerminator,
}

impl Item {
    fn contains(&self, c: char) -> bool {
        match self {
            Item::Range(low, high) => (*low..=*high).contains(&c),
            Item::Builtin { class, negated } => class.contains(c) != *negated,
            Item::AnyButLineTerminator => {
                !matches!(c, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}')
            }
        }
    }
}

/// A set of characters: one literal, a class, `.`.
#[derive(Clone, Debug, PartialEq, Eq)]
struct CharSet {
    negated: bool,
    items: Vec<Item>,
}

impl CharSet {
    fn of(item: Item) -> Self {
        CharSet {
            negated: false,
            items: vec![item],
        }
    }

    fn literal(c: char) -> Self {
        CharSet::of(Item::Range(c, c))
    }

    fn contains(&self, c: char) -> bool {
        self.items.iter().any(|item| item.contains(c)) != self.negated
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Node {
    Set(CharSet),
    Start,
    End,
    Sequence(Vec<Node>),
    Either(Vec<Node>),
    Repeat {
        node: Box<Node>,
        min: u32,
        max: Option<u32>,
    },
}

enum Problem {
    Invalid(InvalidPattern),
    Undecided,
}

type Parsed<T> = Result<T, Problem>;

struct Parser {
    chars: Vec<char>,
    next: usize,
}

impl Parser {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.next).copied()
    }

    fn peek_at(&self, offset: usize) -> Option<char> {
        self.chars.get(self.next + offset).copied()
    }

    /// An error at the character just read (or at the end).
    fn invalid<T>(&self, reason: &'static str) -> Parsed<T> {
        Err(Problem::Invalid(InvalidPattern {
            position: self.next.clamp(1, self.chars.len().max(1)),
            reason,
        }))
    }

    fn pattern(&mut self) -> Parsed<Node> {
        let node = self.alternatives(0)?;
        match self.peek() {
            None => Ok(node),
            Some(_) => {
                self.next += 1;
                self.invalid("unmatched closing ')'")
            }
        }
    }

    fn alternatives(&mut self, depth: usize) -> Parsed<Node> {
        let mut branches = vec![self.sequence(depth)?];
        while self.peek() == Some('|') {
            self.next += 1;
            branches.push(self.sequence(depth)?);
        }
        Ok(if branches.len() == 1 {
            branches.swap_remove(0)
        } else {
            Node::Either(branches)
        })
    }

    fn sequence(&mut self, depth: usize) -> Parsed<Node> {
        let mut items = Vec::new();
        while let Some(c) = self.peek() {
            if c == '|' || c == ')' {
                break;
            }
            if c == '\\' && self.peek_at(1) == Some('Q') {
                self.next += 2;
                items.extend(self.quoted().into_iter().map(Node::Set));
                // A quantifier after `\E` repeats the last quoted character.
                if let Some(last) = items.pop() {
                    items.push(self.quantified(last)?);
                }
                continue;
            }
            let atom = self.atom(depth)?;
            items.push(self.quantified(atom)?);
        }
        Ok(Node::Sequence(items))
    }

    /// The literal text of `\Q…\E` (to the end of the pattern when `\E` is missing, as in Java).
    fn quoted(&mut self) -> Vec<CharSet> {
        let mut literal = Vec::new();
        while let Some(c) = self.peek() {
            if c == '\\' && self.peek_at(1) == Some('E') {
                self.next += 2;
                break;
            }
            literal.push(CharSet::literal(c));
            self.next += 1;
        }
        literal
    }

    fn atom(&mut self, depth: usize) -> Parsed<Node> {
        let Some(c) = self.peek() else {
            return self.invalid("unexpected end of the pattern");
        };
        self.next += 1;
        match c {
            '(' => self.group(depth),
            '[' => Ok(Node::Set(self.class()?)),
            '.' => Ok(Node::Set(CharSet::of(Item::AnyButLineTerminator))),
            '^' => Ok(Node::Start),
            '$' => Ok(Node::End),
            '\\' => self.escape().map(Node::Set),
            '*' | '+' | '?' => self.invalid("dangling quantifier: nothing to repeat"),
            '{' => self.invalid("illegal repetition: nothing to repeat"),
            literal => Ok(Node::Set(CharSet::literal(literal))),
        }
    }

    fn group(&mut self, depth: usize) -> Parsed<Node> {
        if depth >= MAX_GROUP_DEPTH {
            return Err(Problem::Undecided);
        }
        if self.peek() == Some('?') {
            match (self.peek_at(1), self.peek_at(2)) {
                (Some(':'), _) => self.next += 2,
                (Some('<'), Some(letter)) if letter.is_ascii_alphabetic() => {
                    self.next += 2;
                    while self.peek().is_some_and(|c| c.is_ascii_alphanumeric()) {
                        self.next += 1;
                    }
                    if self.peek() != Some('>') {
                        self.next += 1;
                        return self.invalid("a named group needs a name and '>'");
                    }
                    self.next += 1;
                }
                // Look-around, atomic groups and inline flags.
                _ => return Err(Problem::Undecided),
            }
        }
        let inner = self.alternatives(depth + 1)?;
        if self.peek() != Some(')') {
            self.next += 1;
            return self.invalid("unclosed group");
        }
        self.next += 1;
        Ok(inner)
    }

    fn quantified(&mut self, atom: Node) -> Parsed<Node> {
        let (min, max) = match self.peek() {
            Some('*') => (0, None),
            Some('+') => (1, None),
            Some('?') => (0, Some(1)),
            Some('{') => {
                self.next += 1;
                let bounds = self.bounds()?;
                self.next -= 1;
                bounds
            }
            _ => return Ok(atom),
        };
        if max.unwrap_or(min) > MAX_REPEAT {
            return Err(Problem::Undecided);
        }
        self.next += 1;
        match self.peek() {
            // Lazy: the same whole-value matches.
            Some('?') => self.next += 1,
            Some('+') => return Err(Problem::Undecided),
            _ => {}
        }
        if matches!(self.peek(), Some('*' | '+' | '?' | '{')) {
            self.next += 1;
            return self.invalid("dangling quantifier: a quantifier cannot repeat a quantifier");
        }
        Ok(Node::Repeat {
            node: Box::new(atom),
            min,
            max,
        })
    }

    /// `n}`, `n,}` or `n,m}` after a `{`; leaves `next` after the `}`.
    fn bounds(&mut self) -> Parsed<(u32, Option<u32>)> {
        let min = self.number()?;
        let max = if self.peek() == Some(',') {
            self.next += 1;
            if self.peek() == Some('}') {
                None
            } else {
                Some(self.number()?)
            }
        } else {
            Some(min)
        };
        if self.peek() != Some('}') {
            self.next += 1;
            return self.invalid("illegal repetition: expected {n}, {n,} or {n,m}");
        }
        self.next += 1;
        if max.is_some_and(|max| max < min) {
            return self.invalid("illegal repetition range: the maximum is below the minimum");
        }
        Ok((min, max))
    }

    fn number(&mut self) -> Parsed<u32> {
        let start = self.next;
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.next += 1;
        }
        let digits: String = self.chars[start..self.next].iter().collect();
        match digits.parse::<u32>() {
            Ok(number) => Ok(number),
            Err(_) => {
                self.next += 1;
                self.invalid("illegal repetition: expected {n}, {n,} or {n,m}")
            }
        }
    }

    /// After a `\` outside a class.
    fn escape(&mut self) -> Parsed<CharSet> {
        let Some(c) = self.peek() else {
            return self.invalid("a pattern cannot end with a backslash");
        };
        self.next += 1;
        if let Some((class, negated)) = builtin(c) {
            return Ok(CharSet::of(Item::Builtin { class, negated }));
        }
        match c {
            '1'..='9'
            | 'b'
            | 'B'
            | 'A'
            | 'z'
            | 'Z'
            | 'G'
            | 'p'
            | 'P'
            | 'h'
            | 'H'
            | 'v'
            | 'V'
            | 'R'
            | 'X'
            | 'N'
            | 'k'
            | 'E' => Err(Problem::Undecided),
            _ => self.escaped_char(c).map(CharSet::literal),
        }
    }

    /// The character an escape denotes (`\t`, `\x41`, `\.`…), `c` being the character after `\`.
    fn escaped_char(&mut self, c: char) -> Parsed<char> {
        let control = match c {
            't' => Some('\t'),
            'n' => Some('\n'),
            'r' => Some('\r'),
            'f' => Some('\x0C'),
            'a' => Some('\x07'),
            'e' => Some('\x1B'),
            _ => None,
        };
        if let Some(control) = control {
            return Ok(control);
        }
        match c {
            '0' => self.octal(),
            'x' => self.hex_escape(),
            'u' => self.hex_digits(4, 4),
            'c' => match self.peek() {
                Some(letter) if letter.is_ascii() => {
                    self.next += 1;
                    Ok(char::from(letter as u8 ^ 64))
                }
                _ => self.invalid("\\c needs a control letter"),
            },
            c if c.is_ascii_alphabetic() => {
                self.invalid("illegal escape: this letter has no meaning after a backslash")
            }
            c => Ok(c),
        }
    }

    /// `\0n`, `\0nn` or `\0mnn` (m at most 3), after the `0`.
    fn octal(&mut self) -> Parsed<char> {
        let mut value = 0u32;
        let mut digits = 0;
        while digits < 3 {
            let Some(digit) = self.peek().and_then(|c| c.to_digit(8)) else {
                break;
            };
            if digits == 2 && value > 0o37 {
                break;
            }
            value = value * 8 + digit;
            digits += 1;
            self.next += 1;
        }
        if digits == 0 {
            return self.invalid("illegal octal escape: \\0 needs an octal digit");
        }
        char::from_u32(value).map_or_else(|| self.invalid("illegal octal escape"), Ok)
    }

    /// `\xhh` or `\x{h…h}`, after the `x`.
    fn hex_escape(&mut self) -> Parsed<char> {
        if self.peek() != Some('{') {
            return self.hex_digits(2, 2);
        }
        self.next += 1;
        let value = self.hex_digits(1, 6)?;
        if self.peek() != Some('}') {
            self.next += 1;
            return self.invalid("unclosed hexadecimal escape");
        }
        self.next += 1;
        Ok(value)
    }

    fn hex_digits(&mut self, min: usize, max: usize) -> Parsed<char> {
        let mut value = 0u32;
        let mut digits = 0;
        while digits < max {
            let Some(digit) = self.peek().and_then(|c| c.to_digit(16)) else {
                break;
            };
            value = value * 16 + digit;
            digits += 1;
            self.next += 1;
        }
        if digits < min {
            self.next += 1;
            return self.invalid("illegal hexadecimal escape");
        }
        char::from_u32(value).map_or_else(|| self.invalid("illegal hexadecimal escape"), Ok)
    }

    /// A class body, after its `[`.
    fn class(&mut self) -> Parsed<CharSet> {
        let negated = self.peek() == Some('^');
        if negated {
            self.next += 1;
        }
        if self.peek() == Some(']') {
            // Java's reading of a leading `]` differs between versions; not decided.
            return Err(Problem::Undecided);
        }
        let mut items = Vec::new();
        loop {
            let Some(c) = self.peek() else {
                return self.invalid("unclosed character class");
            };
            self.next += 1;
            let low = match c {
                ']' => return Ok(CharSet { negated, items }),
                '[' => return Err(Problem::Undecided),
                '&' if self.peek() == Some('&') => return Err(Problem::Undecided),
                '\\' => match self.class_escape()? {
                    Ok(builtin) => {
                        items.push(builtin);
                        continue;
                    }
                    Err(literal) => literal,
                },
                literal => literal,
            };
            if self.peek() == Some('-') && self.peek_at(1).is_some_and(|c| c != ']') {
                self.next += 1;
                let Some(c) = self.peek() else {
                    return self.invalid("unclosed character class");
                };
                self.next += 1;
                let high = match c {
                    '\\' => match self.class_escape()? {
                        Ok(_) => return Err(Problem::Undecided),
                        Err(literal) => literal,
                    },
                    '[' => return Err(Problem::Undecided),
                    literal => literal,
                };
                if high < low {
                    return self.invalid("illegal character range: the end is before the start");
                }
                items.push(Item::Range(low, high));
            } else {
                items.push(Item::Range(low, low));
            }
        }
    }

    /// After a `\` inside a class: a predefined class (`Ok`) or one character (`Err`).
    fn class_escape(&mut self) -> Parsed<Result<Item, char>> {
        let Some(c) = self.peek() else {
            return self.invalid("unclosed character class");
        };
        self.next += 1;
        if let Some((class, negated)) = builtin(c) {
            return Ok(Ok(Item::Builtin { class, negated }));
        }
        match c {
            'Q' | 'E' | 'p' | 'P' | 'h' | 'H' | 'v' | 'V' => Err(Problem::Undecided),
            _ => self.escaped_char(c).map(Err),
        }
    }
}

fn builtin(c: char) -> Option<(Builtin, bool)> {
    Some(match c {
        'd' => (Builtin::Digit, false),
        'D' => (Builtin::Digit, true),
        'w' => (Builtin::Word, false),
        'W' => (Builtin::Word, true),
        's' => (Builtin::Space, false),
        'S' => (Builtin::Space, true),
        _ => return None,
    })
}

/// One step of a compiled pattern.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Step {
    /// Consume one character of the set.
    Char(CharSet),
    /// Continue at both.
    Split(usize, usize),
    Jump(usize),
    AtStart,
    AtEnd,
    Match,
}

fn compile(node: &Node) -> Option<Vec<Step>> {
    let mut program = Vec::new();
    emit(node, &mut program)?;
    program.push(Step::Match);
    Some(program)
}

/// Appends `node`'s steps; `None` once the program outgrows [`MAX_PROGRAM`].
fn emit(node: &Node, program: &mut Vec<Step>) -> Option<()> {
    if program.len() > MAX_PROGRAM {
        return None;
    }
    match node {
        Node::Set(set) => program.push(Step::Char(set.clone())),
        Node::Start => program.push(Step::AtStart),
        Node::End => program.push(Step::AtEnd),
        Node::Sequence(items) => {
            for item in items {
                emit(item, program)?;
            }
        }
        Node::Either(branches) => {
            let mut jumps = Vec::new();
            for (index, branch) in branches.iter().enumerate() {
                if index + 1 < branches.len() {
                    let split = program.len();
                    program.push(Step::Split(split + 1, 0));
                    emit(branch, program)?;
                    jumps.push(program.len());
                    program.push(Step::Jump(0));
                    program[split] = Step::Split(split + 1, program.len());
                } else {
                    emit(branch, program)?;
                }
            }
            let end = program.len();
            for jump in jumps {
                program[jump] = Step::Jump(end);
            }
        }
        Node::Repeat { node, min, max } => {
            for _ in 0..*min {
                emit(node, program)?;
            }
            match max {
                None => {
                    let split = program.len();
                    program.push(Step::Split(split + 1, 0));
                    emit(node, program)?;
                    program.push(Step::Jump(split));
                    program[split] = Step::Split(split + 1, program.len());
                }
                Some(max) => {
                    let mut splits = Vec::new();
                    for _ in *min..*max {
                        splits.push(program.len());
                        program.push(Step::Split(program.len() + 1, 0));
                        emit(node, program)?;
                    }
                    let end = program.len();
                    for split in splits {
                        program[split] = Step::Split(split + 1, end);
                    }
                }
            }
        }
    }
    (program.len() <= MAX_PROGRAM).then_some(())
}

/// The states reachable at one position, each once.
struct States {
    members: Vec<usize>,
    seen: Vec<bool>,
}

impl States {
    fn new(size: usize) -> Self {
        States {
            members: Vec::new(),
            seen: vec![false; size],
        }
    }

    fn clear(&mut self) {
        for member in self.members.drain(..) {
            self.seen[member] = false;
        }
    }

    /// Adds `start` and every state it reaches without consuming a character at `position`.
    fn add(&mut self, program: &[Step], start: usize, position: usize, length: usize) {
        let mut pending = vec![start];
        while let Some(at) = pending.pop() {
            if self.seen[at] {
                continue;
            }
            self.seen[at] = true;
            self.members.push(at);
            match program[at] {
                Step::Jump(to) => pending.push(to),
                Step::Split(first, second) => {
                    pending.push(second);
                    pending.push(first);
                }
                Step::AtStart if position == 0 => pending.push(at + 1),
                Step::AtEnd if position == length => pending.push(at + 1),
                _ => {}
            }
        }
    }
}

fn run(program: &[Step], text: &[char]) -> bool {
    let mut current = States::new(program.len());
    let mut following = States::new(program.len());
    current.add(program, 0, 0, text.len());
    for (index, &c) in text.iter().enumerate() {
        for &at in &current.members {
            if let Step::Char(set) = &program[at]
                && set.contains(c)
            {
                following.add(program, at + 1, index + 1, text.len());
            }
        }
        std::mem::swap(&mut current, &mut following);
        following.clear();
        if current.members.is_empty() {
            return false;
        }
    }
    current.members.iter().any(|&at| program[at] == Step::Match)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn invalid(pattern: &str) -> bool {
        Pattern::compile(pattern).is_err()
    }

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
        assert_eq!(full_match("", "a"), Some(false));
    }

    #[test]
    fn groups_alternation_and_counted_repetition() {
        assert_eq!(full_match("(t2|m5)\\..*", "m5.large"), Some(true));
        assert_eq!(full_match("(t2|m5)\\..*", "c5.large"), Some(false));
        assert_eq!(full_match("(?:ab)+", "ababab"), Some(true));
        assert_eq!(full_match("(?:ab)+", "aba"), Some(false));
        assert_eq!(
            full_match("(?<zone>[a-z]+-[a-z]+-\\d)[a-f]", "us-east-1a"),
            Some(true)
        );
        assert_eq!(full_match("a{2}", "aa"), Some(true));
        assert_eq!(full_match("a{2}", "aaa"), Some(false));
        assert_eq!(full_match("a{2,}", "aaaa"), Some(true));
        assert_eq!(full_match("a{2,3}", "aaaa"), Some(false));
        assert_eq!(full_match("a{0,2}b", "b"), Some(true));
        assert_eq!(full_match("x|", ""), Some(true));
        assert_eq!(full_match("a*?b", "aab"), Some(true));
        assert_eq!(full_match("(a*)*", "aaa"), Some(true));
        assert_eq!(full_match("\\Qa.b\\E.", "a.bc"), Some(true));
        assert_eq!(full_match("\\Qa.b\\E", "axb"), Some(false));
        assert_eq!(full_match("\\Qab\\E*", "abbb"), Some(true));
        assert_eq!(full_match("\\x41\\u0042\\0103\\t", "ABC\t"), Some(true));
        assert_eq!(full_match("[\\d.]+", "1.85.0"), Some(true));
        assert_eq!(full_match("[^\\s]+", "a b"), Some(false));
        assert_eq!(full_match(".", "\n"), Some(false));
        assert_eq!(full_match("\\w+", "é"), Some(false));
    }

    #[test]
    fn java_refusals_are_invalid() {
        for pattern in [
            "*a", "a**", "a{2", "a{3,2}", "{", "(ab", "ab)", "[abc", "[z-a]", "a\\", "\\i", "\\xZZ",
        ] {
            assert!(invalid(pattern), "{pattern} should be invalid");
        }
        let error = Pattern::compile("(ab").unwrap_err();
        assert_eq!(error.reason, "unclosed group");
    }

    #[test]
    fn beyond_the_subset_is_unknown() {
        for pattern in [
            "(?=a)a",
            "(?i)a",
            "a*+",
            "(a)\\1",
            "\\bword",
            "\\p{Alpha}",
            "[a-z&&[^e]]",
            "[]a]",
            "(?>a)",
        ] {
            assert!(!invalid(pattern), "{pattern} is valid Java");
            assert_eq!(full_match(pattern, "a"), None, "{pattern}");
        }
        let deep = "(".repeat(MAX_GROUP_DEPTH + 1) + &")".repeat(MAX_GROUP_DEPTH + 1);
        assert_eq!(full_match(&deep, ""), None);
        assert_eq!(full_match("(a{100}){300}", "a"), None);
        assert_eq!(full_match("(){4000000000}", ""), None);
    }

    #[test]
    fn many_stars_stay_fast() {
        let pattern = ".*".repeat(50) + "x";
        let text = "a".repeat(128);
        assert_eq!(full_match(&pattern, &text), Some(false));
        let nested = "(a|aa)*".repeat(20) + "b";
        assert_eq!(full_match(&nested, &"a".repeat(128)), Some(false));
    }
}
