//! tantivy tokenizers: jieba words (BM25 ranking) and character n-grams
//! (exhaustive substring candidate lookup).
//!
//! Both emit **byte** offsets, as tantivy requires, and case-fold with
//! [`fold_char`](super::text::fold_char).

use std::sync::Arc;

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

use super::segment::Segmenter;
use super::text::{fold_char, is_gram_char, is_word_char};

/// Name under which [`JiebaTokenizer`] is registered in the index.
pub const JIEBA_TOKENIZER: &str = "qcw_jieba";
/// Name under which [`CharNgramTokenizer`] is registered in the index.
pub const NGRAM_TOKENIZER: &str = "qcw_char_ngram";

/// Word tokenizer for BM25 ranking: jieba words, lower-cased, whitespace and
/// punctuation-only words dropped; positions are consecutive word numbers.
#[derive(Clone)]
pub struct JiebaTokenizer {
    segmenter: Arc<Segmenter>,
}

impl JiebaTokenizer {
    /// Creates a tokenizer sharing `segmenter`'s dictionary.
    pub fn new(segmenter: Arc<Segmenter>) -> JiebaTokenizer {
        JiebaTokenizer { segmenter }
    }
}

/// Token stream of [`JiebaTokenizer`] (pre-segmented, then replayed).
pub struct JiebaTokenStream {
    words: std::vec::IntoIter<(usize, usize, String)>,
    position: usize,
    token: Token,
}

impl Tokenizer for JiebaTokenizer {
    type TokenStream<'a> = JiebaTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> JiebaTokenStream {
        JiebaTokenStream {
            words: self.segmenter.index_words(text).into_iter(),
            position: 0,
            token: Token::default(),
        }
    }
}

impl TokenStream for JiebaTokenStream {
    fn advance(&mut self) -> bool {
        let Some((from, to, text)) = self.words.next() else {
            return false;
        };
        self.token = Token {
            offset_from: from,
            offset_to: to,
            position: self.position,
            text,
            position_length: 1,
        };
        self.position += 1;
        true
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

/// Character n-gram tokenizer for exhaustive substring search.
///
/// * every non-whitespace, non-word character `c` at code point `i`
///   (CJK, punctuation, symbols) yields the unigram `c` at **position `i`**,
///   and, when the next character is also such a character, the bigram `c c'`
///   at position `i` too;
/// * every maximal run of [word characters](super::text::is_word_char)
///   (Latin letters, digits, …) yields one lower-cased word at the position
///   of its first character;
/// * whitespace yields nothing.
///
/// Because the token position *is* the code-point offset, a phrase query over
/// a pattern's bigrams at their relative offsets finds exactly the documents
/// that contain the pattern (see the module docs).
#[derive(Clone, Copy, Debug, Default)]
pub struct CharNgramTokenizer;

/// Token stream of [`CharNgramTokenizer`].
pub struct CharNgramTokenStream<'a> {
    text: &'a str,
    byte: usize,
    char_pos: usize,
    /// `(byte offset, code-point offset)` of a unigram just emitted whose
    /// bigram with the following character is still to be emitted.
    pending_bigram: Option<(usize, usize)>,
    token: Token,
}

impl Tokenizer for CharNgramTokenizer {
    type TokenStream<'a> = CharNgramTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> CharNgramTokenStream<'a> {
        CharNgramTokenStream {
            text,
            byte: 0,
            char_pos: 0,
            pending_bigram: None,
            token: Token::default(),
        }
    }
}

impl CharNgramTokenStream<'_> {
    fn set(&mut self, from: usize, to: usize, position: usize) {
        self.token.offset_from = from;
        self.token.offset_to = to;
        self.token.position = position;
        self.token.position_length = 1;
    }
}

impl TokenStream for CharNgramTokenStream<'_> {
    fn advance(&mut self) -> bool {
        let text = self.text;
        if let Some((from, pos)) = self.pending_bigram.take() {
            let mut chars = text[from..].chars();
            if let (Some(a), Some(b)) = (chars.next(), chars.next()) {
                self.token.text.clear();
                self.token.text.push(fold_char(a));
                self.token.text.push(fold_char(b));
                self.set(from, from + a.len_utf8() + b.len_utf8(), pos);
                return true;
            }
        }
        while let Some(c) = text[self.byte..].chars().next() {
            let (from, pos) = (self.byte, self.char_pos);
            if c.is_whitespace() {
                self.byte += c.len_utf8();
                self.char_pos += 1;
                continue;
            }
            self.token.text.clear();
            if is_word_char(c) {
                for w in text[from..].chars().take_while(|&w| is_word_char(w)) {
                    self.token.text.push(fold_char(w));
                    self.byte += w.len_utf8();
                    self.char_pos += 1;
                }
                self.set(from, self.byte, pos);
                return true;
            }
            self.byte += c.len_utf8();
            self.char_pos += 1;
            self.token.text.push(fold_char(c));
            self.set(from, self.byte, pos);
            if text[self.byte..].chars().next().is_some_and(is_gram_char) {
                self.pending_bigram = Some((from, pos));
            }
            return true;
        }
        false
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

/// The n-gram terms a document must contain, at relative positions, for it
/// to contain `pattern` (already case-folded): the pattern's words, and for
/// each run of gram characters a set of bigrams covering every character
/// (every second bigram plus the last one), or the unigram for a run of one.
///
/// Offsets are relative to the first term (the first is always 0).
pub fn pattern_terms(pattern: &str) -> Vec<(usize, String)> {
    let chars: Vec<char> = pattern.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if is_word_char(c) {
            let run = chars[i..].iter().take_while(|&&w| is_word_char(w)).count();
            out.push((i, chars[i..i + run].iter().map(|&w| fold_char(w)).collect()));
            i += run;
        } else {
            let run = chars[i..].iter().take_while(|&&g| is_gram_char(g)).count();
            if run == 1 {
                out.push((i, fold_char(c).to_string()));
            } else {
                let bigram = |k: usize| {
                    (
                        k,
                        [fold_char(chars[k]), fold_char(chars[k + 1])]
                            .iter()
                            .collect(),
                    )
                };
                let mut k = i;
                while k + 1 < i + run {
                    out.push(bigram(k));
                    k += 2;
                }
                if run % 2 == 1 {
                    out.push(bigram(i + run - 2));
                }
            }
            i += run;
        }
    }
    let first = out.first().map_or(0, |t| t.0);
    out.into_iter().map(|(p, t)| (p - first, t)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn collect<T: Tokenizer>(mut tok: T, text: &str) -> Vec<(String, usize, usize, usize)> {
        let mut stream = tok.token_stream(text);
        let mut out = Vec::new();
        while let Some(t) = stream.next() {
            assert_eq!(
                fold_char_str(&text[t.offset_from..t.offset_to]),
                t.text,
                "byte offsets must slice the token text"
            );
            out.push((t.text.clone(), t.offset_from, t.offset_to, t.position));
        }
        out
    }

    fn fold_char_str(s: &str) -> String {
        s.chars().map(fold_char).collect()
    }

    fn row(t: &str, from: usize, to: usize, pos: usize) -> (String, usize, usize, usize) {
        (t.to_owned(), from, to, pos)
    }

    #[test]
    fn ngram_tokens_have_byte_offsets_and_code_point_positions() {
        let toks = collect(CharNgramTokenizer, "应急GIS 用，Ab");
        assert_eq!(
            toks,
            vec![
                row("应", 0, 3, 0),
                row("应急", 0, 6, 0),
                row("急", 3, 6, 1),
                row("gis", 6, 9, 2),
                row("用", 10, 13, 6),
                row("用，", 10, 16, 6),
                row("，", 13, 16, 7),
                row("ab", 16, 18, 8),
            ]
        );
        assert!(collect(CharNgramTokenizer, "").is_empty());
        assert!(collect(CharNgramTokenizer, " \n\t").is_empty());
        assert_eq!(collect(CharNgramTokenizer, "啊"), vec![row("啊", 0, 3, 0)]);
    }

    #[test]
    fn jieba_tokens_have_byte_offsets() {
        let seg = Arc::new(Segmenter::new(&[]));
        let toks = collect(JiebaTokenizer::new(seg), "应急管理局 使用 GIS，效果好");
        let words: Vec<&str> = toks.iter().map(|t| t.0.as_str()).collect();
        assert!(
            words.contains(&"应急管理局") && words.contains(&"gis"),
            "{words:?}"
        );
        assert!(!words.contains(&"，") && !words.contains(&" "));
        let positions: Vec<usize> = toks.iter().map(|t| t.3).collect();
        assert_eq!(positions, (0..toks.len()).collect::<Vec<_>>());
        assert_eq!(toks[0], row("应急管理局", 0, 15, 0));
    }

    #[test]
    fn pattern_terms_cover_every_character() {
        let t = |s: &str| pattern_terms(s);
        assert_eq!(t("应"), vec![(0, "应".into())]);
        assert_eq!(t("应急"), vec![(0, "应急".into())]);
        assert_eq!(t("应急管"), vec![(0, "应急".into()), (1, "急管".into())]);
        assert_eq!(t("应急管理"), vec![(0, "应急".into()), (2, "管理".into())]);
        assert_eq!(t("L型"), vec![(0, "l".into()), (1, "型".into())]);
        assert_eq!(
            t(" Hello World"),
            vec![(0, "hello".into()), (6, "world".into())]
        );
        assert_eq!(
            t("第2条，"),
            vec![(0, "第".into()), (1, "2".into()), (2, "条，".into())]
        );
        assert!(t("  ").is_empty());
    }
}
