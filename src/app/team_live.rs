//! A team project in the workbench: the thread `qcw-team-live` waits for the other members'
//! changes (the server's NOTIFY) and reports who works on which document; the app catches up when
//! woken, works offline (queueing commands, never waiting for the server) when the thread finds the
//! server gone, and sends the queue when it is back.

use crate::store::Project;
use crate::store::remote::{Listener, Presence};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// What the thread tells the app.
#[derive(Debug)]
enum Live {
    /// Another member changed something.
    Changed,
    /// The server answers (`true`) or not.
    Online(bool),
    /// Who else works on the project now.
    Others(Vec<Presence>),
}

/// The team status the status bar shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TeamStatus {
    /// The project's address (no password).
    pub url: String,
    /// Whether the server answers.
    pub online: bool,
    /// Commands waiting to be sent.
    pub pending: usize,
    /// Who else works on it, on which document.
    pub others: Vec<Presence>,
    /// Conflicts of the last sync, in words.
    pub last_sync: Option<String>,
}

/// The live connection of an open team project.
#[derive(Debug)]
pub struct TeamLive {
    rx: Receiver<Live>,
    stop: Arc<AtomicBool>,
    document: Arc<Mutex<String>>,
    /// The project revision `status.pending` was read at.
    revision: Option<u64>,
    /// What the status bar shows.
    pub status: TeamStatus,
}

impl Drop for TeamLive {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

impl TeamLive {
    /// Starts the thread for `project` if it is a replica of a team project.
    pub fn start(project: &Project, ctx: &egui::Context) -> Option<TeamLive> {
        let listener = project.listener()?;
        let (tx, rx) = channel();
        let stop = Arc::new(AtomicBool::new(false));
        let document = Arc::new(Mutex::new(String::new()));
        let (stop2, document2, ctx2) = (stop.clone(), document.clone(), ctx.clone());
        std::thread::Builder::new()
            .name("qcw-team-live".into())
            .spawn(move || listen(listener, &tx, &stop2, &document2, &ctx2))
            .ok()?;
        Some(TeamLive {
            rx,
            stop,
            document,
            revision: None,
            status: TeamStatus {
                url: project.remote_url().ok().flatten().unwrap_or_default(),
                online: !project.is_offline(),
                pending: project.pending_count().unwrap_or(0),
                others: Vec::new(),
                last_sync: None,
            },
        })
    }

    /// Tells the server (through the thread) which document is open here.
    pub fn set_document(&self, name: &str) {
        if let Ok(mut d) = self.document.lock()
            && *d != name
        {
            name.clone_into(&mut d);
        }
    }

    /// Handles what the thread reported: catches up, goes offline or reconnects and syncs.
    /// Returns an error text to show, if any.
    pub fn poll(&mut self, project: &mut Project) -> Option<String> {
        let mut error = None;
        while let Ok(msg) = self.rx.try_recv() {
            match msg {
                Live::Changed if self.status.online => {
                    if let Err(e) = project.pull() {
                        error = Some(e.to_string());
                    }
                }
                Live::Changed => {}
                Live::Online(false) if self.status.online => {
                    self.status.online = false;
                    self.status.others.clear();
                    project.go_offline();
                }
                Live::Online(true) if !self.status.online => match project.reconnect() {
                    Ok(report) => {
                        self.status.online = true;
                        self.status.last_sync = Some(format!(
                            "{} / {} / {}",
                            report.pushed,
                            report.pulled,
                            report.conflicts.len()
                        ));
                    }
                    Err(e) => error = Some(e.to_string()),
                },
                Live::Online(_) => {}
                Live::Others(list) => self.status.others = list,
            }
        }
        // The queue changes only with the project: read it again only then, not every frame.
        if self.revision != Some(project.revision()) {
            self.revision = Some(project.revision());
            self.status.pending = project.pending_count().unwrap_or(0);
        }
        error
    }
}

/// The thread: presence every two seconds, woken at once by the server's notifications.
fn listen(
    mut listener: Listener,
    tx: &Sender<Live>,
    stop: &AtomicBool,
    document: &Mutex<String>,
    ctx: &egui::Context,
) {
    while !stop.load(Ordering::Relaxed) {
        let doc = document.lock().map(|d| d.clone()).unwrap_or_default();
        // Each round also catches up: a notification missed (before listening, or while the
        // connection was being made again) is not replayed, the last operation id is.
        let sent = match listener.presence(&doc) {
            Ok(others) => tx
                .send(Live::Online(true))
                .and_then(|()| tx.send(Live::Others(others)))
                .and_then(|()| tx.send(Live::Changed)),
            Err(_) => {
                let r = tx.send(Live::Online(false));
                ctx.request_repaint();
                std::thread::sleep(Duration::from_secs(2));
                r
            }
        };
        if sent.is_err() {
            return;
        }
        ctx.request_repaint();
        match listener.wait(Duration::from_secs(2)) {
            Ok(true) => {
                if tx.send(Live::Changed).is_err() {
                    return;
                }
                ctx.request_repaint();
            }
            Ok(false) => {}
            Err(_) => {
                if tx.send(Live::Online(false)).is_err() {
                    return;
                }
                ctx.request_repaint();
            }
        }
    }
}

/// Starts, polls and feeds the live connection once per frame.
pub(super) fn team_frame(app: &mut super::QcwApp, ctx: &egui::Context) {
    if let Some(p) = app.dialogs.team.take_opened() {
        app.install_opened(p);
    }
    let Some(project) = app.project.as_mut() else {
        return;
    };
    if app.team.as_ref().map(|(g, _)| *g) != Some(app.generation) {
        app.team = TeamLive::start(project, ctx).map(|t| (app.generation, t));
        app.cache.team = None;
    }
    let Some((_, live)) = app.team.as_mut() else {
        return;
    };
    if let Some(e) = live.poll(project) {
        app.status = Some(super::Status {
            text: e,
            error: true,
        });
    }
    let doc = app
        .state
        .view
        .doc
        .and_then(|d| app.cache.doc_summary(d))
        .map(|d| d.name.clone())
        .unwrap_or_default();
    live.set_document(&doc);
    if app.cache.team.as_ref() != Some(&live.status) {
        app.cache.team = Some(live.status.clone());
    }
}

/// The team part of the status bar.
pub(super) fn team_status_ui(ui: &mut egui::Ui, lang: super::Lang, s: &TeamStatus) {
    use super::i18n::{Msg, tr, trf};
    if s.online {
        ui.label(tr(lang, Msg::TeamOnline)).on_hover_text(&s.url);
    } else {
        ui.colored_label(ui.visuals().warn_fg_color, tr(lang, Msg::TeamOffline))
            .on_hover_text(&s.url);
    }
    if s.pending > 0 {
        ui.label(trf(lang, Msg::TeamPending, &[&s.pending]));
    }
    for p in &s.others {
        let doc = if p.document.is_empty() {
            "—"
        } else {
            &p.document
        };
        ui.weak(trf(lang, Msg::TeamAt, &[&p.coder, &doc]));
    }
    if let Some(last) = &s.last_sync {
        ui.weak(trf(lang, Msg::TeamSynced, &[last]));
    }
    ui.separator();
}

impl super::QcwApp {
    /// File → Open team project (for tests).
    pub fn team_dialog_mut(&mut self) -> &mut super::dialogs_team::TeamDialog {
        &mut self.dialogs.team
    }

    /// The open team project's status, if it is one.
    pub fn team_status(&self) -> Option<&TeamStatus> {
        self.team.as_ref().map(|(_, t)| &t.status)
    }
}
