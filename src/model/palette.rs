//! Highlight colours given to new codes in turn.

/// A palette of distinguishable highlight colours, used in turn for new codes.
pub const PALETTE: [&str; 12] = [
    "#E6194B", "#3CB44B", "#4363D8", "#F58231", "#911EB4", "#42D4F4", "#F032E6", "#BFEF45",
    "#FABED4", "#469990", "#DCBEFF", "#9A6324",
];

/// The `n`-th palette colour (cycling).
pub fn palette_color(n: usize) -> &'static str {
    PALETTE[n % PALETTE.len()]
}
