//! The search query language.
//!
//! ```text
//! query   := or
//! or      := and ("OR" and)*
//! and     := unary (["AND"] unary)*        -- juxtaposition is AND
//! unary   := ("NOT" | "-") unary | near
//! near    := primary [("NEAR" | "NEAR/n") primary]
//! primary := term | "quoted phrase" | “quoted phrase” | "(" or ")"
//! ```
//!
//! * Operators are upper-case words (`AND`, `OR`, `NOT`, `NEAR`, `NEAR/5`);
//!   lower-case `and` is an ordinary term. Quote an operator to search it.
//! * A term runs until whitespace, a parenthesis or a quote. `-` negates only
//!   at the start of a term (`-公安`), so `COVID-19` is one term.
//! * Both ASCII quotes `"…"` and Chinese quotes `“…”` delimit phrases; inside
//!   a phrase every character is literal.
//! * `a NEAR/n b`: an occurrence of `a` and one of `b` at most `n` characters
//!   apart (the gap between the end of one and the start of the other;
//!   overlapping occurrences have gap 0). `NEAR` alone means
//!   `NEAR/`[`DEFAULT_NEAR`]. Operands must be terms or phrases.
//!
//! Precedence, tightest first: `NEAR`, `NOT`/`-`, `AND`, `OR`.

use std::fmt;

use super::SearchError;
use super::text::Pattern;

/// Distance used by a bare `NEAR`.
pub const DEFAULT_NEAR: usize = 10;

/// A parsed boolean expression; terms refer to [`Query::patterns`] by index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expr {
    /// A term or phrase: `patterns[i]`.
    Term(usize),
    /// All sub-expressions must match.
    And(Vec<Expr>),
    /// At least one sub-expression must match.
    Or(Vec<Expr>),
    /// The sub-expression must not match.
    Not(Box<Expr>),
    /// An occurrence of `patterns[left]` within `distance` characters of one
    /// of `patterns[right]`.
    Near {
        /// Left operand pattern index.
        left: usize,
        /// Right operand pattern index.
        right: usize,
        /// Maximum gap in code points.
        distance: usize,
    },
}

/// A parsed query: distinct patterns plus the expression over them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    /// Distinct patterns (deduplicated by case-folded text).
    pub patterns: Vec<Pattern>,
    /// The boolean expression.
    pub expr: Expr,
}

impl Query {
    /// Indices of patterns that occur outside any `NOT` (their occurrences
    /// become hits).
    pub fn positive_patterns(&self) -> Vec<usize> {
        fn walk(e: &Expr, out: &mut Vec<usize>) {
            match e {
                Expr::Term(i) => out.push(*i),
                Expr::Near { left, right, .. } => out.extend([*left, *right]),
                Expr::And(xs) | Expr::Or(xs) => xs.iter().for_each(|x| walk(x, out)),
                Expr::Not(_) => {}
            }
        }
        let mut out = Vec::new();
        walk(&self.expr, &mut out);
        out.sort_unstable();
        out.dedup();
        out
    }

    fn fmt_expr(&self, e: &Expr, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let list = |name: &str, xs: &[Expr], f: &mut fmt::Formatter<'_>| -> fmt::Result {
            write!(f, "{name}(")?;
            for (i, x) in xs.iter().enumerate() {
                if i > 0 {
                    write!(f, ", ")?;
                }
                self.fmt_expr(x, f)?;
            }
            write!(f, ")")
        };
        match e {
            Expr::Term(i) => write!(f, "{:?}", self.patterns[*i].text),
            Expr::And(xs) => list("AND", xs, f),
            Expr::Or(xs) => list("OR", xs, f),
            Expr::Not(x) => {
                write!(f, "NOT(")?;
                self.fmt_expr(x, f)?;
                write!(f, ")")
            }
            Expr::Near {
                left,
                right,
                distance,
            } => write!(
                f,
                "NEAR/{distance}({:?}, {:?})",
                self.patterns[*left].text, self.patterns[*right].text
            ),
        }
    }
}

/// Compact form used in tests and logs, e.g. `AND("a", NOT("b"))`.
impl fmt::Display for Query {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.fmt_expr(&self.expr, f)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    Word(String),
    Phrase(String),
    LParen,
    RParen,
    And,
    Or,
    Not,
    Near(usize),
}

fn err(msg: String) -> SearchError {
    SearchError::Query(msg)
}

/// Splits the input into tokens with their code-point positions (1-based in
/// messages).
fn lex(input: &str) -> Result<Vec<(Tok, usize)>, SearchError> {
    let chars: Vec<char> = input.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let pos = i;
        match c {
            _ if c.is_whitespace() => i += 1,
            '(' => {
                out.push((Tok::LParen, pos));
                i += 1;
            }
            ')' => {
                out.push((Tok::RParen, pos));
                i += 1;
            }
            '"' | '“' => {
                let close = if c == '"' { '"' } else { '”' };
                let len = chars[i + 1..]
                    .iter()
                    .position(|&x| x == close)
                    .ok_or_else(|| {
                        err(format!(
                            "unterminated quote {c} at position {}: add the closing {close}",
                            pos + 1
                        ))
                    })?;
                let phrase: String = chars[i + 1..i + 1 + len].iter().collect();
                if phrase.trim().is_empty() {
                    return Err(err(format!("empty quoted phrase at position {}", pos + 1)));
                }
                out.push((Tok::Phrase(phrase), pos));
                i += len + 2;
            }
            '-' if chars
                .get(i + 1)
                .is_some_and(|&n| !n.is_whitespace() && n != ')') =>
            {
                out.push((Tok::Not, pos));
                i += 1;
            }
            _ => {
                let len = chars[i..]
                    .iter()
                    .take_while(|&&x| !x.is_whitespace() && !matches!(x, '(' | ')' | '"' | '“'))
                    .count();
                let word: String = chars[i..i + len].iter().collect();
                i += len;
                let tok = match word.as_str() {
                    "AND" => Tok::And,
                    "OR" => Tok::Or,
                    "NOT" => Tok::Not,
                    "NEAR" => Tok::Near(DEFAULT_NEAR),
                    w => match w.strip_prefix("NEAR/") {
                        Some(n) => Tok::Near(n.parse().map_err(|_| {
                            err(format!(
                                "invalid NEAR distance {n:?} at position {}: write NEAR/5 (a whole number of characters)",
                                pos + 1
                            ))
                        })?),
                        None => Tok::Word(word),
                    },
                };
                out.push((tok, pos));
            }
        }
    }
    Ok(out)
}

struct Parser {
    toks: Vec<(Tok, usize)>,
    at: usize,
    patterns: Vec<Pattern>,
    input_len: usize,
}

fn describe(t: &Tok) -> String {
    match t {
        Tok::Word(w) => format!("{w:?}"),
        Tok::Phrase(p) => format!("\"{p}\""),
        Tok::LParen => "'('".into(),
        Tok::RParen => "')'".into(),
        Tok::And => "AND".into(),
        Tok::Or => "OR".into(),
        Tok::Not => "NOT".into(),
        Tok::Near(_) => "NEAR".into(),
    }
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.at).map(|t| &t.0)
    }

    fn pos(&self) -> usize {
        self.toks.get(self.at).map_or(self.input_len, |t| t.1) + 1
    }

    fn pattern(&mut self, text: &str) -> usize {
        let p = Pattern::new(text);
        if let Some(i) = self.patterns.iter().position(|q| q.folded == p.folded) {
            return i;
        }
        self.patterns.push(p);
        self.patterns.len() - 1
    }

    fn or(&mut self) -> Result<Expr, SearchError> {
        let mut xs = vec![self.and()?];
        while self.peek() == Some(&Tok::Or) {
            self.at += 1;
            xs.push(self.and()?);
        }
        Ok(if xs.len() == 1 {
            xs.remove(0)
        } else {
            Expr::Or(xs)
        })
    }

    fn and(&mut self) -> Result<Expr, SearchError> {
        let mut xs = vec![self.unary()?];
        loop {
            match self.peek() {
                Some(Tok::And) => {
                    self.at += 1;
                    xs.push(self.unary()?);
                }
                Some(Tok::Word(_) | Tok::Phrase(_) | Tok::LParen | Tok::Not) => {
                    xs.push(self.unary()?)
                }
                _ => break,
            }
        }
        Ok(if xs.len() == 1 {
            xs.remove(0)
        } else {
            Expr::And(xs)
        })
    }

    fn unary(&mut self) -> Result<Expr, SearchError> {
        if self.peek() == Some(&Tok::Not) {
            self.at += 1;
            return Ok(Expr::Not(Box::new(self.unary()?)));
        }
        self.near()
    }

    fn near(&mut self) -> Result<Expr, SearchError> {
        let left_pos = self.pos();
        let left = self.primary()?;
        let Some(&Tok::Near(distance)) = self.peek() else {
            return Ok(left);
        };
        self.at += 1;
        let right_pos = self.pos();
        let right = self.primary()?;
        if matches!(self.peek(), Some(Tok::Near(_))) {
            return Err(err(format!(
                "NEAR cannot be chained (position {}): write (a NEAR b) AND (b NEAR c)",
                self.pos()
            )));
        }
        let operand = |e: Expr, p: usize| match e {
            Expr::Term(i) => Ok(i),
            _ => Err(err(format!(
                "NEAR operand at position {p} must be a single term or a quoted phrase"
            ))),
        };
        Ok(Expr::Near {
            left: operand(left, left_pos)?,
            right: operand(right, right_pos)?,
            distance,
        })
    }

    fn primary(&mut self) -> Result<Expr, SearchError> {
        let pos = self.pos();
        let Some(tok) = self.peek().cloned() else {
            let after = self.at.checked_sub(1).map(|i| describe(&self.toks[i].0));
            return Err(err(match after {
                Some(op) => format!("query ends after {op}: add a term after it"),
                None => "empty query".into(),
            }));
        };
        self.at += 1;
        match tok {
            Tok::Word(w) | Tok::Phrase(w) => Ok(Expr::Term(self.pattern(&w))),
            Tok::LParen => {
                if self.peek() == Some(&Tok::RParen) {
                    return Err(err(format!("empty parentheses at position {pos}")));
                }
                let e = self.or()?;
                if self.peek() != Some(&Tok::RParen) {
                    return Err(err(format!("missing ')' for the '(' at position {pos}")));
                }
                self.at += 1;
                Ok(e)
            }
            Tok::RParen => Err(err(format!("unmatched ')' at position {pos}"))),
            op @ (Tok::And | Tok::Or | Tok::Near(_)) => Err(err(format!(
                "{} at position {pos} needs a term on both sides",
                describe(&op)
            ))),
            Tok::Not => Err(err(format!("misplaced NOT at position {pos}"))),
        }
    }
}

/// Parses a query string.
///
/// # Errors
/// [`SearchError::Query`] with a message naming the position (1-based,
/// in characters) for an empty query, unbalanced parentheses or quotes,
/// an operator missing an operand, a bad `NEAR/n`, a `NEAR` over a
/// non-term, or a query whose terms are all negated.
pub fn parse_query(input: &str) -> Result<Query, SearchError> {
    let toks = lex(input)?;
    if toks.is_empty() {
        return Err(err("empty query: type a word or phrase".into()));
    }
    let mut p = Parser {
        toks,
        at: 0,
        patterns: Vec::new(),
        input_len: input.chars().count(),
    };
    let expr = p.or()?;
    if let Some((tok, pos)) = p.toks.get(p.at) {
        return Err(err(match tok {
            Tok::RParen => format!("unmatched ')' at position {}", pos + 1),
            t => format!("unexpected {} at position {}", describe(t), pos + 1),
        }));
    }
    let query = Query {
        patterns: p.patterns,
        expr,
    };
    if query.positive_patterns().is_empty() {
        return Err(err(
            "every term is negated: add at least one term without NOT or '-'".into(),
        ));
    }
    Ok(query)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> String {
        match parse_query(s) {
            Ok(q) => q.to_string(),
            Err(e) => panic!("{s:?} failed: {e}"),
        }
    }

    fn e(s: &str) -> String {
        match parse_query(s) {
            Ok(q) => panic!("{s:?} should fail, parsed as {q}"),
            Err(SearchError::Query(m)) => m,
            Err(other) => panic!("wrong error kind {other:?}"),
        }
    }

    #[test]
    fn parses_every_form() {
        assert_eq!(p("应急"), r#""应急""#);
        assert_eq!(p("  应急 管理 "), r#"AND("应急", "管理")"#);
        assert_eq!(p("a AND b"), r#"AND("a", "b")"#);
        assert_eq!(p("a OR b c"), r#"OR("a", AND("b", "c"))"#);
        assert_eq!(p("a NOT b"), r#"AND("a", NOT("b"))"#);
        assert_eq!(p("a -b -\"c d\""), r#"AND("a", NOT("b"), NOT("c d"))"#);
        assert_eq!(p("(a OR b) c"), r#"AND(OR("a", "b"), "c")"#);
        assert_eq!(p("\"应急 管理\""), r#""应急 管理""#);
        assert_eq!(p("“数据共享” OR 借力"), r#"OR("数据共享", "借力")"#);
        assert_eq!(p("\"AND\" or"), r#"AND("AND", "or")"#);
        assert_eq!(p("COVID-19 - x"), r#"AND("COVID-19", "-", "x")"#);
        assert_eq!(p("a NEAR/5 \"b c\""), r#"NEAR/5("a", "b c")"#);
        assert_eq!(p("a NEAR b"), format!(r#"NEAR/{DEFAULT_NEAR}("a", "b")"#));
        assert_eq!(p("NOT a NEAR/3 b c"), r#"AND(NOT(NEAR/3("a", "b")), "c")"#);
        assert_eq!(p("((a))"), r#""a""#);
        assert_eq!(p("他说\"你好\""), r#"AND("他说", "你好")"#);
    }

    #[test]
    fn patterns_are_deduplicated_case_insensitively() {
        let q = parse_query("GIS gis \"Gis\"").unwrap();
        assert_eq!(q.patterns.len(), 1);
        assert_eq!(q.positive_patterns(), vec![0]);
        let q = parse_query("a -b (c OR NOT d)").unwrap();
        let texts: Vec<&str> = q
            .positive_patterns()
            .into_iter()
            .map(|i| q.patterns[i].text.as_str())
            .collect();
        assert_eq!(texts, vec!["a", "c"]);
    }

    #[test]
    fn reports_every_error() {
        assert!(e("").contains("empty query"));
        assert!(e("   ").contains("empty query"));
        assert!(e("(a OR b").contains("missing ')'"));
        assert!(e("a)").contains("unmatched ')' at position 2"));
        assert!(e(")").contains("unmatched ')'"));
        assert!(e("()").contains("empty parentheses"));
        assert!(e("\"abc").contains("unterminated quote"));
        assert!(e("“数据").contains("unterminated quote"));
        assert!(e("\"  \"").contains("empty quoted phrase"));
        assert!(e("a AND").contains("ends after AND"));
        assert!(e("a OR").contains("ends after OR"));
        assert!(e("NOT").contains("ends after NOT"));
        assert!(e("OR a").contains("OR at position 1 needs a term"));
        assert!(e("a AND OR b").contains("OR at position 7"));
        assert!(e("NEAR a").contains("NEAR at position 1"));
        assert!(e("a NEAR/x b").contains("invalid NEAR distance"));
        assert!(e("a NEAR/-1 b").contains("invalid NEAR distance"));
        assert!(e("(a OR b) NEAR c").contains("NEAR operand at position 1"));
        assert!(e("a NEAR (b c)").contains("NEAR operand at position 8"));
        assert!(e("a NEAR b NEAR c").contains("cannot be chained"));
        assert!(e("NOT a").contains("every term is negated"));
        assert!(e("-a -b").contains("every term is negated"));
    }
}
