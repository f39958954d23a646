//! `qcw bench server` (feature `bench`): the team server under load — many coders coding at once
//! through their replicas on a throwaway PostgreSQL cluster, against the same coding on a local
//! project file. Prints command latency (p50/p99), the time until another member sees a change,
//! throughput, the server's memory, and checks every coding arrived exactly once.

use crate::command::{Command, execute};
use crate::pg_cluster::TempCluster;
use crate::store::remote::{self, ProjectSettings, ServerUrl};
use crate::store::{CodingFilter, Project};
use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::{Arc, Barrier, Mutex};
use std::time::{Duration, Instant};

type BenchError = Box<dyn std::error::Error + Send + Sync>;

/// The documents (id, length in characters) the load codes.
type Docs = Vec<(i64, usize)>;

/// When each coding was acknowledged, by (coder, document, start).
type Sent = Arc<Mutex<HashMap<(String, i64, usize), Instant>>>;

fn pct(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

/// The `i`th coding of coder number `k`: a range no other coder's coding has.
fn coding(docs: &[(i64, usize)], code: i64, k: usize, i: usize, coder: &str) -> Command {
    let (doc_id, len) = docs[i % docs.len()];
    let start = (k * 37 + (i / docs.len()) * 7) % len.saturating_sub(12).max(1);
    Command::ApplyCoding {
        doc_id,
        start,
        end: start + 5 + k % 7,
        code_id: code,
        coder: coder.to_owned(),
        memo: String::new(),
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// Runs the load test: `coders` coders × `per_coder` codings, one command each.
///
/// # Errors
/// PostgreSQL is not installed, or a project or the server fails.
pub fn server_bench(coders: usize, per_coder: usize) -> Result<String, BenchError> {
    let cluster = TempCluster::start()?;
    let dir = tempfile::tempdir()?;
    let base = dir.path().join("base.qcw");
    super::bench::base(&base, 30, 3_000, 12)?;
    let admin = ServerUrl::parse(&cluster.url("postgres", "postgres"), Some("load"))?;
    Project::open_read_only(&base)?.publish(
        &admin,
        ProjectSettings {
            blinded: false,
            codebook_locked: false,
        },
    )?;
    let names: Vec<String> = (0..coders).map(|k| format!("编码员{k:02}")).collect();
    for (k, name) in names.iter().enumerate() {
        remote::add_member(&admin, &format!("c{k:02}"), name, "coder")?;
    }
    remote::add_member(&admin, "watcher", "观察", "pi")?;
    let (docs, code, base_lat) = baseline(&base, per_coder)?;
    let mut replicas = Vec::new();
    for (k, name) in names.iter().enumerate() {
        let url = ServerUrl::parse(&cluster.url(&format!("c{k:02}"), "postgres"), Some("load"))?;
        let path = dir.path().join(format!("c{k}.qcw"));
        replicas.push(Project::clone_from_server(&url, &path, Some(name))?);
    }
    let watcher_url = ServerUrl::parse(&cluster.url("watcher", "postgres"), Some("load"))?;
    let mut watcher = Project::clone_from_server(&watcher_url, &dir.path().join("w.qcw"), None)?;
    let sent: Sent = Arc::default();
    let barrier = Arc::new(Barrier::new(coders + 1));
    let started = Instant::now();
    let workers = replicas
        .into_iter()
        .zip(names)
        .enumerate()
        .map(|(k, (p, name))| {
            let job = Job {
                k,
                name,
                docs: docs.clone(),
                code,
                per_coder,
            };
            let (sent, barrier) = (sent.clone(), barrier.clone());
            std::thread::Builder::new()
                .name(format!("qcw-bench-coder-{k}"))
                .spawn(move || job.run(p, &sent, &barrier))
        })
        .collect::<Result<Vec<_>, _>>()?;
    barrier.wait();
    let vis = watch(&mut watcher, &sent, coders * per_coder)?;
    let mut lat = Vec::new();
    let mut last = started;
    for w in workers {
        let (l, ended) = w.join().map_err(|_| "a coder thread panicked")??;
        lat.extend(l);
        last = last.max(ended);
    }
    let wall = last.saturating_duration_since(started);
    let rss = cluster.rss_kib();
    let fresh = Project::clone_from_server(&watcher_url, &dir.path().join("fresh.qcw"), None)?;
    let (arrived, once) = arrived_once(&fresh)?;
    let out = report(&Figures {
        coders,
        per_coder,
        lat,
        base_lat,
        vis,
        wall,
        rss,
        arrived,
        once,
    });
    if arrived != coders * per_coder || !once {
        return Err(format!("{out}\ncodings lost or duplicated").into());
    }
    Ok(out)
}

/// The same commands on a local project file, one coder: their latencies, with the documents
/// and the code used.
fn baseline(base: &std::path::Path, n: usize) -> Result<(Docs, i64, Vec<f64>), BenchError> {
    let mut local = Project::open(base, "local")?;
    let (docs, code) = targets(&local)?;
    let mut lat = Vec::with_capacity(n);
    for i in 0..n {
        let t = Instant::now();
        execute(&mut local, &coding(&docs, code, 0, i, "local"))?;
        lat.push(ms(t.elapsed()));
    }
    Ok((docs, code, lat))
}

/// One coder's share of the load.
struct Job {
    k: usize,
    name: String,
    docs: Vec<(i64, usize)>,
    code: i64,
    per_coder: usize,
}

impl Job {
    fn run(
        self,
        mut p: Project,
        sent: &Sent,
        barrier: &Barrier,
    ) -> Result<(Vec<f64>, Instant), String> {
        barrier.wait();
        let mut lat = Vec::with_capacity(self.per_coder);
        for i in 0..self.per_coder {
            let cmd = coding(&self.docs, self.code, self.k + 1, i, &self.name);
            let Command::ApplyCoding { doc_id, start, .. } = &cmd else {
                return Err("not a coding".into());
            };
            let key = (self.name.clone(), *doc_id, *start);
            let t = Instant::now();
            execute(&mut p, &cmd).map_err(|e| e.to_string())?;
            lat.push(ms(t.elapsed()));
            sent.lock()
                .map_err(|e| e.to_string())?
                .insert(key, Instant::now());
        }
        Ok((lat, Instant::now()))
    }
}

/// The watcher: woken by the server, catches up and notes how long after its acknowledgement
/// each coding became visible here.
fn watch(watcher: &mut Project, sent: &Sent, total: usize) -> Result<Vec<f64>, BenchError> {
    let mut listener = watcher
        .listener()
        .ok_or("the watcher has no server connection")?;
    watcher.take_touched();
    let mut seen: HashMap<(String, i64, usize), Instant> = HashMap::new();
    let deadline = Instant::now() + Duration::from_secs(600);
    while seen.len() < total && Instant::now() < deadline {
        listener.wait(Duration::from_millis(200))?;
        if watcher.pull()? == 0 {
            continue;
        }
        let now = Instant::now();
        let docs = watcher.take_touched().coded_docs;
        let fresh = docs.into_iter().map(|d| {
            watcher.codings(&CodingFilter {
                doc_id: Some(d),
                ..CodingFilter::default()
            })
        });
        for c in fresh.collect::<Result<Vec<_>, _>>()?.into_iter().flatten() {
            if c.coder.starts_with("编码员") {
                seen.entry((c.coder, c.doc_id, c.start)).or_insert(now);
            }
        }
    }
    // A coding seen before its coder's thread noted the acknowledgement counts as 0 ms.
    let sent = sent.lock().map_err(|e| e.to_string())?;
    let mut vis: Vec<f64> = seen
        .iter()
        .filter_map(|(k, at)| sent.get(k).map(|t| ms(at.saturating_duration_since(*t))))
        .collect();
    vis.sort_by(f64::total_cmp);
    Ok(vis)
}

/// How many load codings a fresh replica holds, and whether each exactly once.
fn arrived_once(fresh: &Project) -> Result<(usize, bool), BenchError> {
    let mut counts: HashMap<(String, i64, usize, usize), usize> = HashMap::new();
    for c in fresh
        .codings(&CodingFilter::default())?
        .into_iter()
        .filter(|c| c.coder.starts_with("编码员"))
    {
        *counts
            .entry((c.coder, c.doc_id, c.start, c.end))
            .or_default() += 1;
    }
    Ok((counts.values().sum(), counts.values().all(|n| *n == 1)))
}

/// The measurements.
struct Figures {
    coders: usize,
    per_coder: usize,
    lat: Vec<f64>,
    base_lat: Vec<f64>,
    vis: Vec<f64>,
    wall: Duration,
    rss: u64,
    arrived: usize,
    once: bool,
}

fn report(f: &Figures) -> String {
    let (mut lat, mut base) = (f.lat.clone(), f.base_lat.clone());
    lat.sort_by(f64::total_cmp);
    base.sort_by(f64::total_cmp);
    let total = f.coders * f.per_coder;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "qcw bench server: {} coders × {} codings, one command each, on PostgreSQL (throwaway cluster, Unix socket)",
        f.coders, f.per_coder
    );
    let _ = writeln!(
        out,
        "| figure | value | baseline: one coder on a local file | × baseline |\n|---|---|---|---|"
    );
    for (what, v, b) in [
        ("command latency p50 (ms)", pct(&lat, 0.5), pct(&base, 0.5)),
        (
            "command latency p99 (ms)",
            pct(&lat, 0.99),
            pct(&base, 0.99),
        ),
    ] {
        let _ = writeln!(out, "| {what} | {v:.1} | {b:.1} | {:.1} |", v / b.max(1e-3));
    }
    let p99 = pct(&f.vis, 0.99);
    let _ = writeln!(
        out,
        "| seen by another member p50 (ms) | {:.0} | | |",
        pct(&f.vis, 0.5)
    );
    let mark = if p99 < 1000.0 { "✓" } else { "✗" };
    let _ = writeln!(
        out,
        "| seen by another member p99 (ms; target < 1000) | {p99:.0} {mark} | | |"
    );
    let base_secs = (base.iter().sum::<f64>() / 1e3).max(1e-3);
    let _ = writeln!(
        out,
        "| throughput (commands/s) | {:.0} | {:.0} | |",
        total as f64 / f.wall.as_secs_f64(),
        f.per_coder as f64 / base_secs
    );
    let _ = writeln!(
        out,
        "| server RSS (MiB, all its processes) | {:.0} | | |",
        f.rss as f64 / 1024.0
    );
    let ok = if f.arrived == total && f.once {
        "✓ each exactly once"
    } else {
        "✗"
    };
    let _ = writeln!(
        out,
        "| codings arrived / sent | {} / {total} {ok} | | |",
        f.arrived
    );
    out
}

/// The documents (id, length) and the code the load test codes with.
fn targets(p: &Project) -> Result<(Vec<(i64, usize)>, i64), BenchError> {
    let docs: Vec<(i64, usize)> = p.documents()?.iter().map(|d| (d.id, d.chars)).collect();
    let code = p
        .codes()?
        .iter()
        .find(|c| c.path.matches('/').count() == 2)
        .map(|c| c.id)
        .ok_or("no code")?;
    Ok((docs, code))
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_small_load_arrives_exactly_once() {
        match crate::pg_cluster::TempCluster::start() {
            Err(crate::pg_cluster::ClusterError::NotInstalled) if !crate::test_data::under_ci() => {
                return;
            }
            Err(e) => panic!("{e}"),
            Ok(c) => drop(c),
        }
        let out = super::server_bench(3, 20).unwrap();
        assert!(out.contains("60 / 60 ✓ each exactly once"), "{out}");
    }
}
