//! A throwaway PostgreSQL cluster for the tests and the server benchmark: `initdb` into a
//! temporary directory, `pg_ctl start` on a Unix socket in that directory and a free port, and
//! `pg_ctl stop` (then the directory is removed) when dropped. Nothing here is mocked: it is the
//! server a team would run.
//!
//! The binaries are found on `PATH` or in Debian's `/usr/lib/postgresql/NN/bin`. Run as root, the
//! cluster is created and started as the `postgres` user (`initdb` refuses root).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// A running cluster; stopped and deleted on drop.
pub struct TempCluster {
    dir: tempfile::TempDir,
    bin: PathBuf,
    port: u16,
    as_postgres: bool,
}

/// Why a cluster could not be started.
#[derive(Debug, thiserror::Error)]
pub enum ClusterError {
    /// No PostgreSQL server binaries were found.
    #[error("PostgreSQL server binaries (initdb, pg_ctl) not found: install postgresql")]
    NotInstalled,
    /// A step failed.
    #[error("{step} failed: {detail}")]
    Failed {
        /// `initdb`, `pg_ctl start`, …
        step: &'static str,
        /// Its output.
        detail: String,
    },
}

fn find_bin() -> Option<PathBuf> {
    let mut candidates: Vec<PathBuf> = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect())
        .unwrap_or_default();
    if let Ok(dirs) = std::fs::read_dir("/usr/lib/postgresql") {
        let mut v: Vec<PathBuf> = dirs.flatten().map(|d| d.path().join("bin")).collect();
        v.sort();
        candidates.extend(v.into_iter().rev());
    }
    candidates
        .into_iter()
        .find(|d| d.join("initdb").is_file() && d.join("pg_ctl").is_file())
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map_or(54_329, |a| a.port())
}

impl TempCluster {
    /// Creates and starts a cluster with trust authentication, listening on a Unix socket only.
    ///
    /// # Errors
    /// PostgreSQL is not installed, or `initdb` / `pg_ctl` fail.
    pub fn start() -> Result<TempCluster, ClusterError> {
        let bin = find_bin().ok_or(ClusterError::NotInstalled)?;
        let dir = tempfile::Builder::new()
            .prefix("qcw-pg-")
            .tempdir_in(std::env::temp_dir())
            .map_err(|e| ClusterError::Failed {
                step: "mkdtemp",
                detail: e.to_string(),
            })?;
        let as_postgres = is_root();
        if as_postgres {
            let _ = Command::new("chown")
                .args(["-R", "postgres:postgres"])
                .arg(dir.path())
                .status();
        }
        let cluster = TempCluster {
            dir,
            bin,
            port: free_port(),
            as_postgres,
        };
        let data = cluster.data_dir();
        cluster.run(
            "initdb",
            &[
                "-D",
                &data.to_string_lossy(),
                "--auth=trust",
                "-U",
                "postgres",
                "-E",
                "UTF8",
                "--locale=C",
            ],
        )?;
        cluster.restart()?;
        Ok(cluster)
    }

    fn data_dir(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    /// Runs one of the server binaries (as `postgres` when we are root), output discarded on
    /// success and returned on failure. No pipes stay open (`pg_ctl start` forks the server).
    fn run(&self, name: &'static str, args: &[&str]) -> Result<(), ClusterError> {
        let out = self.dir.path().join(format!("{name}.out"));
        let file = std::fs::File::create(&out).map_err(|e| ClusterError::Failed {
            step: name,
            detail: e.to_string(),
        })?;
        let err = file.try_clone().map_err(|e| ClusterError::Failed {
            step: name,
            detail: e.to_string(),
        })?;
        let exe = self.bin.join(name);
        let mut cmd = if self.as_postgres {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(&exe);
            c
        } else {
            Command::new(&exe)
        };
        let status = cmd
            .args(args)
            .stdin(Stdio::null())
            .stdout(file)
            .stderr(err)
            .status()
            .map_err(|e| ClusterError::Failed {
                step: name,
                detail: e.to_string(),
            })?;
        if status.success() {
            Ok(())
        } else {
            Err(ClusterError::Failed {
                step: name,
                detail: std::fs::read_to_string(&out).unwrap_or_default(),
            })
        }
    }

    /// The socket directory.
    pub fn socket_dir(&self) -> &Path {
        self.dir.path()
    }

    /// The port (of the Unix socket's name).
    pub fn port(&self) -> u16 {
        self.port
    }

    /// A connection URL for `user` to database `db` (`postgres` exists from the start).
    pub fn url(&self, user: &str, db: &str) -> String {
        format!(
            "postgres://{user}@localhost/{db}?host={}&port={}",
            self.dir.path().display(),
            self.port
        )
    }

    /// Stops the server (fast shutdown: sessions are cut, as by an administrator's restart).
    ///
    /// # Errors
    /// `pg_ctl stop` fails.
    pub fn stop(&self) -> Result<(), ClusterError> {
        self.run(
            "pg_ctl",
            &[
                "stop",
                "-w",
                "-m",
                "fast",
                "-D",
                &self.data_dir().to_string_lossy(),
            ],
        )
    }

    /// Starts the server (at first, and again after [`TempCluster::stop`]).
    ///
    /// # Errors
    /// `pg_ctl start` fails.
    pub fn restart(&self) -> Result<(), ClusterError> {
        let opts = format!(
            "-c listen_addresses='' -c unix_socket_directories='{}' -p {} -c fsync=off",
            self.dir.path().display(),
            self.port
        );
        self.run(
            "pg_ctl",
            &[
                "start",
                "-w",
                "-D",
                &self.data_dir().to_string_lossy(),
                "-l",
                &self.dir.path().join("log").to_string_lossy(),
                "-o",
                &opts,
            ],
        )
    }

    /// The server's resident memory in KiB (all its processes), from `/proc`.
    pub fn rss_kib(&self) -> u64 {
        let Ok(pid_file) = std::fs::read_to_string(self.data_dir().join("postmaster.pid")) else {
            return 0;
        };
        let Some(pid) = pid_file.lines().next().map(str::trim) else {
            return 0;
        };
        let mut total = 0;
        let Ok(procs) = std::fs::read_dir("/proc") else {
            return 0;
        };
        for p in procs.flatten() {
            let stat = std::fs::read_to_string(p.path().join("status")).unwrap_or_default();
            let ppid = stat
                .lines()
                .find_map(|l| l.strip_prefix("PPid:"))
                .map(str::trim);
            let own = p.file_name().to_string_lossy() == pid;
            if own || ppid == Some(pid) {
                total += stat
                    .lines()
                    .find_map(|l| l.strip_prefix("VmRSS:"))
                    .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
                    .unwrap_or(0);
            }
        }
        total
    }
}

impl Drop for TempCluster {
    fn drop(&mut self) {
        let _ = self.stop();
    }
}
