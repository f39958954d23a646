//! Wall-clock timestamps as RFC 3339 UTC strings (no time-zone database needed).

use jiff::Timestamp;

/// The current UTC time as `YYYY-MM-DDTHH:MM:SS.mmmZ`.
pub fn now_rfc3339() -> String {
    format_timestamp(Timestamp::now())
}

/// Formats milliseconds since the Unix epoch as RFC 3339 UTC, `YYYY-MM-DDTHH:MM:SS.mmmZ`.
/// Instants outside jiff's range (about the years -9999..=9999) are clamped to it.
pub fn format_unix_millis(ms: i64) -> String {
    let ts = Timestamp::from_millisecond(ms).unwrap_or(if ms < 0 {
        Timestamp::MIN
    } else {
        Timestamp::MAX
    });
    format_timestamp(ts)
}

/// Always three fractional digits (`.000` too), the rest truncated.
fn format_timestamp(ts: Timestamp) -> String {
    format!("{ts:.3}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_known_instants() {
        assert_eq!(format_unix_millis(0), "1970-01-01T00:00:00.000Z");
        // 2023-08-19T12:34:56.789Z
        assert_eq!(
            format_unix_millis(1_692_448_496_789),
            "2023-08-19T12:34:56.789Z"
        );
        // Leap day 2024-02-29T00:00:00Z
        assert_eq!(
            format_unix_millis(1_709_164_800_000),
            "2024-02-29T00:00:00.000Z"
        );
        // Before the epoch: the millisecond counts forward from the earlier second.
        assert_eq!(format_unix_millis(-1), "1969-12-31T23:59:59.999Z");
        assert_eq!(format_unix_millis(-86_400_000), "1969-12-31T00:00:00.000Z");
        // Out of range: clamped, no panic.
        assert!(format_unix_millis(i64::MAX).starts_with("9999-12-30T"));
        assert!(format_unix_millis(i64::MIN).starts_with("-009999-01-0"));
    }

    #[test]
    fn sub_millisecond_digits_are_truncated_not_rounded() {
        let ts = Timestamp::new(1_692_448_496, 789_999_999).unwrap();
        assert_eq!(format_timestamp(ts), "2023-08-19T12:34:56.789Z");
    }

    #[test]
    fn now_has_the_fixed_shape() {
        let now = now_rfc3339();
        assert_eq!(now.len(), "2023-08-19T12:34:56.789Z".len(), "{now}");
        assert!(now.starts_with("20") && now.ends_with('Z'), "{now}");
        assert_eq!(&now[10..11], "T", "{now}");
        assert_eq!(&now[19..20], ".", "{now}");
    }
}
