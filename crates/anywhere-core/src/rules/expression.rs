//! The cluster query language of `memberOf` placement constraints: parsing, naming the attributes an
//! expression uses, and telling whether a host's attributes satisfy it.
//!
//! Grammar (AWS guide: Cluster query language): `subject operator [argument]`, combined with
//! `and`/`&&`, `or`/`||`, `not`/`!` and parentheses; `and` binds tighter than `or`. A value is a run of
//! characters other than white space and `( ) [ ] , = ! < > & | ~`, so a `matches` pattern cannot hold
//! parentheses or alternation here.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use thiserror::Error;

use super::pattern::full_match;

/// The attributes of one host: name to optional value, as `DescribeContainerInstances` reports them.
pub type HostAttributes = BTreeMap<String, Option<String>>;

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
    Condition { field: Field, test: Test },
    Not(Box<Expr>),
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
}

/// Why an expression does not parse; positions count characters from 1.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum ParseError {
    #[error("the expression is empty")]
    Empty,
    #[error("character {position}: unexpected character `{found}`")]
    UnexpectedCharacter { position: usize, found: char },
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
    #[error("character {position}: parentheses are nested too deeply")]
    TooDeep { position: usize },
}

/// Parses a cluster query language expression such as
/// `attribute:ecs.os-type == linux and attribute:stack in [prod, staging]`.
pub fn parse_expression(text: &str) -> Result<Expr, ParseError> {
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
            Expr::And(left, right) | Expr::Or(left, right) => {
                left.collect_attribute_names(names);
                right.collect_attribute_names(names);
            }
        }
    }

    /// Whether a host with these attributes satisfies the expression. `None` when the attributes
    /// cannot tell: the expression looks at something else (`task:group`, `agentVersion`, ...), orders
    /// attribute values (`>`, `<`), or uses a pattern beyond the supported subset (see [`full_match`]).
    /// A condition on an attribute the host lacks is false, except `not_exists`.
    pub fn matches(&self, attributes: &HostAttributes) -> Option<bool> {
        match self {
            Expr::Condition {
                field: Field::Attribute(name),
                test,
            } => test_attribute(attributes.get(name), test),
            Expr::Condition { .. } => None,
            Expr::Not(inner) => inner.matches(attributes).map(|matched| !matched),
            Expr::And(left, right) => match (left.matches(attributes), right.matches(attributes)) {
                (Some(false), _) | (_, Some(false)) => Some(false),
                (Some(true), Some(true)) => Some(true),
                _ => None,
            },
            Expr::Or(left, right) => match (left.matches(attributes), right.matches(attributes)) {
                (Some(true), _) | (_, Some(true)) => Some(true),
                (Some(false), Some(false)) => Some(false),
                _ => None,
            },
        }
    }
}

fn test_attribute(value: Option<&Option<String>>, test: &Test) -> Option<bool> {
    let Some(value) = value else {
        return Some(matches!(test, Test::NotExists));
    };
    let value = value.as_deref().unwrap_or("");
    match test {
        Test::Exists => Some(true),
        Test::NotExists => Some(false),
        Test::In(list) => Some(list.iter().any(|item| item == value)),
        Test::NotIn(list) => Some(list.iter().all(|item| item != value)),
        Test::Compare(Comparison::Equals, argument) => Some(value == argument),
        Test::Compare(Comparison::NotEquals, argument) => Some(value != argument),
        Test::Compare(Comparison::Matches, pattern) => full_match(pattern, value),
        Test::Compare(Comparison::NotMatches, pattern) => {
            full_match(pattern, value).map(|matched| !matched)
        }
        Test::Compare(_, _) => None,
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
                    write!(f, "{field} {} {value}", comparison.symbol())
                }
                Test::In(list) => write!(f, "{field} in [{}]", list.join(", ")),
                Test::NotIn(list) => write!(f, "{field} !in [{}]", list.join(", ")),
            },
            Expr::Not(inner) => write!(f, "not ({inner})"),
            Expr::And(left, right) => {
                write_operand(f, left)?;
                f.write_str(" and ")?;
                write_operand(f, right)
            }
            Expr::Or(left, right) => {
                write_operand(f, left)?;
                f.write_str(" or ")?;
                write_operand(f, right)
            }
        }
    }
}

fn write_operand(f: &mut fmt::Formatter<'_>, operand: &Expr) -> fmt::Result {
    match operand {
        Expr::And(..) | Expr::Or(..) => write!(f, "({operand})"),
        _ => write!(f, "{operand}"),
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Kind {
    Word(String),
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
            Kind::Word(word) => word,
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
    !c.is_whitespace() && !"()[],=!<>&|~".contains(c)
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

/// Deep enough for any hand-written constraint, shallow enough to never exhaust the stack.
const MAX_DEPTH: usize = 64;

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
        let mut left = self.and()?;
        while self.take_if(|t| t.is_word("or") || t.is_symbol("||")) {
            let right = self.and()?;
            left = Expr::Or(Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn and(&mut self) -> Result<Expr, ParseError> {
        let mut left = self.unary()?;
        while self.take_if(|t| t.is_word("and") || t.is_symbol("&&")) {
            let right = self.unary()?;
            left = Expr::And(Box::new(left), Box::new(right));
        }
        Ok(left)
    }

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
        let test = self.test()?;
        Ok(Expr::Condition { field, test })
    }

    fn test(&mut self) -> Result<Test, ParseError> {
        let token = self.take(EXPECTED_OPERATOR)?;
        let negated = token.is_symbol("!");
        let operator = if negated {
            self.take(EXPECTED_OPERATOR)?
        } else {
            token.clone()
        };
        let comparison = match (negated, operator.text()) {
            (false, "exists") => return Ok(Test::Exists),
            (true, "exists") | (false, "not_exists") => return Ok(Test::NotExists),
            (false, "in") => return Ok(Test::In(self.list()?)),
            (true, "in") | (false, "not_in") => return Ok(Test::NotIn(self.list()?)),
            (false, "==" | "equals") => Comparison::Equals,
            (false, "!=" | "not_equals") => Comparison::NotEquals,
            (false, ">" | "greater_than") => Comparison::GreaterThan,
            (false, ">=" | "greater_than_equal") => Comparison::GreaterThanEqual,
            (false, "<" | "less_than") => Comparison::LessThan,
            (false, "<=" | "less_than_equal") => Comparison::LessThanEqual,
            (false, "=~" | "matches") => Comparison::Matches,
            (false, "!~" | "not_matches") => Comparison::NotMatches,
            _ => return Err(operator.unexpected(EXPECTED_OPERATOR)),
        };
        Ok(Test::Compare(comparison, self.value()?))
    }

    fn value(&mut self) -> Result<String, ParseError> {
        let token = self.take(EXPECTED_VALUE)?;
        match token.kind {
            Kind::Word(word) => Ok(word),
            Kind::Symbol(_) => Err(token.unexpected(EXPECTED_VALUE)),
        }
    }

    fn list(&mut self) -> Result<Vec<String>, ParseError> {
        let open = self.take(EXPECTED_LIST)?;
        if !open.is_symbol("[") {
            return Err(open.unexpected(EXPECTED_LIST));
        }
        let mut values = vec![self.value()?];
        loop {
            let token = self.take("`,` or `]`")?;
            if token.is_symbol("]") {
                return Ok(values);
            }
            if !token.is_symbol(",") {
                return Err(token.unexpected("`,` or `]`"));
            }
            values.push(self.value()?);
        }
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
            Ok(Expr::And(
                Box::new(attribute(
                    "ecs.instance-type",
                    Test::Compare(Comparison::Matches, "t2.*".into())
                )),
                Box::new(equals("ecs.availability-zone", "us-east-1a"))
            ))
        );
        assert_eq!(
            parse_expression("task:group == databases"),
            Ok(Expr::Condition {
                field: Field::TaskGroup,
                test: Test::Compare(Comparison::Equals, "databases".into())
            })
        );
    }

    #[test]
    fn and_binds_tighter_than_or_and_parentheses_override() {
        let loose = parse_expression("attribute:a == 1 or attribute:b == 2 and attribute:c == 3");
        assert_eq!(
            loose,
            Ok(Expr::Or(
                Box::new(equals("a", "1")),
                Box::new(Expr::And(
                    Box::new(equals("b", "2")),
                    Box::new(equals("c", "3"))
                ))
            ))
        );
        let grouped =
            parse_expression("(attribute:a == 1 || attribute:b == 2) && attribute:c == 3");
        assert_eq!(
            grouped,
            Ok(Expr::And(
                Box::new(Expr::Or(
                    Box::new(equals("a", "1")),
                    Box::new(equals("b", "2"))
                )),
                Box::new(equals("c", "3"))
            ))
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
        assert!(matches!(
            parse_expression(&"(".repeat(500)),
            Err(ParseError::TooDeep { .. })
        ));
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
    fn matches_host_attributes() {
        let host: HostAttributes = [
            ("ecs.os-type".to_string(), Some("linux".to_string())),
            ("stack".to_string(), Some("prod".to_string())),
            ("gpu".to_string(), None),
        ]
        .into();
        let check = |text: &str| parse_expression(text).unwrap().matches(&host);
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
            "task:group == service:web",
        ] {
            let expr = parse_expression(text).unwrap();
            assert_eq!(parse_expression(&expr.to_string()), Ok(expr), "{text}");
        }
    }
}
