//! Writing files atomically: a new one for `factlint init`, fixed articles for `check --fix`.

use std::path::Path;

use crate::pipeline::input::io_message;

/// Writes `text` to `path`, which must not exist yet, atomically: the text goes to a
/// temporary file beside it, renamed into place only once complete, so that an interrupted
/// run never leaves half a file.
pub fn write_new(path: &Path, text: &str) -> Result<(), String> {
    use std::io::Write as _;
    if path.exists() {
        return Err("already exists; factlint does not overwrite it".into());
    }
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&temp)
        .and_then(|mut f| f.write_all(text.as_bytes()).and_then(|()| f.sync_all()));
    if let Err(e) = written {
        let _ = std::fs::remove_file(&temp);
        return Err(io_message(&e));
    }
    // A hard link fails if the target appeared meanwhile, where a rename would replace it.
    let linked = std::fs::hard_link(&temp, path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            "already exists; factlint does not overwrite it".to_string()
        } else {
            io_message(&e)
        }
    });
    let _ = std::fs::remove_file(&temp);
    linked
}

/// Replaces the contents of the file at `path`, which must still hold `before`, with
/// `text`, atomically: the text goes to a temporary file in the same folder, given the
/// file's permissions, and is renamed over it once complete. A symbolic link is followed, so
/// the file it points to is replaced, not the link. A read-only file is refused.
pub fn replace(path: &Path, before: &[u8], text: &str) -> Result<(), String> {
    use std::io::Write as _;
    let target = std::fs::canonicalize(path).map_err(|e| io_message(&e))?;
    let metadata = std::fs::metadata(&target).map_err(|e| io_message(&e))?;
    if metadata.permissions().readonly() {
        return Err("the file is read-only".into());
    }
    // Someone may have saved the file since it was read: their words are not overwritten.
    match std::fs::read(&target) {
        Ok(now) if now == before => {}
        Ok(_) => return Err("the file changed while factlint was checking it".into()),
        Err(e) => return Err(io_message(&e)),
    }
    let dir = target.parent().unwrap_or(Path::new("."));
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = dir.join(format!(".{name}.{}.factlint.tmp", std::process::id()));
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&temp)
        .and_then(|mut f| {
            f.write_all(text.as_bytes())?;
            f.set_permissions(metadata.permissions())?;
            f.sync_all()
        })
        .and_then(|()| std::fs::rename(&temp, &target));
    written.map_err(|e| {
        let _ = std::fs::remove_file(&temp);
        match e.kind() {
            std::io::ErrorKind::PermissionDenied => "permission denied in its folder".to_string(),
            _ => e.to_string(),
        }
    })
}
