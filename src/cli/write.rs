//! Writing a new file atomically, for `factlint init`.

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
