//! Background jobs (import, building the demo project) on named threads, with progress and
//! cancellation; the UI keeps responding.
//!
//! Hand-off: `import_paths` needs `&mut Project`, and `Project` is `Send`, so the app gives its
//! project to the worker thread and gets it back over a channel when the job ends. Meanwhile the
//! panels show the cached snapshot read-only and edits are refused. If the worker panics, the
//! project is dropped (releasing its lock) and the app reopens it from its path.
//!
//! A [`Task`] is the same machinery without the hand-off, for read-only work a view starts on
//! its own named thread (the suggestions view: `qcw-suggest`).

use super::error::AppError;
use crate::import::{ImportOptions, ImportReport, import_paths};
use crate::store::Project;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError, channel};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

/// Progress shared between the worker and the UI.
#[derive(Debug, Clone, Default)]
pub struct JobProgress {
    /// Steps finished.
    pub done: usize,
    /// Steps in all (0 while unknown).
    pub total: usize,
    /// What is being worked on.
    pub current: String,
}

/// What a finished job hands back.
#[derive(Debug)]
pub enum JobOutput {
    /// An import ended; the project comes back.
    Imported {
        /// The project, with the new documents.
        project: Project,
        /// The report, or why the import as a whole failed.
        report: Result<ImportReport, AppError>,
    },
    /// A project was created or opened (e.g. the demo project was built).
    Opened(Result<Project, AppError>),
    /// A merge ended; the project comes back.
    Merged {
        /// The project, with what was merged (or unchanged on an error).
        project: Project,
        /// The copy merged from.
        path: PathBuf,
        /// What the merge did, or why nothing was done.
        result: Result<crate::team::MergeReport, AppError>,
    },
    /// A REFI-QDA import ended; the project comes back.
    QdpxImported {
        /// The project, with what was imported (or unchanged on an error).
        project: Project,
        /// The imported file.
        path: PathBuf,
        /// What was imported, or why nothing was.
        result: Result<crate::interop::ImportSummary, AppError>,
    },
}

/// What kind of job runs (for the status line).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobKind {
    /// Importing files.
    Import,
    /// Building the demo project.
    Demo,
    /// Importing a REFI-QDA project.
    Qdpx,
    /// Merging a coder's copy.
    Merge,
}

/// A running job: a [`Task`] handing back a [`JobOutput`], for the status line and the project
/// hand-off.
#[derive(Debug)]
pub struct Job {
    /// What it does.
    pub kind: JobKind,
    /// The project file the job works on (to reopen it if the worker dies).
    pub path: PathBuf,
    task: Task<JobOutput>,
}

/// How polling a job (or a task, `T` its answer) turned out.
#[derive(Debug)]
pub enum Poll<T = Box<JobOutput>> {
    /// Still running.
    Running,
    /// Finished with this output.
    Done(T),
    /// The worker died without an answer (a panic).
    Died,
}

/// Work on its own named thread with progress and a cancel flag, answering one `T`. A [`Job`]
/// is one (holding the project); a view's read-only computation (the suggestions, thread
/// `qcw-suggest`) is another, which opens its own read-only connection so edits go on meanwhile.
#[derive(Debug)]
pub struct Task<T> {
    progress: Arc<Mutex<JobProgress>>,
    cancel: Arc<AtomicBool>,
    rx: Receiver<T>,
    handle: Option<JoinHandle<()>>,
}

impl<T: Send + 'static> Task<T> {
    /// Runs `work(progress, cancel, repaint)` on the thread `name`; the UI is asked to repaint
    /// when it ends.
    pub fn spawn(
        ctx: &egui::Context,
        name: &str,
        work: impl FnOnce(&Mutex<JobProgress>, &AtomicBool, &dyn Fn()) -> T + Send + 'static,
    ) -> std::io::Result<Task<T>> {
        let progress = Arc::new(Mutex::new(JobProgress::default()));
        let cancel = Arc::new(AtomicBool::new(false));
        let (tx, rx) = channel();
        let (p, c, ctx2) = (Arc::clone(&progress), Arc::clone(&cancel), ctx.clone());
        let handle = std::thread::Builder::new()
            .name(name.to_owned())
            .spawn(move || {
                let repaint = || ctx2.request_repaint();
                let out = work(&p, &c, &repaint);
                // The receiver is gone only if its asker quit or moved on; nothing to do then.
                let _ = tx.send(out);
                ctx2.request_repaint();
            })?;
        Ok(Task {
            progress,
            cancel,
            rx,
            handle: Some(handle),
        })
    }

    /// Asks the work to stop (where it checks).
    pub fn request_cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }

    /// Whether cancelling was requested.
    pub fn cancelling(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }

    /// A copy of the progress.
    pub fn progress(&self) -> JobProgress {
        self.progress.lock().map(|g| g.clone()).unwrap_or_default()
    }

    /// Checks, without blocking, whether the work ended.
    pub fn poll(&mut self) -> Poll<T> {
        match self.rx.try_recv() {
            Ok(out) => {
                self.join();
                Poll::Done(out)
            }
            Err(TryRecvError::Empty) => Poll::Running,
            Err(TryRecvError::Disconnected) => {
                self.join();
                Poll::Died
            }
        }
    }

    /// Cancels and waits for the work, returning what it handed back.
    pub fn finish(mut self) -> Option<T> {
        self.request_cancel();
        let out = self.rx.recv().ok();
        self.join();
        out
    }

    fn join(&mut self) {
        if let Some(h) = self.handle.take() {
            let _ = h.join();
        }
    }
}

impl Job {
    /// Imports `paths` into `project` on the thread `qcw-import`.
    pub fn import(
        ctx: &egui::Context,
        mut project: Project,
        paths: Vec<PathBuf>,
        opts: ImportOptions,
    ) -> std::io::Result<Job> {
        let path = project.path().to_owned();
        Job::spawn(
            ctx,
            "qcw-import",
            JobKind::Import,
            path,
            move |progress, cancel, repaint| {
                let report = import_paths(
                    &mut project,
                    &paths,
                    &opts,
                    &mut |p| {
                        if let Ok(mut g) = progress.lock() {
                            g.done = p.done;
                            g.total = p.total;
                            g.current = p.current.display().to_string();
                        }
                        repaint();
                    },
                    cancel,
                )
                .map_err(AppError::from);
                JobOutput::Imported { project, report }
            },
        )
    }

    /// Imports the REFI-QDA project `file` into `project` on the thread `qcw-qdpx`.
    pub fn import_qdpx(
        ctx: &egui::Context,
        mut project: Project,
        file: PathBuf,
        coder: String,
    ) -> std::io::Result<Job> {
        let path = project.path().to_owned();
        Job::spawn(ctx, "qcw-qdpx", JobKind::Qdpx, path, move |_, _, _| {
            let result =
                crate::interop::import_qdpx(&mut project, &file, &coder).map_err(AppError::from);
            JobOutput::QdpxImported {
                project,
                path: file,
                result,
            }
        })
    }

    /// Merges the copy `file` into `project` on the thread `qcw-merge`.
    pub fn merge(ctx: &egui::Context, mut project: Project, file: PathBuf) -> std::io::Result<Job> {
        let path = project.path().to_owned();
        Job::spawn(ctx, "qcw-merge", JobKind::Merge, path, move |_, _, _| {
            let result = crate::team::merge(&mut project, &file).map_err(AppError::from);
            JobOutput::Merged {
                project,
                path: file,
                result,
            }
        })
    }

    /// Builds the demo project at `path` on the thread `qcw-demo`.
    pub fn build_demo(ctx: &egui::Context, path: PathBuf, actor: String) -> std::io::Result<Job> {
        let target = path.clone();
        Job::spawn(ctx, "qcw-demo", JobKind::Demo, path, move |_, _, _| {
            if let Some(dir) = target.parent() {
                let _ = std::fs::create_dir_all(dir);
            }
            JobOutput::Opened(crate::demo::build_demo(&target, &actor).map_err(AppError::from))
        })
    }

    fn spawn(
        ctx: &egui::Context,
        name: &str,
        kind: JobKind,
        path: PathBuf,
        work: impl FnOnce(&Mutex<JobProgress>, &AtomicBool, &dyn Fn()) -> JobOutput + Send + 'static,
    ) -> std::io::Result<Job> {
        Ok(Job {
            kind,
            path,
            task: Task::spawn(ctx, name, work)?,
        })
    }

    /// Asks the worker to stop (between files).
    pub fn request_cancel(&self) {
        self.task.request_cancel();
    }

    /// Whether cancelling was requested.
    pub fn cancelling(&self) -> bool {
        self.task.cancelling()
    }

    /// A copy of the progress.
    pub fn progress(&self) -> JobProgress {
        self.task.progress()
    }

    /// Checks, without blocking, whether the job ended.
    pub fn poll(&mut self) -> Poll {
        match self.task.poll() {
            Poll::Done(out) => Poll::Done(Box::new(out)),
            Poll::Running => Poll::Running,
            Poll::Died => Poll::Died,
        }
    }

    /// Cancels and waits for the worker (at exit), returning what it handed back.
    pub fn finish(self) -> Option<JobOutput> {
        self.task.finish()
    }
}
