//! The query worker: one named background thread (`qcw-worker`) that answers the views' read-only
//! questions — searches, word frequencies, matrices, co-occurrence, agreement, exports — so the
//! UI never waits for them.
//!
//! The worker has its own read-only connection to the project file (opened by path, reopened
//! when the path changes) and owns the project's search index, which it brings in step with the
//! documents before a search whenever the project's revision moved (incrementally; rebuilt after a
//! dictionary change). A view submits a task (a closure over [`WorkerCtx`]) and gets a
//! [`Ticket<T>`] typed by the task's answer; each frame it asks for the answer with
//! [`Worker::take`], which returns that type. A view that submits again
//! simply forgets the old ticket: its late answer is dropped.

use super::jobs::JobProgress;
use crate::app::error::AppError;
use crate::search::project::{open_synced, sync};
use crate::search::{SearchIndex, Segmenter};
use crate::store::{DictWordRow, Project};
use std::any::Any;
use std::collections::HashMap;
use std::collections::HashSet;
use std::marker::PhantomData;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, Sender, TryRecvError, channel};
use std::sync::{Arc, Mutex};

/// An answer handed back by the worker.
type Answer = Box<dyn Any + Send>;
/// A question for the worker.
type Task = Box<dyn FnOnce(&mut WorkerCtx) -> Answer + Send>;

/// Identifies a submitted task whose answer is a `T`. Only [`Worker::submit`] makes tickets, so
/// the answer filed under a ticket is always of its type and [`Worker::take`] cannot ask for the
/// wrong one.
pub struct Ticket<T> {
    id: u64,
    answer: PhantomData<fn() -> T>,
}

impl<T> Ticket<T> {
    fn new(id: u64) -> Self {
        Ticket {
            id,
            answer: PhantomData,
        }
    }
}

impl<T> Clone for Ticket<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Ticket<T> {}

impl<T> PartialEq for Ticket<T> {
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id
    }
}

impl<T> Eq for Ticket<T> {}

impl<T> std::hash::Hash for Ticket<T> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.id.hash(state);
    }
}

impl<T> std::fmt::Debug for Ticket<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Ticket({}: {})", self.id, std::any::type_name::<T>())
    }
}

/// The project revision a task was submitted at: `(open generation, revision)`.
pub type Rev = (u64, u64);

/// What a task works with, on the worker thread.
pub struct WorkerCtx {
    path: PathBuf,
    rev: Rev,
    project: Option<Project>,
    index: Option<IndexState>,
    progress: Arc<Mutex<JobProgress>>,
    repaint: Box<dyn Fn() + Send>,
}

struct IndexState {
    index: SearchIndex,
    path: PathBuf,
    rev: Rev,
    dictionary: Vec<DictWordRow>,
}

impl WorkerCtx {
    /// The project (read-only connection), opened on first use.
    pub fn project(&mut self) -> Result<&Project, AppError> {
        if self.project.as_ref().is_none_or(|p| p.path() != self.path) {
            self.project = None;
            let p = Project::open_read_only(&self.path)?;
            self.project = Some(p);
        }
        self.project.as_ref().ok_or(AppError::Lost)
    }

    /// The search index, in step with the project at the task's revision. Opening or syncing
    /// reports its progress in the status line.
    pub fn index(&mut self) -> Result<&SearchIndex, AppError> {
        self.project()?;
        let project = self.project.as_ref().ok_or(AppError::Lost)?;
        let dictionary = project.dictionary()?;
        let progress = Arc::clone(&self.progress);
        let repaint = &self.repaint;
        let report = |done: usize, total: usize| {
            if let Ok(mut g) = progress.lock() {
                g.done = done;
                g.total = total;
            }
            repaint();
        };
        let fresh = self
            .index
            .as_ref()
            .is_some_and(|s| s.path == self.path && s.dictionary == dictionary);
        if fresh {
            let state = self.index.as_mut().ok_or(AppError::Lost)?;
            if state.rev != self.rev {
                let dir = state.index.directory().map(Path::to_owned);
                sync(project, &mut state.index, dir.as_deref(), &mut |p| {
                    report(p.done, p.total)
                })?;
                state.rev = self.rev;
            }
        } else {
            self.index = None;
            let index = open_synced(project, &mut |p| report(p.done, p.total))?;
            self.index = Some(IndexState {
                index,
                path: self.path.clone(),
                rev: self.rev,
                dictionary,
            });
        }
        if let Ok(mut g) = self.progress.lock() {
            *g = JobProgress::default();
        }
        self.index.as_ref().map(|s| &s.index).ok_or(AppError::Lost)
    }

    /// The project and its index together (for tasks that need both).
    pub fn project_and_index(&mut self) -> Result<(&Project, &SearchIndex), AppError> {
        self.index()?;
        match (&self.project, &self.index) {
            (Some(project), Some(state)) => Ok((project, &state.index)),
            _ => Err(AppError::Lost),
        }
    }

    /// The segmenter with the project dictionary (the index's, so it is built once).
    pub fn segmenter(&mut self) -> Result<Arc<Segmenter>, AppError> {
        Ok(Arc::clone(self.index()?.segmenter()))
    }

    /// The project file the task is about.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// The handle the app keeps: submits tasks and collects answers.
pub struct Worker {
    tx: Option<Sender<(u64, PathBuf, Rev, Task)>>,
    rx: Option<Receiver<(u64, Answer)>>,
    next: u64,
    answers: HashMap<u64, Answer>,
    /// Tickets whose answers nobody will take: dropped on arrival.
    abandoned: HashSet<u64>,
    /// Tickets whose answer could not be read as their type (cannot happen, as tickets are
    /// typed; kept so such a ticket reports as [`Worker::lost`] instead of waiting for ever).
    failed: HashSet<u64>,
    pending: usize,
    progress: Arc<Mutex<JobProgress>>,
}

impl Default for Worker {
    fn default() -> Self {
        Worker {
            tx: None,
            rx: None,
            next: 1,
            answers: HashMap::new(),
            abandoned: HashSet::new(),
            failed: HashSet::new(),
            pending: 0,
            progress: Arc::new(Mutex::new(JobProgress::default())),
        }
    }
}

impl Worker {
    /// Queues `task` for the project at `path` as of revision `rev`; starts the thread on first
    /// use. The thread asks `ctx` to repaint when an answer is ready.
    pub fn submit<T: Send + 'static>(
        &mut self,
        ctx: &egui::Context,
        path: &Path,
        rev: Rev,
        task: impl FnOnce(&mut WorkerCtx) -> T + Send + 'static,
    ) -> Ticket<T> {
        if self.tx.is_none() {
            self.start(ctx);
        }
        let id = self.next;
        self.next += 1;
        let boxed: Task = Box::new(move |w| Box::new(task(w)) as Answer);
        let sent = self
            .tx
            .as_ref()
            .is_some_and(|tx| tx.send((id, path.to_owned(), rev, boxed)).is_ok());
        if sent {
            self.pending += 1;
        }
        Ticket::new(id)
    }

    fn start(&mut self, ctx: &egui::Context) {
        let (tx, task_rx) = channel::<(u64, PathBuf, Rev, Task)>();
        let (answer_tx, rx) = channel::<(u64, Answer)>();
        let progress = Arc::clone(&self.progress);
        let ctx2 = ctx.clone();
        let spawned = std::thread::Builder::new()
            .name("qcw-worker".into())
            .spawn(move || {
                let ctx3 = ctx2.clone();
                let mut w = WorkerCtx {
                    path: PathBuf::new(),
                    rev: (0, 0),
                    project: None,
                    index: None,
                    progress,
                    repaint: Box::new(move || ctx3.request_repaint()),
                };
                while let Ok((id, path, rev, task)) = task_rx.recv() {
                    if w.path != path {
                        w.project = None;
                        w.index = None;
                        w.path = path;
                    }
                    w.rev = rev;
                    let answer = task(&mut w);
                    if answer_tx.send((id, answer)).is_err() {
                        break;
                    }
                    ctx2.request_repaint();
                }
            });
        if spawned.is_ok() {
            self.tx = Some(tx);
            self.rx = Some(rx);
        }
    }

    fn collect(&mut self) {
        let Some(rx) = &self.rx else { return };
        loop {
            match rx.try_recv() {
                Ok((id, answer)) => {
                    self.pending = self.pending.saturating_sub(1);
                    if !self.abandoned.remove(&id) {
                        self.answers.insert(id, answer);
                    }
                }
                Err(TryRecvError::Empty) => break,
                Err(TryRecvError::Disconnected) => {
                    // The thread died (a panic in a task): start afresh on the next submit.
                    self.tx = None;
                    self.rx = None;
                    self.pending = 0;
                    self.abandoned.clear();
                    break;
                }
            }
        }
    }

    /// The answer to `ticket`, once it is there (taken: a second call returns `None`).
    pub fn take<T: 'static>(&mut self, ticket: Ticket<T>) -> Option<T> {
        self.collect();
        let answer = self.answers.remove(&ticket.id)?;
        match answer.downcast::<T>() {
            Ok(b) => Some(*b),
            Err(_) => {
                // Unreachable: only `submit::<T>` files answers under a `Ticket<T>`.
                eprintln!(
                    "qcw: worker answer {ticket:?} is not a {}",
                    std::any::type_name::<T>()
                );
                self.failed.insert(ticket.id);
                None
            }
        }
    }

    /// Whether `ticket` can no longer be answered (its task panicked and the thread restarts,
    /// or its answer was unreadable).
    pub fn lost<T>(&mut self, ticket: Ticket<T>) -> bool {
        self.collect();
        self.failed.contains(&ticket.id)
            || (self.tx.is_none() && !self.answers.contains_key(&ticket.id))
    }

    /// Says nobody will take the answer to `ticket` (its asker moved on): it is dropped now or
    /// when it arrives, instead of being kept.
    pub fn abandon<T>(&mut self, ticket: Ticket<T>) {
        self.collect();
        self.failed.remove(&ticket.id);
        if self.answers.remove(&ticket.id).is_none() && self.tx.is_some() {
            self.abandoned.insert(ticket.id);
        }
    }

    /// Forgets answers nobody will take (to be called when the project changes).
    pub fn forget_answers(&mut self) {
        self.collect();
        self.answers.clear();
        self.failed.clear();
    }

    /// Whether tasks are queued or running.
    pub fn busy(&mut self) -> bool {
        self.collect();
        self.pending > 0
    }

    /// Progress of index building (zero when none runs).
    pub fn progress(&self) -> JobProgress {
        self.progress.lock().map(|g| g.clone()).unwrap_or_default()
    }

    /// Waits until every queued task has been answered (for tests and benchmarks), at most
    /// `timeout`.
    pub fn wait_idle(&mut self, timeout: std::time::Duration) -> bool {
        let until = std::time::Instant::now() + timeout;
        while self.busy() {
            if std::time::Instant::now() > until {
                return false;
            }
            std::thread::sleep(std::time::Duration::from_millis(2));
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn abandoned_answers_are_dropped_and_others_are_kept() {
        let ctx = egui::Context::default();
        let mut w = Worker::default();
        let path = Path::new("/nonexistent/x.qcw");
        let slow = w.submit(&ctx, path, (1, 1), |_| {
            std::thread::sleep(Duration::from_millis(50));
            1_u32
        });
        w.abandon(slow);
        let kept = w.submit(&ctx, path, (1, 2), |_| 2_u32);
        assert!(w.wait_idle(Duration::from_secs(10)));
        assert_eq!(w.take(slow), None, "dropped on arrival");
        assert!(w.answers.len() == 1 && w.abandoned.is_empty());
        assert_eq!(w.take(kept), Some(2));
        assert!(w.answers.is_empty());
    }

    #[test]
    fn answers_come_back_as_the_ticket_type_and_a_mismatch_is_lost_not_pending() {
        let ctx = egui::Context::default();
        let mut w = Worker::default();
        let path = Path::new("/nonexistent/x.qcw");
        let text = w.submit(&ctx, path, (1, 1), |_| "seven".to_owned());
        let number = w.submit(&ctx, path, (1, 1), |_| 7_u32);
        assert!(w.wait_idle(Duration::from_secs(10)));
        let n: Option<u32> = w.take(number);
        assert_eq!(n, Some(7));
        // A forged ticket of the wrong type (impossible outside this module).
        let forged: Ticket<u32> = Ticket::new(text.id);
        assert_eq!(w.take(forged), None);
        assert!(w.lost(forged), "reported, not left waiting");
    }
}
