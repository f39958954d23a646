//! A team project in the workbench, on a throwaway PostgreSQL cluster: File → Open team project
//! clones it, another member's coding appears by itself, who works on which document shows in the
//! status bar, and when the server goes away coding goes on (queued) and is sent once it is back.

use crate::util::{demo_project, harness};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use qcw::app::{AppCommand, Lang, QcwApp};
use qcw::command::{Command, execute};
use qcw::pg_cluster::{ClusterError, TempCluster};
use qcw::store::remote::{self, ProjectSettings, ServerUrl};
use qcw::store::{CodingFilter, Project};
use std::time::{Duration, Instant};

fn cluster() -> Option<TempCluster> {
    match TempCluster::start() {
        Ok(c) => Some(c),
        Err(ClusterError::NotInstalled) if std::env::var_os("CI").is_none() => {
            eprintln!("PostgreSQL is not installed: team server GUI test skipped");
            None
        }
        Err(e) => panic!("cannot start a PostgreSQL cluster: {e}"),
    }
}

/// Steps frames until `done` holds (at most 20 s).
fn until(h: &mut Harness<'_, QcwApp>, what: &str, done: impl Fn(&QcwApp) -> bool) {
    let started = Instant::now();
    while !done(h.state()) {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "waited for: {what}; team {:?}, status {:?}",
            h.state().team_status(),
            h.state().status_text()
        );
        std::thread::sleep(Duration::from_millis(20));
        h.step();
    }
    h.step();
}

fn codings_by(p: &Project, coder: &str) -> usize {
    p.codings(&CodingFilter::default())
        .unwrap()
        .iter()
        .filter(|c| c.coder == coder)
        .count()
}

#[test]
fn a_team_project_opens_follows_the_others_and_keeps_working_offline() {
    let Some(c) = cluster() else { return };
    let dir = tempfile::tempdir().unwrap();
    let (_demo_dir, local) = demo_project();
    let admin = ServerUrl::parse(&c.url("postgres", "postgres"), Some("study")).unwrap();
    let open = ProjectSettings {
        blinded: false,
        codebook_locked: false,
    };
    Project::open_read_only(&local)
        .unwrap()
        .publish(&admin, open)
        .unwrap();
    remote::add_member(&admin, "jia", "甲", "coder").unwrap();
    remote::add_member(&admin, "yi", "乙", "coder").unwrap();
    let yi_url = ServerUrl::parse(&c.url("yi", "postgres"), Some("study")).unwrap();
    let mut yi = Project::clone_from_server(&yi_url, &dir.path().join("yi.qcw"), None).unwrap();

    // File → Open team project….
    let mut h = harness(&local, Lang::Zh);
    let replica = dir.path().join("jia.qcw");
    {
        let d = h.state_mut().team_dialog_mut();
        d.open();
        d.url = format!("{}&project=study", c.url("jia", "postgres"));
        d.replica = replica.display().to_string();
    }
    h.step();
    h.step();
    h.get_by_role_and_label(egui::Role::Button, "打开").click();
    until(&mut h, "the team project opened", |a| {
        a.project().is_some_and(|p| p.path() == replica)
    });
    assert_eq!(h.state().state.coder, "甲");
    until(&mut h, "online", |a| {
        a.team_status().is_some_and(|s| s.online)
    });

    // 乙 codes; it appears here by itself (woken by the server), and 乙 shows as present.
    let doc = yi.documents().unwrap()[0].clone();
    let code = yi
        .codes()
        .unwrap()
        .into_iter()
        .find(|k| k.path == "权力/赋权")
        .unwrap();
    let by_yi = Command::ApplyCoding {
        doc_id: doc.id,
        start: 0,
        end: 8,
        code_id: code.id,
        coder: "乙".into(),
        memo: String::new(),
    };
    execute(&mut yi, &by_yi).unwrap();
    let mut yi_listener = yi.listener().unwrap();
    yi_listener.presence(&doc.name).unwrap();
    until(&mut h, "乙's coding arrived", |a| {
        a.project().is_some_and(|p| codings_by(p, "乙") == 1)
    });
    until(&mut h, "乙 is shown", |a| {
        a.team_status().is_some_and(|s| {
            s.others
                .iter()
                .any(|o| o.coder == "乙" && o.document == doc.name)
        })
    });
    assert!(
        h.query_by_label_contains("乙 在看").is_some(),
        "the status bar names 乙"
    );

    // The server goes away: the workbench notices, coding goes on and waits.
    c.stop().unwrap();
    until(&mut h, "offline", |a| {
        a.team_status().is_some_and(|s| !s.online)
    });
    let by_jia = Command::ApplyCoding {
        doc_id: doc.id,
        start: 10,
        end: 20,
        code_id: code.id,
        coder: "甲".into(),
        memo: String::new(),
    };
    let started = Instant::now();
    h.state_mut().push(AppCommand::Execute(by_jia));
    h.step();
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "coding offline does not wait for the server"
    );
    until(&mut h, "one command waiting", |a| {
        a.team_status().is_some_and(|s| s.pending == 1)
    });
    assert!(h.query_by_label_contains("离线").is_some());

    // Back: the queue is sent by itself and 乙 sees 甲's coding.
    c.restart().unwrap();
    until(&mut h, "synced", |a| {
        a.team_status().is_some_and(|s| s.online && s.pending == 0)
    });
    yi.pull().unwrap();
    assert_eq!(codings_by(&yi, "甲"), 1);
}

#[test]
fn qcw_gui_with_a_server_address_opens_the_team_dialog_and_names_a_bad_one() {
    let state = qcw::app::AppState {
        lang: Lang::En,
        ..qcw::app::AppState::default()
    };
    let mut app = QcwApp::new(state, Some("postgres://nobody@localhost/qcw".into()));
    app.set_native_dialogs(false);
    let mut h = Harness::builder()
        .with_size(egui::vec2(1280.0, 720.0))
        .with_context_setup(qcw::app::fonts::install_fonts)
        .build_ui_state(|ui, app: &mut QcwApp| app.workbench_ui(ui), app);
    h.step();
    h.step();
    assert!(h.state_mut().team_dialog_mut().is_open());
    assert!(h.state().project().is_none());
    assert!(
        h.query_by_label_contains("no project: add ?project=NAME")
            .is_some(),
        "the error names what is missing"
    );
}
