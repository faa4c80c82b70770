//! Running one check for the server: the pipeline with the open documents in the overlay
//! and a cache kept between checks, and its outcome turned into reports by file.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;

use lsp_types::Url;

use crate::pipeline::{self, Cache, Overlay};

use super::report::{self, Reports};
use super::unit::{self, Unit};

/// Runs checks, keeping the compiled rules and each article's extraction between them, so
/// that a keystroke in a draft re-reads only the draft.
#[derive(Debug, Default)]
pub struct Checker {
    cache: Arc<Cache>,
}

/// What one check found.
#[derive(Clone, Debug, Default)]
pub struct Checked {
    /// The reports by file: drafts (with or without findings), and files with problems.
    pub reports: Reports,
    /// Every file the check read, by absolute path: a change to one of them calls for
    /// another check.
    pub read: HashSet<PathBuf>,
}

impl Checker {
    /// A checker with an empty cache.
    pub fn new() -> Self {
        Self::default()
    }

    /// Checks `unit` with the texts of `overlay` (open documents that are files) and
    /// `buffers` (open documents that are not); `subjects` are the open documents the check
    /// is for, told when a problem with the rules or configuration stops it.
    pub fn check(&self, unit: &Unit, overlay: &Overlay, buffers: &HashMap<Url, String>, subjects: &[Url]) -> Checked {
        let (inputs, mut options) = unit.plan(overlay, buffers);
        options.cache = Some(Arc::clone(&self.cache));
        let outcome = pipeline::check(&inputs, &options);
        let names: HashMap<String, Url> = buffers.keys().map(|u| (unit::buffer_name(u), u.clone())).collect();
        let reports = report::reports(&outcome, &names, subjects);
        let read = (0..outcome.db.len() as u32)
            .map(|i| outcome.db.get(crate::source::FileId(i)).name())
            .filter(|name| std::path::Path::new(name).is_absolute())
            .map(|name| pipeline::input::absolute(std::path::Path::new(name)))
            .collect();
        self.cache.recycle(outcome);
        Checked { reports, read }
    }
}
