use super::stats::BinaryTally;
use super::*;

fn seg(coder: &str, doc_id: i64, code_id: i64, start: usize, end: usize) -> Segment {
    Segment {
        id: 0,
        doc_id,
        code_id,
        coder: coder.into(),
        start,
        end,
    }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

fn assert_row(
    row: &AgreementRow,
    units: usize,
    percent: f64,
    kappa: Option<f64>,
    alpha: Option<f64>,
) {
    assert_eq!(row.units, units, "{row:?}");
    assert!(close(row.percent, percent), "percent {row:?}");
    match (row.kappa, kappa) {
        (Some(a), Some(b)) => assert!(close(a, b), "kappa {a} != {b}"),
        (a, b) => assert_eq!(a, b, "kappa"),
    }
    match (row.alpha, alpha) {
        (Some(a), Some(b)) => assert!(close(a, b), "alpha {a} != {b}"),
        (a, b) => assert_eq!(a, b, "alpha"),
    }
}

fn opts(unit: Unit, exclude_uncoded: bool, overlap_threshold: f64) -> AgreementOptions {
    AgreementOptions {
        unit,
        exclude_uncoded,
        overlap_threshold,
    }
}

/// Document 7, 40 characters. Code 1: A [0,10), B [5,15). Code 2: both [20,30).
fn hand_example() -> Vec<Segment> {
    vec![
        seg("A", 7, 1, 0, 10),
        seg("B", 7, 1, 5, 15),
        seg("A", 7, 2, 20, 30),
        seg("B", 7, 2, 20, 30),
    ]
}

#[test]
fn char_level_hand_computed() {
    let r = agreement(&hand_example(), &[(7, 40)], &AgreementOptions::default()).unwrap();
    assert_eq!(r.coders, vec!["A", "B"]);
    // Code 1, N = 40: both [5,10) = 5, A only [0,5) = 5, B only [10,15) = 5, neither = 25.
    // p_o = (5 + 25)/40 = 0.75; pA = pB = 10/40 = 0.25;
    // p_e = 0.25·0.25 + 0.75·0.75 = 0.625; κ = (0.75 − 0.625)/(1 − 0.625) = 1/3.
    // α: n = 80 judgements, n1 = 20, n0 = 60, o01 = 10 disagreeing units · 1/(2−1) = 10;
    // α = 1 − (n−1)·o01/(n0·n1) = 1 − 79·10/1200 = 41/120.
    assert_row(&r.rows[0], 40, 0.75, Some(1.0 / 3.0), Some(41.0 / 120.0));
    // positive = 2·5/(2·5 + 5 + 5) = 0.5
    assert_eq!(r.rows[0].positive_agreement, Some(0.5));
    // Code 2: both 10, neither 30 → p_o = 1, p_e = 0.0625 + 0.5625 = 0.625, κ = 1, α = 1.
    assert_row(&r.rows[1], 40, 1.0, Some(1.0), Some(1.0));
    // Overall, pooled 80 units: both 15, A only 5, B only 5, neither 55.
    // p_o = 70/80 = 0.875; pA = pB = 20/80 = 0.25; p_e = 0.625; κ = 0.25/0.375 = 2/3.
    // α: n = 160, n1 = 40, n0 = 120, o01 = 10 → 1 − 159·10/4800 = 0.66875.
    assert_row(&r.rows[2], 80, 0.875, Some(2.0 / 3.0), Some(0.66875));
    assert_eq!(r.rows[2].code_id, None);
    // Disagreement runs: [0,5) only A, [10,15) only B.
    let d: Vec<_> = r
        .disagreements
        .iter()
        .map(|d| (d.start, d.end, d.coders_present.clone()))
        .collect();
    assert_eq!(
        d,
        vec![
            (0, 5, vec!["A".to_string()]),
            (10, 15, vec!["B".to_string()])
        ]
    );
    assert_eq!(r.disagreements[0].coders_absent, vec!["B"]);
}

#[test]
fn char_level_exclude_uncoded_hand_computed() {
    let r = agreement(&hand_example(), &[(7, 40)], &opts(Unit::Char, true, 0.5)).unwrap();
    // Units: characters coded with any code by anyone = [0,15) ∪ [20,30) = 25.
    // Code 1: both 5, A only 5, B only 5, neither 10 ([20,30) carries code 2 only).
    // p_o = 15/25 = 0.6; pA = pB = 0.4; p_e = 0.16 + 0.36 = 0.52; κ = 0.08/0.48 = 1/6.
    // α: n = 50, n1 = 20, n0 = 30, o01 = 10 → 1 − 49·10/600 = 11/60.
    assert_row(&r.rows[0], 25, 0.6, Some(1.0 / 6.0), Some(11.0 / 60.0));
    // Code 2: both 10, neither 15 → percent 1, κ 1, α 1.
    assert_row(&r.rows[1], 25, 1.0, Some(1.0), Some(1.0));
    // Overall 50 units: both 15, A only 5, B only 5, neither 25.
    // p_o = 0.8; pA = pB = 0.4; p_e = 0.52; κ = 0.28/0.48 = 7/12.
    // α: n = 100, n1 = 40, n0 = 60, o01 = 10 → 1 − 99·10/2400 = 0.5875.
    assert_row(&r.rows[2], 50, 0.8, Some(7.0 / 12.0), Some(0.5875));
    assert!(r.exclude_uncoded);
}

#[test]
fn restricting_to_one_codes_characters_forces_negative_kappa() {
    // Only code 1 exists: units = [0,15): both 5, A only 5, B only 5, no "neither".
    // p_o = 1/3, p_e = (2/3)² + (1/3)² = 5/9, κ = (1/3 − 5/9)/(4/9) = −1/2
    // (= −2bc/N² / (1 − p_e) = −(50/225)/(4/9)): why exclude_uncoded uses "any code".
    let segs = &hand_example()[..2];
    let r = agreement(segs, &[(7, 40)], &opts(Unit::Char, true, 0.5)).unwrap();
    assert_row(&r.rows[0], 15, 1.0 / 3.0, Some(-0.5), r.rows[0].alpha);
    assert_eq!(r.rows[0].positive_agreement, Some(0.5));
}

#[test]
fn uncoded_documents_and_unknown_lengths() {
    // Doc 8 (length 60) has no segments: adds 60 all-absent characters per code.
    // Doc 9 is not in doc_lengths: its length is its largest segment end (12).
    let mut segs = hand_example();
    segs.push(seg("A", 9, 1, 2, 12));
    let r = agreement(&segs, &[(7, 40), (8, 60)], &AgreementOptions::default()).unwrap();
    // Code 1: 40 + 60 + 12 = 112 units; agree = 30 (doc 7) + 60 + 2 = 92.
    assert_eq!(r.rows[0].units, 112);
    assert!(close(r.rows[0].percent, 92.0 / 112.0));
    // Segment beyond the document length is clamped.
    let r = agreement(
        &[seg("A", 1, 1, 5, 99), seg("B", 1, 1, 5, 10)],
        &[(1, 10)],
        &AgreementOptions::default(),
    )
    .unwrap();
    assert_eq!(r.rows[0].units, 10);
    assert!(close(r.rows[0].percent, 1.0));
}

#[test]
fn identical_coders_agree_perfectly() {
    let mut segs = Vec::new();
    for coder in ["A", "B", "C"] {
        segs.push(seg(coder, 1, 1, 0, 10));
        segs.push(seg(coder, 1, 2, 5, 20));
        segs.push(seg(coder, 2, 1, 3, 4));
    }
    let two: Vec<Segment> = segs.iter().filter(|s| s.coder != "C").cloned().collect();
    for exclude in [false, true] {
        let r = agreement(&two, &[(1, 50), (2, 10)], &opts(Unit::Char, exclude, 0.5)).unwrap();
        for row in &r.rows {
            assert_eq!(
                (row.percent, row.kappa, row.alpha),
                (1.0, Some(1.0), Some(1.0)),
                "{row:?}"
            );
        }
        assert!(r.disagreements.is_empty());
    }
    let r = agreement(&two, &[], &opts(Unit::Segment, false, 0.5)).unwrap();
    let overall = r.rows.last().unwrap();
    assert_eq!(
        (overall.percent, overall.kappa, overall.alpha),
        (1.0, Some(1.0), Some(1.0))
    );
    // Three coders: κ is not defined (None), α and percent are 1.
    let r = agreement(&segs, &[(1, 50), (2, 10)], &AgreementOptions::default()).unwrap();
    assert_eq!(r.coders.len(), 3);
    assert_eq!(
        (r.rows[0].percent, r.rows[0].kappa, r.rows[0].alpha),
        (1.0, None, Some(1.0))
    );
}

#[test]
fn degenerate_no_variation_gives_none_not_nan() {
    // Both coders code the whole document: every unit is (1,1) → p_e = 1 → κ, α undefined.
    let segs = vec![seg("A", 1, 1, 0, 10), seg("B", 1, 1, 0, 10)];
    let r = agreement(&segs, &[(1, 10)], &AgreementOptions::default()).unwrap();
    assert_row(&r.rows[0], 10, 1.0, None, None);
    let json = serde_json::to_string(&r).unwrap();
    assert!(!json.contains("NaN") && json.contains("\"kappa\":null"));
    // Empty segments only: no units at all → percent 0, everything else None.
    let segs = vec![seg("A", 1, 1, 3, 3), seg("B", 1, 1, 4, 4)];
    let r = agreement(&segs, &[], &opts(Unit::Char, true, 0.5)).unwrap();
    assert_eq!(
        r.rows[0],
        AgreementRow {
            code_id: Some(1),
            units: 0,
            percent: 0.0,
            kappa: None,
            alpha: None,
            positive_agreement: None
        }
    );
}

#[test]
fn three_coders_percent_requires_all_to_agree() {
    // Length 10. A [0,4), B [0,4), C [0,2): [0,2) all, [2,4) A+B, [4,10) none.
    let segs = vec![
        seg("A", 1, 1, 0, 4),
        seg("B", 1, 1, 0, 4),
        seg("C", 1, 1, 0, 2),
    ];
    let r = agreement(&segs, &[(1, 10)], &AgreementOptions::default()).unwrap();
    // percent = (2 + 6)/10 = 0.8. α: n = 30, n1 = 2·3 + 2·2 = 10, n0 = 20;
    // o01 = 2 units · (2·1)/(3−1) = 2 → α = 1 − 29·2/200 = 0.71.
    assert_row(&r.rows[0], 10, 0.8, None, Some(0.71));
    assert_eq!(r.disagreements.len(), 1);
    assert_eq!((r.disagreements[0].start, r.disagreements[0].end), (2, 4));
    assert_eq!(r.disagreements[0].coders_absent, vec!["C"]);
}

/// Code 1: A [0,10) ~ B [2,10) (∩ 8 / ∪ 10 = 0.8, match); A [20,30) vs
/// B [25,40) (∩ 5 / ∪ 20 = 0.25, no match at 0.5); A [50,60) alone.
/// Code 2: A and B both [0,10) and [100,110).
fn segment_example() -> Vec<Segment> {
    vec![
        seg("A", 1, 1, 0, 10),
        seg("B", 1, 1, 2, 10),
        seg("A", 1, 1, 20, 30),
        seg("B", 1, 1, 25, 40),
        seg("A", 1, 1, 50, 60),
        seg("A", 1, 2, 0, 10),
        seg("B", 1, 2, 0, 10),
        seg("A", 1, 2, 100, 110),
        seg("B", 1, 2, 100, 110),
    ]
}

#[test]
fn segment_level_hand_computed() {
    let r = agreement(&segment_example(), &[], &opts(Unit::Segment, false, 0.5)).unwrap();
    // Code 1 units: {A,B}, {A}, {B}, {A} → percent 1/4; positive = 2·1/(2·1 + 3) = 0.4.
    assert_row(&r.rows[0], 4, 0.25, None, None);
    assert!(close(r.rows[0].positive_agreement.unwrap(), 0.4));
    assert_row(&r.rows[1], 2, 1.0, None, None);
    // Overall: values (A,B) per unit: (1,1) (1,∅) (∅,1) (1,∅) (2,2) (2,2).
    // p_o = 3/6; marginals A: 1→3, 2→2, ∅→1; B: 1→2, 2→2, ∅→2;
    // p_e = (3·2 + 2·2 + 1·2)/36 = 1/3; κ = (1/2 − 1/3)/(2/3) = 0.25.
    // α: n = 12, n_1 = 5, n_2 = 4, n_∅ = 3; Σ_{c≠k} o_ck = 3 units · 2 = 6;
    // α = 1 − 11·6/(144 − 25 − 16 − 9) = 1 − 66/94 = 14/47.
    assert_row(&r.rows[2], 6, 0.5, Some(0.25), Some(14.0 / 47.0));
    let spans: Vec<_> = r
        .disagreements
        .iter()
        .map(|d| (d.start, d.end, d.coders_present[0].as_str()))
        .collect();
    assert_eq!(spans, vec![(20, 30, "A"), (25, 40, "B"), (50, 60, "A")]);
    // Threshold 0.25 joins A [20,30) and B [25,40): code 1 has 3 units, 2 agreed.
    let r = agreement(&segment_example(), &[], &opts(Unit::Segment, false, 0.25)).unwrap();
    assert_row(&r.rows[0], 3, 2.0 / 3.0, None, None);
    assert_eq!((r.disagreements[0].start, r.disagreements[0].end), (50, 60));
}

#[test]
fn segment_matching_is_transitive_and_per_code() {
    // B's two halves both match A's segment (0.6 each) → one unit with A and B.
    // A different code at the same place never matches.
    let segs = vec![
        seg("A", 1, 1, 0, 10),
        seg("B", 1, 1, 0, 6),
        seg("B", 1, 1, 4, 10),
        seg("B", 1, 2, 0, 10),
    ];
    let r = agreement(&segs, &[], &opts(Unit::Segment, false, 0.5)).unwrap();
    assert_row(&r.rows[0], 1, 1.0, None, None);
    assert_row(&r.rows[1], 1, 0.0, None, None);
}

#[test]
fn options_and_errors() {
    assert_eq!("Segment".parse::<Unit>(), Ok(Unit::Segment));
    assert_eq!("char".parse::<Unit>(), Ok(Unit::Char));
    assert!(matches!(
        "word".parse::<Unit>(),
        Err(AnalysisError::InvalidUnit(_))
    ));
    let one = vec![seg("A", 1, 1, 0, 3)];
    assert_eq!(
        agreement(&one, &[], &AgreementOptions::default()),
        Err(AnalysisError::TooFewCoders(1))
    );
    let bad = opts(Unit::Segment, false, f64::NAN);
    assert!(matches!(
        agreement(&hand_example(), &[], &bad),
        Err(AnalysisError::InvalidThreshold(_))
    ));
}

#[test]
fn cohen_kappa_textbook_tables() {
    // Wikipedia "Cohen's kappa", worked example: 50 proposals,
    // yes/yes 20, A yes B no 5, A no B yes 10, no/no 15.
    // p_o = 35/50 = 0.7; p_e = 0.5·0.6 + 0.5·0.4 = 0.5; κ = 0.2/0.5 = 0.4.
    assert!(close(
        cohen_kappa(&[vec![20.0, 5.0], vec![10.0, 15.0]]).unwrap(),
        0.4
    ));
    // Same p_o = 0.6, different marginals (same article):
    // [[45,15],[25,15]]: p_e = 0.6·0.7 + 0.4·0.3 = 0.54, κ = 0.06/0.46 = 0.1304…
    assert!(close(
        cohen_kappa(&[vec![45.0, 15.0], vec![25.0, 15.0]]).unwrap(),
        0.06 / 0.46
    ));
    // [[25,35],[5,35]]: p_e = 0.6·0.3 + 0.4·0.7 = 0.46, κ = 0.14/0.54 = 0.2593…
    assert!(close(
        cohen_kappa(&[vec![25.0, 35.0], vec![5.0, 35.0]]).unwrap(),
        0.14 / 0.54
    ));
    // Degenerate and malformed tables.
    assert_eq!(cohen_kappa(&[vec![0.0, 0.0], vec![0.0, 9.0]]), None);
    assert_eq!(cohen_kappa(&[]), None);
    assert_eq!(cohen_kappa(&[vec![1.0, 2.0]]), None);
}

#[test]
fn krippendorff_2011_nominal_example() {
    // Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C:
    // 4 observers × 12 units with missing values; nominal α = 0.743.
    let rows = [
        "1 2 3 3 2 1 4 1 2 . . .",
        "1 2 3 3 2 2 4 1 2 5 . 3",
        ". 3 3 3 2 3 4 2 2 5 1 .",
        "1 2 3 3 2 4 4 1 2 5 1 .",
    ];
    let data: Vec<Vec<Option<u32>>> = rows
        .iter()
        .map(|r| r.split(' ').map(|v| v.parse().ok()).collect())
        .collect();
    let alpha = krippendorff_alpha_nominal(&data).unwrap();
    assert_eq!((alpha * 1000.0).round() / 1000.0, 0.743, "{alpha}");
    // By hand: unit 12 has one value (unpairable), so n = 40 pairable values.
    // Disagreeing units, each adding (m² − Σ count²)/(m − 1) to Σ_{c≠k} o_ck:
    // unit 2 {2,2,3,2}: (16 − 10)/3 = 2; unit 6 {1,2,3,4}: (16 − 4)/3 = 4;
    // unit 8 {1,1,2,1}: (16 − 10)/3 = 2 → Σ_{c≠k} o_ck = 8.
    // n_c for values 1..5 = 9, 13, 10, 5, 3 → Σ n_c² = 81 + 169 + 100 + 25 + 9 = 384.
    // α = 1 − (n − 1)·8 / (n² − Σ n_c²) = 1 − 39·8/(1600 − 384) = 1 − 312/1216 = 0.74342.
    assert!(close(alpha, 1.0 - 312.0 / 1216.0));
    // Edge cases: no pairable unit, or no variation.
    assert_eq!(
        krippendorff_alpha_nominal(&[vec![Some(1)], vec![None]]),
        None
    );
    assert_eq!(
        krippendorff_alpha_nominal(&[vec![Some(1), Some(1)], vec![Some(1), Some(1)]]),
        None
    );
}

#[test]
fn binary_tally_alpha_matches_general_alpha() {
    // 3 coders; patterns (A,B,C) with weights.
    let patterns = [
        ([true, true, true], 3u64),
        ([true, false, false], 2),
        ([false, true, true], 1),
        ([false, false, false], 4),
    ];
    let mut tally = BinaryTally::new(3);
    let mut data = vec![Vec::new(); 3];
    for (p, w) in patterns {
        tally.add(&p, w);
        for _ in 0..w {
            for k in 0..3 {
                data[k].push(Some(p[k] as u32));
            }
        }
    }
    assert!(close(
        tally.alpha().unwrap(),
        krippendorff_alpha_nominal(&data).unwrap()
    ));
}

#[test]
fn coded_only_rows_come_with_every_char_level_report() {
    let all = agreement(&hand_example(), &[(7, 40)], &opts(Unit::Char, false, 0.5)).unwrap();
    let coded = agreement(&hand_example(), &[(7, 40)], &opts(Unit::Char, true, 0.5)).unwrap();
    assert_eq!(all.coded_only, coded.rows);
    assert_eq!(coded.coded_only, coded.rows);
    // Coded characters: [0,15) and [20,30) = 25. Code 1: both 5, one coder 10, neither 10.
    assert_eq!(all.coded_only[0].units, 25);
    assert!(close(all.coded_only[0].percent, 0.6));
    assert!(
        all.coded_only[0].percent < all.rows[0].percent,
        "uncoded text inflates"
    );
    let seg = agreement(
        &hand_example(),
        &[(7, 40)],
        &opts(Unit::Segment, false, 0.5),
    )
    .unwrap();
    assert!(seg.coded_only.is_empty());
}
