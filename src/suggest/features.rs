//! Segment features: jieba words (with the project dictionary) and character n-grams (1–3),
//! hashed into a fixed number of dimensions, square-root term counts, L2-normalized. Hashing is
//! FNV-1a over UTF-8, so the same text gives the same vector on every machine.

use crate::search::Token;

/// Hash dimensions: `1 << DIM_BITS`.
pub const DIM_BITS: u32 = 18;

/// A sparse vector: `(dimension, value)` sorted by dimension, dimensions unique.
pub type Sparse = Vec<(u32, f64)>;

fn fnv1a(parts: &[&[u8]]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for &b in *part {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    h
}

fn dim(kind: &[u8], s: &str) -> u32 {
    (fnv1a(&[kind, s.as_bytes()]) & ((1 << DIM_BITS) - 1)) as u32
}

/// Whether a character takes part in n-grams and words (letters, digits, CJK).
pub fn is_content(c: char) -> bool {
    c.is_alphanumeric()
}

/// The words of a segment worth counting (content words, folded; no punctuation).
pub fn content_words<'a>(tokens: impl IntoIterator<Item = &'a Token>) -> Vec<String> {
    tokens
        .into_iter()
        .filter(|t| t.word.chars().any(is_content))
        .map(|t| t.word.trim().to_lowercase())
        .collect()
}

/// The feature vector of a segment's `text` with its `words` (see [`content_words`]).
pub fn vector(text: &str, words: &[String]) -> Sparse {
    let mut raw: Vec<u32> = Vec::with_capacity(words.len() + text.len());
    for w in words {
        raw.push(dim(b"w\x1f", w));
    }
    let chars: Vec<char> = text
        .chars()
        .filter(|c| is_content(*c))
        .flat_map(char::to_lowercase)
        .collect();
    let mut buf = String::new();
    for n in 1..=3 {
        for gram in chars.windows(n) {
            buf.clear();
            buf.extend(gram);
            raw.push(dim(b"c\x1f", &buf));
        }
    }
    raw.sort_unstable();
    let mut out: Sparse = Vec::with_capacity(raw.len());
    for d in raw {
        match out.last_mut() {
            Some((last, count)) if *last == d => *count += 1.0,
            _ => out.push((d, 1.0)),
        }
    }
    let mut norm = 0.0;
    for (_, v) in &mut out {
        *v = v.sqrt();
        norm += *v * *v;
    }
    if norm > 0.0 {
        let norm = norm.sqrt();
        for (_, v) in &mut out {
            *v /= norm;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vectors_are_normalized_sorted_and_stable() {
        let words = vec!["经费".to_owned(), "紧张".to_owned()];
        let v = vector("经费紧张。", &words);
        assert!(v.windows(2).all(|w| w[0].0 < w[1].0));
        let norm: f64 = v.iter().map(|(_, x)| x * x).sum();
        assert!((norm - 1.0).abs() < 1e-12);
        assert_eq!(v, vector("经费紧张。", &words));
        // 2 words + 4 + 3 + 2 n-grams (punctuation dropped), barring hash collisions.
        assert_eq!(v.len(), 11);
        assert!(vector("。，", &[]).is_empty());
    }
}
