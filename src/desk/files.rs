//! Moving progress on the desk: export to a file, import and merge, reset all (with
//! a copy of the old file kept); and the deck written out for elsewhere (Anki, a
//! cheat sheet).

use std::path::Path;

use chrono::{DateTime, FixedOffset};

use super::{Desk, Effect, Screen, logged_failure};
use crate::progress::Progress;
use crate::sheets::Sheet;
use crate::store::Store;

impl Desk {
    pub(super) fn export_sheet(&mut self, path: &Path, sheet: Sheet) -> Effect {
        let text = sheet.render(self.session.deck(), &self.session.progress().settings);
        let said = match crate::store::write_file_atomically(path, text.as_bytes()) {
            Ok(()) => {
                self.file_places.used(path);
                format!("{} written to {}.", sheet.name(), path.display())
            }
            Err(error) => logged_failure(error.to_string()),
        };
        Effect::Said(Screen::Statistics, said)
    }

    pub(super) fn export(&mut self, path: &Path) -> Effect {
        let said = match Store::export(self.session.progress(), path) {
            Ok(()) => {
                self.file_places.used(path);
                format!("Progress exported to {}.", path.display())
            }
            Err(error) => logged_failure(error.to_string()),
        };
        Effect::Said(Screen::Statistics, said)
    }

    pub(super) fn import(&mut self, path: &Path, now: DateTime<FixedOffset>) -> Effect {
        let said = match Store::import(path) {
            Ok(other) => {
                self.file_places.used(path);
                let mut merged = self.session.progress().clone();
                let summary = merged.merge(other);
                self.session.replace_progress(merged, now);
                self.save();
                format!(
                    "Imported {}: {} card(s) updated, {} review(s) added.",
                    path.display(),
                    summary.cards_taken,
                    summary.reviews_added
                )
            }
            Err(error) => logged_failure(error.to_string()),
        };
        Effect::Said(Screen::Statistics, said)
    }

    pub(super) fn reset_all(&mut self, now: DateTime<FixedOffset>) -> Effect {
        let kept = if self.writable { self.store.keep_before_reset(now.to_utc()) } else { Ok(None) };
        let said = match kept {
            Err(error) => logged_failure(format!("Nothing was reset: {error}")),
            Ok(kept) => {
                let settings = self.session.progress().settings.clone();
                self.session.replace_progress(Progress { settings, ..Default::default() }, now);
                self.save();
                match kept {
                    Some(path) => format!("All progress was reset. The old file was kept as {}.", path.display()),
                    None => "All progress was reset.".to_string(),
                }
            }
        };
        Effect::Said(Screen::Statistics, said)
    }
}
