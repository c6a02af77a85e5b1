//! The cluster query language of `memberOf` placement constraints and `ListContainerInstances`
//! filters: parsing, naming the attributes an expression uses, and telling whether a container
//! instance satisfies it.
//!
//! Grammar (AWS guide: Cluster query language): `subject operator [argument]`, combined with
//! `and`/`&&`, `or`/`||`, `not`/`!` and parentheses; `and` binds tighter than `or`. An expression is at
//! most [`MAX_EXPRESSION_CHARS`] characters (the ECS API's limit), checked before anything else. A
//! value is a run of characters other than white space and `( ) [ ] , = ! < > & | ~ ' "`, or any text
//! in single or double quotes (the guide's `ec2InstanceId in ['i-abcd1234', 'i-wxyx7890']`), so a
//! pattern with parentheses or alternation is written in quotes.
//!
//! The parse tree holds `and` and `or` chains as lists and nests only through parentheses and `not`,
//! at most [`MAX_DEPTH`] deep, so no input can make parsing, evaluating, printing or dropping an
//! expression recurse without bound.
//!
//! Decisions, where the guide is silent (the shared corpus,
//! `tests/fixtures/cluster_query_language.json`, holds each with an example):
//! - A condition on an attribute the instance lacks is false, `!=`, `!in` and `!~` included; only
//!   `!exists` is true (the guide: `attribute:stack != prod` lists "the instances with the custom
//!   attribute stack unless the value is prod"). An attribute without a value reads as "".
//! - `task:group` reads the groups of the tasks on the instance: `==`, `in` and `=~` hold when one
//!   group does, `!=`, `!in` and `!~` when none does, `exists` when the instance runs any task.
//! - Each subject takes the operators the guide lists for it (`attribute:` and `task:group` every
//!   equality, list, pattern and existence operator); `agentVersion`, `registeredAt` and
//!   `runningTasksCount` take a version, a date (the guide's four formats, UTC when no zone is
//!   given) and a whole number, compared as such.
//! - Ordering an attribute's value (`attribute:x > 5`) is valid, but AWS does not say whether it
//!   compares text or numbers, so the answer is unknown.
//! - `=~` patterns are Java regular expressions matched against the whole value; see
//!   [`super::pattern`] for what the console decides and what it leaves unknown.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use thiserror::Error;

use super::pattern::{InvalidPattern, Pattern};
use crate::aws::timestamp::parse_iso8601_millis;

/// ECS refuses a longer expression.
pub const MAX_EXPRESSION_CHARS: usize = 2000;
/// Parentheses and `not` nest at most this deep: deep enough for any hand-written constraint.
pub const MAX_DEPTH: usize = 64;

/// The attributes of one host: name to optional value, as `DescribeContainerInstances` reports them.
pub type HostAttributes = BTreeMap<String, Option<String>>;

/// What an expression can read from one container instance. A field left `None` is unknown, and a
/// condition on it evaluates to unknown.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Candidate {
    pub attributes: Option<HostAttributes>,
    pub agent_connected: Option<bool>,
    pub agent_version: Option<String>,
    pub ec2_instance_id: Option<String>,
    pub registered_at_millis: Option<f64>,
    pub running_tasks_count: Option<u64>,
    /// The groups of the tasks running on the instance.
    pub task_groups: Option<Vec<String>>,
}

impl Candidate {
    /// An instance of which only the attributes are known.
    pub fn with_attributes(attributes: HostAttributes) -> Self {
        Candidate {
            attributes: Some(attributes),
            ..Candidate::default()
        }
    }
}

/// What a condition looks at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Field {
    /// `attribute:NAME`, built-in (`ecs.os-type`) or custom.
    Attribute(String),
    /// `task:group`.
    TaskGroup,
    AgentConnected,
    AgentVersion,
    Ec2InstanceId,
    RegisteredAt,
    RunningTasksCount,
}

/// A comparison against one literal value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Comparison {
    Equals,
    NotEquals,
    GreaterThan,
    GreaterThanEqual,
    LessThan,
    LessThanEqual,
    Matches,
    NotMatches,
}

impl Comparison {
    fn symbol(self) -> &'static str {
        match self {
            Comparison::Equals => "==",
            Comparison::NotEquals => "!=",
            Comparison::GreaterThan => ">",
            Comparison::GreaterThanEqual => ">=",
            Comparison::LessThan => "<",
            Comparison::LessThanEqual => "<=",
            Comparison::Matches => "=~",
            Comparison::NotMatches => "!~",
        }
    }

    fn is_ordering(self) -> bool {
        matches!(
            self,
            Comparison::GreaterThan
                | Comparison::GreaterThanEqual
                | Comparison::LessThan
                | Comparison::LessThanEqual
        )
    }
}

/// The operator of a condition together with its argument.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Test {
    Exists,
    NotExists,
    Compare(Comparison, String),
    In(Vec<String>),
    NotIn(Vec<String>),
}

/// A parsed cluster query language expression.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Expr {
    Condition {
        field: Field,
        test: Test,
    },
    Not(Box<Expr>),
    /// Two or more operands.
    And(Vec<Expr>),
    /// Two or more operands.
    Or(Vec<Expr>),
}

/// Why an expression does not parse; positions count characters from 1.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum ParseError {
    #[error("the expression is empty")]
    Empty,
    #[error("the expression has {length} characters; ECS accepts at most {MAX_EXPRESSION_CHARS}")]
    TooLong { length: usize },
    #[error("character {position}: unexpected character `{found}`")]
    UnexpectedCharacter { position: usize, found: char },
    #[error("character {position}: the quoted value is not closed")]
    UnclosedQuote { position: usize },
    #[error("character {position}: expected {expected}, found `{found}`")]
    Unexpected {
        position: usize,
        expected: &'static str,
        found: String,
    },
    #[error("expected {expected} at the end of the expression")]
    UnexpectedEnd { expected: &'static str },
    #[error(
        "character {position}: unknown subject `{found}`; expected attribute:NAME, task:group, agentConnected, agentVersion, ec2InstanceId, registeredAt or runningTasksCount"
    )]
    UnknownSubject { position: usize, found: String },
    #[error(
        "character {position}: `{name}` is not an attribute name (1 to 128 letters, digits, hyphens, underscores, slashes, backslashes or periods)"
    )]
    InvalidAttributeName { position: usize, name: String },
    #[error("character {position}: {subject} does not take `{operator}`; it takes {allowed}")]
    OperatorNotAllowed {
        position: usize,
        subject: String,
        operator: String,
        allowed: &'static str,
    },
    #[error("character {position}: {subject} is compared with {expected}, not `{found}`")]
    InvalidArgument {
        position: usize,
        subject: String,
        expected: &'static str,
        found: String,
    },
    #[error("character {position}: `{pattern}` is not a valid regular expression ({reason})")]
    InvalidPattern {
        position: usize,
        pattern: String,
        reason: InvalidPattern,
    },
    #[error("character {position}: parentheses and `not` are nested too deeply")]
    TooDeep { position: usize },
}

/// Parses a cluster query language expression such as
/// `attribute:ecs.os-type == linux and attribute:stack in [prod, staging]`.
pub fn parse_expression(text: &str) -> Result<Expr, ParseError> {
    let length = text.chars().count();
    if length > MAX_EXPRESSION_CHARS {
        return Err(ParseError::TooLong { length });
    }
    let tokens = lex(text)?;
    if tokens.is_empty() {
        return Err(ParseError::Empty);
    }
    let mut parser = Parser {
        tokens,
        next: 0,
        depth: 0,
    };
    let expr = parser.or()?;
    match parser.peek() {
        None => Ok(expr),
        Some(token) => Err(token.unexpected("`and`, `or` or the end of the expression")),
    }
}

/// Writes a value so that it reads back as itself: bare when it is one word, quoted otherwise.
pub fn quote_value(value: &str) -> String {
    if !value.is_empty() && value.chars().all(is_word_char) {
        value.to_string()
    } else if value.contains('\'') {
        format!("\"{value}\"")
    } else {
        format!("'{value}'")
    }
}

impl Expr {
    /// The attribute names the expression refers to (`attribute:NAME`), each once.
    pub fn attribute_names(&self) -> BTreeSet<String> {
        let mut names = BTreeSet::new();
        self.collect_attribute_names(&mut names);
        names
    }

    fn collect_attribute_names(&self, names: &mut BTreeSet<String>) {
        match self {
            Expr::Condition {
                field: Field::Attribute(name),
                ..
            } => {
                names.insert(name.clone());
            }
            Expr::Condition { .. } => {}
            Expr::Not(inner) => inner.collect_attribute_names(names),
            Expr::And(operands) | Expr::Or(operands) => {
                for operand in operands {
                    operand.collect_attribute_names(names);
                }
            }
        }
    }

    /// Whether the instance satisfies the expression; `None` when what is known of it cannot tell
    /// (a field left unknown, an ordering of attribute values, a pattern beyond the console's
    /// subset). Unknowns combine as in three-valued logic: `false and unknown` is false.
    pub fn evaluate(&self, instance: &Candidate) -> Option<bool> {
        match self {
            Expr::Condition { field, test } => evaluate_condition(field, test, instance),
            Expr::Not(inner) => inner.evaluate(instance).map(|matched| !matched),
            Expr::And(operands) => {
                let mut known = true;
                for operand in operands {
                    match operand.evaluate(instance) {
                        Some(false) => return Some(false),
                        Some(true) => {}
                        None => known = false,
                    }
                }
                known.then_some(true)
            }
            Expr::Or(operands) => {
                let mut known = true;
                for operand in operands {
                    match operand.evaluate(instance) {
                        Some(true) => return Some(true),
                        Some(false) => {}
                        None => known = false,
                    }
                }
                known.then_some(false)
            }
        }
    }
}

fn evaluate_condition(field: &Field, test: &Test, instance: &Candidate) -> Option<bool> {
    match field {
        Field::Attribute(name) => {
            let attributes = instance.attributes.as_ref()?;
            match attributes.get(name) {
                None => Some(matches!(test, Test::NotExists)),
                Some(value) => text_test(value.as_deref().unwrap_or(""), test),
            }
        }
        Field::TaskGroup => group_test(instance.task_groups.as_deref()?, test),
        Field::AgentConnected => {
            let connected = instance.agent_connected?;
            text_test(if connected { "true" } else { "false" }, test)
        }
        Field::Ec2InstanceId => text_test(instance.ec2_instance_id.as_deref()?, test),
        Field::AgentVersion => {
            let version = version_parts(instance.agent_version.as_deref()?)?;
            ordered_test(&version, test, version_parts)
        }
        Field::RegisteredAt => {
            let registered = instance.registered_at_millis?;
            ordered_test(&registered, test, date_millis)
        }
        Field::RunningTasksCount => {
            let count = instance.running_tasks_count?;
            ordered_test(&count, test, |argument| argument.parse::<u64>().ok())
        }
    }
}

/// A test of one text value.
fn text_test(value: &str, test: &Test) -> Option<bool> {
    match test {
        Test::Exists => Some(true),
        Test::NotExists => Some(false),
        Test::In(list) => Some(list.iter().any(|item| item == value)),
        Test::NotIn(list) => Some(list.iter().all(|item| item != value)),
        Test::Compare(Comparison::Equals, argument) => Some(value == argument),
        Test::Compare(Comparison::NotEquals, argument) => Some(value != argument),
        Test::Compare(Comparison::Matches, pattern) => pattern_matches(pattern, value),
        Test::Compare(Comparison::NotMatches, pattern) => {
            pattern_matches(pattern, value).map(|matched| !matched)
        }
        Test::Compare(_, _) => None,
    }
}

fn pattern_matches(pattern: &str, value: &str) -> Option<bool> {
    Pattern::compile(pattern).ok()?.full_match(value)
}

/// A test of the task groups on an instance: positive tests hold for one group, negated ones for
/// none.
fn group_test(groups: &[String], test: &Test) -> Option<bool> {
    let any = |positive: &Test| -> Option<bool> {
        let mut known = true;
        for group in groups {
            match text_test(group, positive) {
                Some(true) => return Some(true),
                Some(false) => {}
                None => known = false,
            }
        }
        known.then_some(false)
    };
    match test {
        Test::Exists => Some(!groups.is_empty()),
        Test::NotExists => Some(groups.is_empty()),
        Test::NotIn(list) => any(&Test::In(list.clone())).map(|found| !found),
        Test::Compare(Comparison::NotEquals, argument) => {
            any(&Test::Compare(Comparison::Equals, argument.clone())).map(|found| !found)
        }
        Test::Compare(Comparison::NotMatches, pattern) => {
            any(&Test::Compare(Comparison::Matches, pattern.clone())).map(|found| !found)
        }
        positive => any(positive),
    }
}

/// A comparison of a value with an order (a version, a time, a count).
fn ordered_test<T: PartialOrd>(
    value: &T,
    test: &Test,
    read: impl Fn(&str) -> Option<T>,
) -> Option<bool> {
    let Test::Compare(comparison, argument) = test else {
        return None;
    };
    let argument = read(argument)?;
    Some(match comparison {
        Comparison::Equals => *value == argument,
        Comparison::NotEquals => *value != argument,
        Comparison::GreaterThan => *value > argument,
        Comparison::GreaterThanEqual => *value >= argument,
        Comparison::LessThan => *value < argument,
        Comparison::LessThanEqual => *value <= argument,
        Comparison::Matches | Comparison::NotMatches => return None,
    })
}

/// `1.14.5` as numbers, so that 1.9 < 1.14.
fn version_parts(text: &str) -> Option<Vec<u64>> {
    let parts: Option<Vec<u64>> = text.split('.').map(|part| part.parse().ok()).collect();
    parts.filter(|parts| !parts.is_empty())
}

/// The guide's date formats: `2018-06-18T22:28:28+00:00`, `2018-06-18T22:28:28Z`,
/// `2018-06-18T22:28:28` and `2018-06-18`; without a zone the time is UTC.
fn date_millis(text: &str) -> Option<f64> {
    match text.len() {
        10 => parse_iso8601_millis(&format!("{text}T00:00:00Z")),
        19 => parse_iso8601_millis(&format!("{text}Z")),
        _ => parse_iso8601_millis(text),
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Field::Attribute(name) => write!(f, "attribute:{name}"),
            Field::TaskGroup => f.write_str("task:group"),
            Field::AgentConnected => f.write_str("agentConnected"),
            Field::AgentVersion => f.write_str("agentVersion"),
            Field::Ec2InstanceId => f.write_str("ec2InstanceId"),
            Field::RegisteredAt => f.write_str("registeredAt"),
            Field::RunningTasksCount => f.write_str("runningTasksCount"),
        }
    }
}

/// Writes the expression back in the cluster query language, parenthesising nested compounds.
impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Expr::Condition { field, test } => match test {
                Test::Exists => write!(f, "{field} exists"),
                Test::NotExists => write!(f, "{field} !exists"),
                Test::Compare(comparison, value) => {
                    write!(f, "{field} {} {}", comparison.symbol(), quote_value(value))
                }
                Test::In(list) => write!(f, "{field} in [{}]", quote_list(list)),
                Test::NotIn(list) => write!(f, "{field} !in [{}]", quote_list(list)),
            },
            Expr::Not(inner) => write!(f, "not ({inner})"),
            Expr::And(operands) => write_operands(f, operands, " and "),
            Expr::Or(operands) => write_operands(f, operands, " or "),
        }
    }
}

fn quote_list(values: &[String]) -> String {
    values
        .iter()
        .map(|value| quote_value(value))
        .collect::<Vec<_>>()
        .join(", ")
}

fn write_operands(f: &mut fmt::Formatter<'_>, operands: &[Expr], joint: &str) -> fmt::Result {
    for (index, operand) in operands.iter().enumerate() {
        if index > 0 {
            f.write_str(joint)?;
        }
        match operand {
            Expr::And(..) | Expr::Or(..) => write!(f, "({operand})")?,
            _ => write!(f, "{operand}")?,
        }
    }
    Ok(())
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Kind {
    Word(String),
    Quoted(String),
    Symbol(&'static str),
}

#[derive(Clone, Debug)]
struct Token {
    kind: Kind,
    position: usize,
}

impl Token {
    fn text(&self) -> &str {
        match &self.kind {
            Kind::Word(word) | Kind::Quoted(word) => word,
            Kind::Symbol(symbol) => symbol,
        }
    }

    fn is_word(&self, word: &str) -> bool {
        matches!(&self.kind, Kind::Word(w) if w == word)
    }

    fn is_symbol(&self, symbol: &str) -> bool {
        matches!(self.kind, Kind::Symbol(s) if s == symbol)
    }

    fn unexpected(&self, expected: &'static str) -> ParseError {
        ParseError::Unexpected {
            position: self.position,
            expected,
            found: self.text().to_string(),
        }
    }
}

/// Symbols, longest first so that `==` wins over a lone `=`.
const SYMBOLS: &[&str] = &[
    "==", "!=", ">=", "<=", "=~", "!~", "&&", "||", "(", ")", "[", "]", ",", ">", "<", "!",
];

fn is_word_char(c: char) -> bool {
    !c.is_whitespace() && !"()[],=!<>&|~'\"".contains(c)
}

fn lex(text: &str) -> Result<Vec<Token>, ParseError> {
    let chars: Vec<char> = text.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let position = i + 1;
        if c.is_whitespace() {
            i += 1;
        } else if c == '\'' || c == '"' {
            let Some(length) = chars[i + 1..].iter().position(|&close| close == c) else {
                return Err(ParseError::UnclosedQuote { position });
            };
            tokens.push(Token {
                kind: Kind::Quoted(chars[i + 1..i + 1 + length].iter().collect()),
                position,
            });
            i += length + 2;
        } else if is_word_char(c) {
            let start = i;
            while i < chars.len() && is_word_char(chars[i]) {
                i += 1;
            }
            tokens.push(Token {
                kind: Kind::Word(chars[start..i].iter().collect()),
                position,
            });
        } else {
            let symbol = SYMBOLS.iter().find(|symbol| {
                symbol
                    .chars()
                    .enumerate()
                    .all(|(offset, s)| chars.get(i + offset) == Some(&s))
            });
            let Some(symbol) = symbol else {
                return Err(ParseError::UnexpectedCharacter { position, found: c });
            };
            i += symbol.chars().count();
            tokens.push(Token {
                kind: Kind::Symbol(symbol),
                position,
            });
        }
    }
    Ok(tokens)
}

const EXPECTED_SUBJECT: &str = "a subject such as attribute:NAME";
const EXPECTED_OPERATOR: &str =
    "an operator (==, !=, >, >=, <, <=, exists, !exists, in, !in, =~, !~)";
const EXPECTED_VALUE: &str = "a value";
const EXPECTED_LIST: &str = "a list such as [a, b]";

struct Parser {
    tokens: Vec<Token>,
    next: usize,
    depth: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.next)
    }

    fn take(&mut self, expected: &'static str) -> Result<Token, ParseError> {
        let token = self
            .tokens
            .get(self.next)
            .cloned()
            .ok_or(ParseError::UnexpectedEnd { expected })?;
        self.next += 1;
        Ok(token)
    }

    fn take_if(&mut self, accept: impl Fn(&Token) -> bool) -> bool {
        let accepted = self.peek().is_some_and(accept);
        if accepted {
            self.next += 1;
        }
        accepted
    }

    fn or(&mut self) -> Result<Expr, ParseError> {
        let mut operands = vec![self.and()?];
        while self.take_if(|t| t.is_word("or") || t.is_symbol("||")) {
            operands.push(self.and()?);
        }
        Ok(if operands.len() == 1 {
            operands.swap_remove(0)
        } else {
            Expr::Or(operands)
        })
    }

    fn and(&mut self) -> Result<Expr, ParseError> {
        let mut operands = vec![self.unary()?];
        while self.take_if(|t| t.is_word("and") || t.is_symbol("&&")) {
            operands.push(self.unary()?);
        }
        Ok(if operands.len() == 1 {
            operands.swap_remove(0)
        } else {
            Expr::And(operands)
        })
    }

    /// A condition, a negation or a parenthesised expression; only the last two nest, and at
    /// most [`MAX_DEPTH`] deep.
    fn unary(&mut self) -> Result<Expr, ParseError> {
        let token = self.take(EXPECTED_SUBJECT)?;
        if token.is_word("not") || token.is_symbol("!") || token.is_symbol("(") {
            self.depth += 1;
            if self.depth > MAX_DEPTH {
                return Err(ParseError::TooDeep {
                    position: token.position,
                });
            }
            let inner = if token.is_symbol("(") {
                let inner = self.or()?;
                let close = self.take("`)`")?;
                if !close.is_symbol(")") {
                    return Err(close.unexpected("`)`"));
                }
                inner
            } else {
                Expr::Not(Box::new(self.unary()?))
            };
            self.depth -= 1;
            return Ok(inner);
        }
        let field = field(&token)?;
        let test = self.test(&field)?;
        Ok(Expr::Condition { field, test })
    }

    fn test(&mut self, field: &Field) -> Result<Test, ParseError> {
        let token = self.take(EXPECTED_OPERATOR)?;
        let negated = token.is_symbol("!");
        let operator = if negated {
            self.take(EXPECTED_OPERATOR)?
        } else {
            token.clone()
        };
        let kind = match (negated, operator.text()) {
            (false, "exists") => Operator::Exists,
            (true, "exists") | (false, "not_exists") => Operator::NotExists,
            (false, "in") => Operator::In,
            (true, "in") | (false, "not_in") => Operator::NotIn,
            (false, "==" | "equals") => Operator::Compare(Comparison::Equals),
            (false, "!=" | "not_equals") => Operator::Compare(Comparison::NotEquals),
            (false, ">" | "greater_than") => Operator::Compare(Comparison::GreaterThan),
            (false, ">=" | "greater_than_equal") => Operator::Compare(Comparison::GreaterThanEqual),
            (false, "<" | "less_than") => Operator::Compare(Comparison::LessThan),
            (false, "<=" | "less_than_equal") => Operator::Compare(Comparison::LessThanEqual),
            (false, "=~" | "matches") => Operator::Compare(Comparison::Matches),
            (false, "!~" | "not_matches") => Operator::Compare(Comparison::NotMatches),
            _ => return Err(operator.unexpected(EXPECTED_OPERATOR)),
        };
        let (allowed, described) = allowed_operators(field);
        if !allowed(kind) {
            return Err(ParseError::OperatorNotAllowed {
                position: token.position,
                subject: field.to_string(),
                operator: if negated {
                    format!("!{}", operator.text())
                } else {
                    operator.text().to_string()
                },
                allowed: described,
            });
        }
        Ok(match kind {
            Operator::Exists => Test::Exists,
            Operator::NotExists => Test::NotExists,
            Operator::In => Test::In(self.list(field)?),
            Operator::NotIn => Test::NotIn(self.list(field)?),
            Operator::Compare(comparison) => {
                Test::Compare(comparison, self.argument(field, comparison)?)
            }
        })
    }

    fn value(&mut self) -> Result<(String, usize), ParseError> {
        let token = self.take(EXPECTED_VALUE)?;
        match token.kind {
            Kind::Word(word) | Kind::Quoted(word) => Ok((word, token.position)),
            Kind::Symbol(_) => Err(token.unexpected(EXPECTED_VALUE)),
        }
    }

    /// The value a comparison takes, checked for what the subject compares with.
    fn argument(&mut self, field: &Field, comparison: Comparison) -> Result<String, ParseError> {
        let (value, position) = self.value()?;
        if matches!(comparison, Comparison::Matches | Comparison::NotMatches) {
            if let Err(reason) = Pattern::compile(&value) {
                return Err(ParseError::InvalidPattern {
                    position,
                    pattern: value,
                    reason,
                });
            }
            return Ok(value);
        }
        let expected = match field {
            Field::AgentVersion if version_parts(&value).is_none() => {
                Some("a version such as 1.14.5")
            }
            Field::RegisteredAt if date_millis(&value).is_none() => {
                Some("a date such as 2018-06-18 or 2018-06-18T22:28:28Z")
            }
            Field::RunningTasksCount if value.parse::<u64>().is_err() => {
                Some("a whole number such as 1")
            }
            _ => None,
        };
        match expected {
            Some(expected) => Err(ParseError::InvalidArgument {
                position,
                subject: field.to_string(),
                expected,
                found: value,
            }),
            None => Ok(value),
        }
    }

    fn list(&mut self, field: &Field) -> Result<Vec<String>, ParseError> {
        let open = self.take(EXPECTED_LIST)?;
        if !open.is_symbol("[") {
            return Err(open.unexpected(EXPECTED_LIST));
        }
        let mut values = vec![self.argument(field, Comparison::Equals)?];
        loop {
            let token = self.take("`,` or `]`")?;
            if token.is_symbol("]") {
                return Ok(values);
            }
            if !token.is_symbol(",") {
                return Err(token.unexpected("`,` or `]`"));
            }
            values.push(self.argument(field, Comparison::Equals)?);
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Operator {
    Exists,
    NotExists,
    In,
    NotIn,
    Compare(Comparison),
}

/// The operators the guide lists for each subject, and how to name them in an error.
fn allowed_operators(field: &Field) -> (fn(Operator) -> bool, &'static str) {
    match field {
        Field::Attribute(_) => (|_| true, "every operator"),
        Field::TaskGroup => (
            |operator| !matches!(operator, Operator::Compare(c) if c.is_ordering()),
            "==, !=, in, !in, =~, !~, exists and !exists",
        ),
        Field::AgentConnected | Field::Ec2InstanceId => (
            |operator| match operator {
                Operator::In | Operator::NotIn => true,
                Operator::Compare(comparison) => !comparison.is_ordering(),
                Operator::Exists | Operator::NotExists => false,
            },
            "==, !=, in, !in, =~ and !~",
        ),
        Field::AgentVersion | Field::RegisteredAt | Field::RunningTasksCount => (
            |operator| matches!(operator, Operator::Compare(c) if !matches!(c, Comparison::Matches | Comparison::NotMatches)),
            "==, !=, >, >=, < and <=",
        ),
    }
}

fn field(token: &Token) -> Result<Field, ParseError> {
    let Kind::Word(word) = &token.kind else {
        return Err(token.unexpected(EXPECTED_SUBJECT));
    };
    if let Some(name) = word.strip_prefix("attribute:") {
        if !is_attribute_name(name) {
            return Err(ParseError::InvalidAttributeName {
                position: token.position,
                name: name.to_string(),
            });
        }
        return Ok(Field::Attribute(name.to_string()));
    }
    match word.as_str() {
        "task:group" => Ok(Field::TaskGroup),
        "agentConnected" => Ok(Field::AgentConnected),
        "agentVersion" => Ok(Field::AgentVersion),
        "ec2InstanceId" => Ok(Field::Ec2InstanceId),
        "registeredAt" => Ok(Field::RegisteredAt),
        "runningTasksCount" => Ok(Field::RunningTasksCount),
        _ => Err(ParseError::UnknownSubject {
            position: token.position,
            found: word.clone(),
        }),
    }
}

/// Attribute names per the AWS guide (Custom attributes): 1 to 128 letters, digits, `-`, `_`, `/`, `\`, `.`.
fn is_attribute_name(name: &str) -> bool {
    (1..=128).contains(&name.chars().count())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_/\\.".contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attribute(name: &str, test: Test) -> Expr {
        Expr::Condition {
            field: Field::Attribute(name.to_string()),
            test,
        }
    }

    fn equals(name: &str, value: &str) -> Expr {
        attribute(name, Test::Compare(Comparison::Equals, value.to_string()))
    }

    #[test]
    fn parses_the_guide_examples() {
        assert_eq!(
            parse_expression("attribute:ecs.instance-type == g2.2xlarge"),
            Ok(equals("ecs.instance-type", "g2.2xlarge"))
        );
        assert_eq!(
            parse_expression("attribute:ecs.instance-type in [t2.small, t2.medium]"),
            Ok(attribute(
                "ecs.instance-type",
                Test::In(vec!["t2.small".into(), "t2.medium".into()])
            ))
        );
        assert_eq!(
            parse_expression(
                "attribute:ecs.instance-type =~ t2.* and attribute:ecs.availability-zone == us-east-1a"
            ),
            Ok(Expr::And(vec![
                attribute(
                    "ecs.instance-type",
                    Test::Compare(Comparison::Matches, "t2.*".into())
                ),
                equals("ecs.availability-zone", "us-east-1a")
            ]))
        );
        assert_eq!(
            parse_expression("task:group == databases"),
            Ok(Expr::Condition {
                field: Field::TaskGroup,
                test: Test::Compare(Comparison::Equals, "databases".into())
            })
        );
        assert_eq!(
            parse_expression("ec2InstanceId in ['i-abcd1234', 'i-wxyx7890']"),
            Ok(Expr::Condition {
                field: Field::Ec2InstanceId,
                test: Test::In(vec!["i-abcd1234".into(), "i-wxyx7890".into()])
            })
        );
        for text in [
            "not(task:group == database)",
            "runningTasksCount == 1",
            "agentVersion < 1.14.5",
            "registeredAt < 2018-02-13",
        ] {
            assert!(parse_expression(text).is_ok(), "{text}");
        }
    }

    #[test]
    fn and_binds_tighter_than_or_and_parentheses_override() {
        let loose = parse_expression("attribute:a == 1 or attribute:b == 2 and attribute:c == 3");
        assert_eq!(
            loose,
            Ok(Expr::Or(vec![
                equals("a", "1"),
                Expr::And(vec![equals("b", "2"), equals("c", "3")])
            ]))
        );
        let grouped =
            parse_expression("(attribute:a == 1 || attribute:b == 2) && attribute:c == 3");
        assert_eq!(
            grouped,
            Ok(Expr::And(vec![
                Expr::Or(vec![equals("a", "1"), equals("b", "2")]),
                equals("c", "3")
            ]))
        );
    }

    #[test]
    fn word_and_symbol_operators_are_the_same() {
        for (a, b) in [
            ("attribute:x not_exists", "attribute:x !exists"),
            ("attribute:x not_in [a]", "attribute:x !in [a]"),
            ("attribute:x not_matches a.*", "attribute:x !~ a.*"),
            ("not attribute:x exists", "!attribute:x exists"),
            ("attribute:x equals a", "attribute:x==a"),
            ("agentVersion greater_than_equal 1.2", "agentVersion >= 1.2"),
            ("attribute:x == 'a'", "attribute:x == \"a\""),
        ] {
            assert_eq!(parse_expression(a), parse_expression(b), "{a} vs {b}");
            assert!(parse_expression(a).is_ok(), "{a}");
        }
    }

    #[test]
    fn reports_obvious_mistakes_with_positions() {
        assert_eq!(parse_expression("  "), Err(ParseError::Empty));
        assert_eq!(
            parse_expression("attribute:stack = prod"),
            Err(ParseError::UnexpectedCharacter {
                position: 17,
                found: '='
            })
        );
        assert_eq!(
            parse_expression("stack == prod"),
            Err(ParseError::UnknownSubject {
                position: 1,
                found: "stack".into()
            })
        );
        assert_eq!(
            parse_expression("attribute:stack =="),
            Err(ParseError::UnexpectedEnd {
                expected: EXPECTED_VALUE
            })
        );
        assert!(matches!(
            parse_expression("attribute:a == 1 attribute:b == 2"),
            Err(ParseError::Unexpected { position: 18, .. })
        ));
        assert!(matches!(
            parse_expression("(attribute:a exists"),
            Err(ParseError::UnexpectedEnd { .. })
        ));
        assert!(matches!(
            parse_expression("attribute: == a"),
            Err(ParseError::InvalidAttributeName { .. })
        ));
        assert!(matches!(
            parse_expression("attribute:a in []"),
            Err(ParseError::Unexpected { .. })
        ));
        assert_eq!(
            parse_expression("attribute:a == 'open"),
            Err(ParseError::UnclosedQuote { position: 16 })
        );
        assert!(matches!(
            parse_expression("agentConnected > true"),
            Err(ParseError::OperatorNotAllowed { position: 16, .. })
        ));
        assert!(matches!(
            parse_expression("runningTasksCount == many"),
            Err(ParseError::InvalidArgument { position: 22, .. })
        ));
        assert!(matches!(
            parse_expression("attribute:a =~ 'x('"),
            Err(ParseError::InvalidPattern { position: 16, .. })
        ));
        assert!(matches!(
            parse_expression(&"(".repeat(500)),
            Err(ParseError::TooDeep { .. })
        ));
        assert!(matches!(
            parse_expression(&"not ".repeat(400)),
            Err(ParseError::TooDeep { .. })
        ));
    }

    #[test]
    fn the_length_cap_comes_before_anything_else() {
        let clause = "attribute:a == 1";
        let at_cap = format!(
            "{clause}{}",
            " ".repeat(MAX_EXPRESSION_CHARS - clause.len())
        );
        assert!(parse_expression(&at_cap).is_ok());
        let over = format!("{at_cap} ");
        assert_eq!(
            parse_expression(&over),
            Err(ParseError::TooLong {
                length: MAX_EXPRESSION_CHARS + 1
            })
        );
        let hostile = "((((".repeat(100_000);
        assert!(matches!(
            parse_expression(&hostile),
            Err(ParseError::TooLong { .. })
        ));
    }

    #[test]
    fn long_chains_stay_flat() {
        let chain = vec!["task:group==a"; 130].join("&&");
        assert!(chain.chars().count() <= MAX_EXPRESSION_CHARS);
        let Ok(Expr::And(operands)) = parse_expression(&chain) else {
            panic!("a chain of and is one And");
        };
        assert_eq!(operands.len(), 130);
    }

    #[test]
    fn names_the_attributes_used() {
        let expr = parse_expression(
            "attribute:stack == prod and not (attribute:ecs.os-type exists or task:group == a or attribute:stack != b)",
        )
        .unwrap();
        assert_eq!(
            expr.attribute_names().into_iter().collect::<Vec<_>>(),
            vec!["ecs.os-type".to_string(), "stack".to_string()]
        );
    }

    #[test]
    fn evaluates_what_is_known_and_no_more() {
        let host = Candidate::with_attributes(
            [
                ("ecs.os-type".to_string(), Some("linux".to_string())),
                ("stack".to_string(), Some("prod".to_string())),
                ("gpu".to_string(), None),
            ]
            .into(),
        );
        let check = |text: &str| parse_expression(text).unwrap().evaluate(&host);
        assert_eq!(check("attribute:stack == prod"), Some(true));
        assert_eq!(check("attribute:stack != prod"), Some(false));
        assert_eq!(check("attribute:stack in [dev, prod]"), Some(true));
        assert_eq!(check("attribute:stack !in [dev, prod]"), Some(false));
        assert_eq!(check("attribute:gpu exists"), Some(true));
        assert_eq!(check("attribute:zone exists"), Some(false));
        assert_eq!(check("attribute:zone !exists"), Some(true));
        assert_eq!(check("attribute:zone != a"), Some(false));
        assert_eq!(check("attribute:ecs.os-type =~ lin.*"), Some(true));
        assert_eq!(check("attribute:ecs.os-type !~ win.*"), Some(true));
        assert_eq!(check("attribute:ecs.os-type =~ '(?i)LINUX'"), None);
        assert_eq!(check("task:group == a"), None);
        assert_eq!(
            check("task:group == a and attribute:stack == dev"),
            Some(false)
        );
        assert_eq!(
            check("task:group == a or attribute:stack == prod"),
            Some(true)
        );
        assert_eq!(check("not (attribute:stack == prod)"), Some(false));
        assert_eq!(check("attribute:stack > a"), None);
    }

    #[test]
    fn display_round_trips() {
        for text in [
            "attribute:a == 1 or attribute:b == 2 and attribute:c == 3",
            "(attribute:a == 1 or attribute:b exists) and not attribute:c !in [x, y]",
            "(attribute:a == 1 and attribute:b == 2) and attribute:c == 3",
            "task:group == service:web",
            "attribute:site == 'Berlin Mitte' and ec2InstanceId in ['i-1', \"it's\"]",
            "attribute:ecs.os-family =~ 'WINDOWS_SERVER_(2019|2022)_.*'",
        ] {
            let expr = parse_expression(text).unwrap();
            assert_eq!(parse_expression(&expr.to_string()), Ok(expr), "{text}");
        }
        assert_eq!(quote_value("Berlin Mitte"), "'Berlin Mitte'");
        assert_eq!(quote_value("munich"), "munich");
        assert_eq!(quote_value(""), "''");
    }
}
