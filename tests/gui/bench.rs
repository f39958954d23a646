//! The frame-time benchmark, run on demand (figures only):
//! `cargo test --release --test gui frame_bench -- --ignored --nocapture`.

#[test]
#[ignore = "benchmark; run with --release --ignored --nocapture"]
fn frame_bench() {
    println!(
        "{}",
        qcw::app::bench::frame_bench_report(30_000, 2_000, 600)
    );
}

#[test]
fn frame_bench_runs() {
    let report = qcw::app::bench::frame_bench_report(3_000, 200, 20);
    assert!(report.contains("median"), "{report}");
    assert!(!report.contains("failed"), "{report}");
}
