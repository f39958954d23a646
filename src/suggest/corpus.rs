//! The segments a model learns from and scores: every document cut into sentences or
//! paragraphs (trimmed, at least two content characters), each with its feature vector and
//! its content words; which segments each code's codings overlap.

use super::features::{self, Sparse};
use crate::search::{Segmenter, Token};
use crate::text::{CharIndex, paragraphs, sentences};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap};

/// What a suggestion is: a sentence or a paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    /// Sentences (split after 。！？；and line breaks).
    #[default]
    Sentence,
    /// Paragraphs (lines).
    Paragraph,
}

impl Scope {
    /// `sentence` or `paragraph`.
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Sentence => "sentence",
            Scope::Paragraph => "paragraph",
        }
    }

    /// Parses `sentence` or `paragraph`.
    pub fn parse(s: &str) -> Option<Scope> {
        match s {
            "sentence" => Some(Scope::Sentence),
            "paragraph" => Some(Scope::Paragraph),
            _ => None,
        }
    }
}

/// One segment of a document.
#[derive(Debug, Clone)]
pub struct Segment {
    /// The document's id.
    pub doc_id: i64,
    /// Start, in code points.
    pub start: usize,
    /// End (exclusive), in code points.
    pub end: usize,
    /// Feature vector.
    pub x: Sparse,
    /// Content words, as ids into [`Corpus::vocab`], sorted and unique.
    pub words: Vec<u32>,
}

/// A coding as the corpus needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    /// The code's id.
    pub code_id: i64,
    /// The document's id.
    pub doc_id: i64,
    /// Start, in code points.
    pub start: usize,
    /// End (exclusive), in code points.
    pub end: usize,
}

/// Progress of a long step: `done` of `total` (documents or models).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// What runs: `segmenting`, `training`, `scoring` or `evaluating`.
    pub stage: &'static str,
    /// Units done.
    pub done: usize,
    /// Units in all.
    pub total: usize,
}

/// Every document's segments, with the codings.
pub struct Corpus {
    /// Segments, ordered by document id and start.
    pub segments: Vec<Segment>,
    /// The scope the documents were cut by.
    pub scope: Scope,
    /// Content words by id.
    pub vocab: Vec<String>,
    /// Documents with at least one coding (of any code): their uncoded segments are negatives.
    pub coded_docs: BTreeSet<i64>,
    docs: HashMap<i64, (String, String)>,
    codings: HashMap<(i64, i64), Vec<(usize, usize)>>,
    segmenter: Segmenter,
}

impl std::fmt::Debug for Corpus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Corpus")
            .field("segments", &self.segments.len())
            .field("scope", &self.scope)
            .finish_non_exhaustive()
    }
}

/// Trims white space from `[start, end)` of `chars`; `None` when fewer than two content
/// characters remain.
fn trimmed(chars: &[char], start: usize, end: usize) -> Option<(usize, usize)> {
    let mut s = start;
    let mut e = end;
    while s < e && chars[s].is_whitespace() {
        s += 1;
    }
    while e > s && chars[e - 1].is_whitespace() {
        e -= 1;
    }
    let content = chars[s..e]
        .iter()
        .filter(|c| features::is_content(**c))
        .count();
    (content >= 2).then_some((s, e))
}

impl Corpus {
    /// Cuts `docs` (`(id, name, text)`) into segments with `segmenter`; `codings` give the labels.
    pub fn build(
        docs: Vec<(i64, String, String)>,
        codings: &[Span],
        segmenter: Segmenter,
        scope: Scope,
        progress: &mut dyn FnMut(Progress),
    ) -> Corpus {
        let mut vocab: Vec<String> = Vec::new();
        let mut ids: HashMap<String, u32> = HashMap::new();
        let mut segments = Vec::new();
        let total = docs.len();
        let mut sorted = docs;
        sorted.sort_by_key(|d| d.0);
        for (done, (doc_id, _name, text)) in sorted.iter().enumerate() {
            let chars: Vec<char> = text.chars().collect();
            let index = CharIndex::new(text);
            let tokens = segmenter.tokens(text);
            let ranges = match scope {
                Scope::Sentence => sentences(text),
                Scope::Paragraph => paragraphs(text),
            };
            let mut t = 0;
            for (s, e) in ranges {
                let Some((s, e)) = trimmed(&chars, s, e) else {
                    continue;
                };
                while t < tokens.len() && tokens[t].start < s {
                    t += 1;
                }
                let first = t;
                while t < tokens.len() && tokens[t].end <= e {
                    t += 1;
                }
                let words = features::content_words(&tokens[first..t]);
                let x = features::vector(&text[index.byte(s)..index.byte(e)], &words);
                let mut word_ids: Vec<u32> = words
                    .into_iter()
                    .map(|w| {
                        *ids.entry(w).or_insert_with_key(|w| {
                            vocab.push(w.clone());
                            (vocab.len() - 1) as u32
                        })
                    })
                    .collect();
                word_ids.sort_unstable();
                word_ids.dedup();
                segments.push(Segment {
                    doc_id: *doc_id,
                    start: s,
                    end: e,
                    x,
                    words: word_ids,
                });
            }
            progress(Progress {
                stage: "segmenting",
                done: done + 1,
                total,
            });
        }
        let mut by_key: HashMap<(i64, i64), Vec<(usize, usize)>> = HashMap::new();
        let mut coded_docs = BTreeSet::new();
        for c in codings {
            by_key
                .entry((c.code_id, c.doc_id))
                .or_default()
                .push((c.start, c.end));
            coded_docs.insert(c.doc_id);
        }
        Corpus {
            segments,
            scope,
            vocab,
            coded_docs,
            docs: sorted
                .into_iter()
                .map(|(id, name, text)| (id, (name, text)))
                .collect(),
            codings: by_key,
            segmenter,
        }
    }

    /// Whether segment `i` overlaps a coding of `code_id`.
    pub fn is_coded(&self, i: usize, code_id: i64) -> bool {
        let s = &self.segments[i];
        self.codings
            .get(&(code_id, s.doc_id))
            .is_some_and(|spans| spans.iter().any(|&(a, b)| a < s.end && s.start < b))
    }

    /// The document's name.
    pub fn doc_name(&self, doc_id: i64) -> &str {
        self.docs.get(&doc_id).map_or("", |d| d.0.as_str())
    }

    /// Characters `[start, end)` of a document (empty when out of range or unknown).
    pub fn text(&self, doc_id: i64, start: usize, end: usize) -> String {
        self.docs
            .get(&doc_id)
            .map(|(_, text)| {
                text.chars()
                    .skip(start)
                    .take(end.saturating_sub(start))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The feature vector of any text (a rejected range cut differently from the segments).
    pub fn vector_of(&self, text: &str) -> Sparse {
        let tokens: Vec<Token> = self.segmenter.tokens(text);
        features::vector(text, &features::content_words(&tokens))
    }

    /// Codings counted per code: `(code_id, segments coded, documents with such segments)`.
    pub fn coded_counts(&self, code_id: i64) -> (usize, usize) {
        let mut segs = 0;
        let mut docs = BTreeSet::new();
        for i in 0..self.segments.len() {
            if self.is_coded(i, code_id) {
                segs += 1;
                docs.insert(self.segments[i].doc_id);
            }
        }
        (segs, docs.len())
    }
}
