use super::*;

fn names(n: &[&str]) -> Vec<String> {
    n.iter().map(|s| s.to_string()).collect()
}

fn case(name: &str, conditions: &[bool], outcome: bool) -> CaseRow {
    CaseRow {
        case: name.into(),
        conditions: conditions.to_vec(),
        outcome,
    }
}

/// 17 cases, 9 with the outcome. `value` present in 11 cases (9 with the
/// outcome), absent in 6 (none with it). `trust` present in 8 cases: 6 with
/// the outcome (c1–c6) and 2 without (c10, c11); absent in 9: 3 with the
/// outcome (c7–c9), 6 without.
fn seventeen() -> Vec<CaseRow> {
    (1..=17)
        .map(|i| {
            let outcome = i <= 9;
            let value = i <= 11;
            let trust = i <= 6 || i == 10 || i == 11;
            case(&format!("c{i}"), &[value, trust], outcome)
        })
        .collect()
}

fn fit(fits: &[ConditionFit], cond: &str, negated: bool) -> ConditionFit {
    fits.iter()
        .find(|f| f.condition == cond && f.negated == negated)
        .cloned()
        .unwrap()
}

fn approx(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() < 1e-12)
}

#[test]
fn necessity_sufficiency_seventeen_cases() {
    let fits = necessity_sufficiency(&names(&["value", "trust"]), &seventeen()).unwrap();
    assert_eq!(fits.len(), 4);
    // value: |X| = 11, |Y| = 9, |X∩Y| = 9.
    let v = fit(&fits, "value", false);
    assert_eq!((v.n_condition, v.n_outcome, v.n_both), (11, 9, 9));
    assert!(approx(v.necessity_consistency, 1.0)); // 9/9
    assert!(approx(v.necessity_coverage, 9.0 / 11.0)); // 9/11 = 0.818
    assert!(approx(v.sufficiency_consistency, 9.0 / 11.0)); // 9/11
    assert!(approx(v.sufficiency_coverage, 1.0)); // 9/9
    // ~value: |X| = 6, |X∩Y| = 0 → all four figures 0 (0/9, 0/6, 0/6, 0/9).
    let nv = fit(&fits, "value", true);
    assert_eq!((nv.n_condition, nv.n_both), (6, 0));
    for x in [
        nv.necessity_consistency,
        nv.necessity_coverage,
        nv.sufficiency_consistency,
        nv.sufficiency_coverage,
    ] {
        assert!(approx(x, 0.0));
    }
    // trust: |X| = 8, |X∩Y| = 6 → nec. cons. 6/9 = 0.667, nec. cov. 6/8 = 0.75,
    // suff. cons. 6/8 = 0.75, suff. cov. 6/9.
    let t = fit(&fits, "trust", false);
    assert!(approx(t.necessity_consistency, 6.0 / 9.0));
    assert!(approx(t.necessity_coverage, 0.75));
    assert!(approx(t.sufficiency_consistency, 0.75));
    assert!(approx(t.sufficiency_coverage, 6.0 / 9.0));
    // ~trust: |X| = 9, |X∩Y| = 3 → 3/9 for all four.
    let nt = fit(&fits, "trust", true);
    assert_eq!((nt.n_condition, nt.n_both), (9, 3));
    assert!(approx(nt.necessity_consistency, 1.0 / 3.0));
    assert!(approx(nt.sufficiency_consistency, 1.0 / 3.0));
}

#[test]
fn empty_denominators_are_none() {
    // No case has the outcome, and no case has condition a.
    let rows = vec![case("x", &[false], false), case("y", &[false], false)];
    let fits = necessity_sufficiency(&names(&["a"]), &rows).unwrap();
    assert_eq!(fits[0].necessity_consistency, None); // |Y| = 0
    assert_eq!(fits[0].sufficiency_consistency, None); // |X| = 0
    assert_eq!(fits[1].sufficiency_consistency, Some(0.0)); // ~a: 0/2
    assert_eq!(fits[1].necessity_consistency, None);
    let json = serde_json::to_string(&fits).unwrap();
    assert!(json.contains("null") && !json.contains("NaN"));
}

#[test]
fn truth_table_three_conditions() {
    let n = names(&["a", "b", "c"]);
    let rows = vec![
        case("k1", &[true, false, true], true),
        case("k2", &[true, true, true], true),
        case("k3", &[true, false, true], false),
        case("k4", &[false, false, false], false),
        case("k5", &[true, false, true], true),
        case("k6", &[true, true, true], true),
        case("k7", &[false, true, false], true),
    ];
    let tt = truth_table(&n, &rows).unwrap();
    // a*~b*c: k1, k3, k5 → n 3, outcome 2, consistency 2/3.
    // a*b*c: k2, k6 → n 2, outcome 2, consistency 1.
    // ~a*~b*~c (k4: 0/1 = 0) and ~a*b*~c (k7: 1/1) have n 1; ordered by
    // configuration, [F,F,F] < [F,T,F]. Remainders: 2³ − 4 = 4.
    let got: Vec<_> = tt
        .rows
        .iter()
        .map(|r| (r.label.as_str(), r.n, r.n_outcome, r.consistency))
        .collect();
    assert_eq!(
        got,
        vec![
            ("a*~b*c", 3, 2, 2.0 / 3.0),
            ("a*b*c", 2, 2, 1.0),
            ("~a*~b*~c", 1, 0, 0.0),
            ("~a*b*~c", 1, 1, 1.0)
        ]
    );
    assert_eq!(tt.rows[0].cases, vec!["k1", "k3", "k5"]);
    assert_eq!(tt.rows[0].configuration, vec![true, false, true]);
    assert_eq!(tt.remainders, 4);
}

#[test]
fn condition_count_mismatch_is_an_error() {
    let rows = vec![case("bad", &[true], true)];
    let err = truth_table(&names(&["a", "b"]), &rows).unwrap_err();
    assert_eq!(
        err,
        AnalysisError::ConditionCount {
            case: "bad".into(),
            expected: 2,
            found: 1
        }
    );
    assert!(necessity_sufficiency(&names(&["a", "b"]), &rows).is_err());
}

#[test]
fn condition_rule() {
    let default = ConditionRule::default();
    assert!(condition_present(1, 0, &default));
    assert!(!condition_present(0, 3, &default));
    let zero = ConditionRule {
        min_codings: 0,
        ..default
    };
    assert!(!condition_present(0, 1, &zero)); // 0 is treated as 1
    let strict = ConditionRule {
        min_codings: 2,
        require_triangulated: true,
        min_source_types: 1,
    };
    assert!(!condition_present(2, 1, &strict)); // not triangulated
    assert!(!condition_present(1, 2, &strict)); // too few codings
    assert!(condition_present(2, 2, &strict));
    let three = ConditionRule {
        min_codings: 1,
        require_triangulated: false,
        min_source_types: 3,
    };
    assert!(!condition_present(5, 2, &three) && condition_present(5, 3, &three));
}
