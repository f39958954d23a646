//! Passphrases for encrypted projects: `QCW_PASSPHRASE` (`QCW_NEW_PASSPHRASE` for a new one), else a
//! prompt on the terminal; `rekey`, `encrypt`.

use super::open_rw;
use anyhow::{Result, bail};
use qcw::store::{
    Project, StoreError, encryption_available, needs_passphrase, remember_passphrase,
};
use std::io::IsTerminal as _;
use std::path::Path;
use std::process::ExitCode;

/// A passphrase from the environment variable `var`, else asked on the terminal (`twice` for a
/// new one).
fn read_passphrase(var: &str, prompt: &str, twice: bool) -> Result<Option<String>> {
    if let Ok(p) = std::env::var(var) {
        return Ok(Some(p));
    }
    if !std::io::stdin().is_terminal() {
        return Ok(None);
    }
    let first = rpassword::prompt_password(prompt)?;
    if twice && rpassword::prompt_password("again: ")? != first {
        bail!("the two passphrases differ");
    }
    Ok(Some(first))
}

/// Before opening `path`: if it is encrypted (or unreadable) and its passphrase is not known yet,
/// takes it from `QCW_PASSPHRASE` or the terminal. Without either, opening then says what is
/// missing.
pub fn ensure_passphrase(path: &Path) -> Result<()> {
    if path.is_file() && needs_passphrase(path) {
        let prompt = format!("passphrase for {}: ", path.display());
        if let Some(p) = read_passphrase("QCW_PASSPHRASE", &prompt, false)? {
            remember_passphrase(path, &p);
        }
    }
    Ok(())
}

/// A passphrase for a new encrypted file, from `var` or asked twice; never empty.
pub fn new_passphrase(var: &str, path: &Path) -> Result<String> {
    if !encryption_available() {
        return Err(StoreError::NoEncryption.into());
    }
    let prompt = format!("new passphrase for {}: ", path.display());
    match read_passphrase(var, &prompt, true)? {
        Some(p) if !p.is_empty() => Ok(p),
        Some(_) => bail!("the passphrase is empty"),
        None => bail!("no passphrase: set {var} or run qcw on a terminal"),
    }
}

pub fn rekey(path: &Path) -> Result<ExitCode> {
    let mut p = open_rw(path)?;
    let new = new_passphrase("QCW_NEW_PASSPHRASE", path)?;
    p.rekey(&new)?;
    outln!(
        "changed the passphrase of {} (backups made before keep the old one)",
        path.display()
    );
    Ok(ExitCode::SUCCESS)
}

pub fn encrypt(path: &Path, out: &Path) -> Result<ExitCode> {
    let p = open_rw(path)?;
    if p.is_encrypted() {
        bail!("{}: already encrypted (use qcw rekey)", path.display());
    }
    let passphrase = new_passphrase("QCW_PASSPHRASE", out)?;
    p.export_encrypted(out, &passphrase)?;
    drop(p);
    // Check the copy opens with the passphrase.
    Project::open_read_only(out)?;
    outln!(
        "wrote the encrypted copy {} (the plain {} is unchanged: delete it once the copy is checked)",
        out.display(),
        path.display()
    );
    Ok(ExitCode::SUCCESS)
}
