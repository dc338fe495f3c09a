//! Several learners on one machine: each profile has its own folder (and so its own
//! progress, settings, drill history and lock). The "default" profile is the config
//! folder itself, so a single learner never sees profiles at all; others live in
//! `profiles/<name>/`. Deleting moves the folder aside rather than removing it.

use std::fs;
use std::io;
use std::path::PathBuf;

use chrono::{DateTime, Utc};

use crate::store::Store;

pub const DEFAULT_PROFILE: &str = "default";
const LAST_USED_FILE: &str = "last-profile.txt";

/// The profiles under one config folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Profiles {
    root: PathBuf,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ProfileError {
    #[error("a profile name is 1 to 40 letters, digits, spaces, - or _")]
    BadName,
    #[error("there is already a profile called {0}")]
    Exists(String),
    #[error("{0} is a name Windows keeps for a device (CON, PRN, AUX, NUL, COM1-9, LPT1-9); choose another")]
    Reserved(String),
    #[error("{new} differs from the profile {existing} only in case: on Windows and macOS they would be one folder")]
    SameButCase { new: String, existing: String },
    #[error("there is no profile called {0}")]
    Missing(String),
    #[error("the default profile cannot be renamed or deleted")]
    Default,
    #[error("{0}")]
    Io(String),
}

impl From<io::Error> for ProfileError {
    fn from(error: io::Error) -> Self {
        ProfileError::Io(error.to_string())
    }
}

impl Profiles {
    pub fn at(root: impl Into<PathBuf>) -> Self {
        Profiles { root: root.into() }
    }

    fn folder(&self, name: &str) -> PathBuf {
        if name == DEFAULT_PROFILE { self.root.clone() } else { self.root.join("profiles").join(name) }
    }

    /// Where a profile's files live.
    pub fn store(&self, name: &str) -> Store {
        Store::at(self.folder(name))
    }

    /// "default" first, then the others by name.
    pub fn list(&self) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(self.root.join("profiles"))
            .map(|entries| {
                entries
                    .filter_map(Result::ok)
                    .filter(|entry| entry.path().is_dir())
                    .map(|entry| entry.file_name().to_string_lossy().into_owned())
                    .filter(|name| !name.starts_with('.'))
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        names.insert(0, DEFAULT_PROFILE.to_string());
        names
    }

    pub fn exists(&self, name: &str) -> bool {
        name == DEFAULT_PROFILE || self.folder(name).is_dir()
    }

    /// The profile opened last time, if it still exists.
    pub fn last_used(&self) -> String {
        fs::read_to_string(self.root.join(LAST_USED_FILE))
            .ok()
            .map(|text| text.trim().to_string())
            .filter(|name| self.exists(name))
            .unwrap_or_else(|| DEFAULT_PROFILE.to_string())
    }

    pub fn set_last_used(&self, name: &str) -> io::Result<()> {
        fs::create_dir_all(&self.root)?;
        fs::write(self.root.join(LAST_USED_FILE), name)
    }

    pub fn create(&self, name: &str) -> Result<(), ProfileError> {
        let name = checked_name(name)?;
        if self.exists(name) {
            return Err(ProfileError::Exists(name.to_string()));
        }
        self.refuse_case_twin(name, None)?;
        fs::create_dir_all(self.folder(name))?;
        Ok(())
    }

    pub fn rename(&self, old: &str, new: &str) -> Result<(), ProfileError> {
        let new = checked_name(new)?;
        if old == DEFAULT_PROFILE {
            return Err(ProfileError::Default);
        }
        if !self.exists(old) {
            return Err(ProfileError::Missing(old.to_string()));
        }
        if self.exists(new) && new != old {
            return Err(ProfileError::Exists(new.to_string()));
        }
        self.refuse_case_twin(new, Some(old))?;
        let was_last_used = self.last_used() == old;
        fs::rename(self.folder(old), self.folder(new))?;
        if was_last_used {
            self.set_last_used(new)?;
        }
        Ok(())
    }

    /// Moves the profile's folder aside (`profiles/.deleted-<name>-<time>`) and
    /// returns where, so nothing is really lost.
    pub fn delete(&self, name: &str, now: DateTime<Utc>) -> Result<PathBuf, ProfileError> {
        if name == DEFAULT_PROFILE {
            return Err(ProfileError::Default);
        }
        if !self.exists(name) {
            return Err(ProfileError::Missing(name.to_string()));
        }
        let kept = self.root.join("profiles").join(format!(".deleted-{name}-{}", now.format("%Y%m%d-%H%M%S")));
        fs::rename(self.folder(name), &kept)?;
        Ok(kept)
    }
}

impl Profiles {
    /// Windows and macOS folders ignore case: "ana" and "Ana" would be one folder, so
    /// a name that only differs in case from another profile is refused everywhere
    /// (renaming a profile to another case of its own name is fine).
    fn refuse_case_twin(&self, name: &str, renaming: Option<&str>) -> Result<(), ProfileError> {
        let twin = self.list().into_iter().find(|existing| {
            existing != name && Some(existing.as_str()) != renaming && existing.to_lowercase() == name.to_lowercase()
        });
        match twin {
            Some(existing) => Err(ProfileError::SameButCase { new: name.to_string(), existing }),
            None => Ok(()),
        }
    }
}

/// Device names Windows refuses as a folder name, whatever the case.
const WINDOWS_RESERVED: [&str; 22] = [
    "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9", "LPT1", "LPT2",
    "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
];

/// A name every system can use as a folder: letters, digits, spaces, - and _, not a
/// Windows device name. Spaces at the ends are trimmed (Windows drops them silently);
/// dots are refused, so no name ends in one.
fn checked_name(name: &str) -> Result<&str, ProfileError> {
    let name = name.trim();
    let allowed = |c: char| c.is_alphanumeric() || " -_".contains(c);
    if name.is_empty()
        || name.chars().count() > 40
        || !name.chars().all(allowed)
        || name.eq_ignore_ascii_case(DEFAULT_PROFILE)
    {
        return Err(ProfileError::BadName);
    }
    if WINDOWS_RESERVED.iter().any(|reserved| name.eq_ignore_ascii_case(reserved)) {
        return Err(ProfileError::Reserved(name.to_string()));
    }
    Ok(name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::Progress;
    use crate::testing::now;

    #[test]
    fn the_default_profile_is_the_config_folder_itself() {
        let dir = tempfile::tempdir().unwrap();
        let profiles = Profiles::at(dir.path());
        assert_eq!(profiles.list(), ["default"]);
        assert_eq!(profiles.store("default").dir(), dir.path());
        assert_eq!(profiles.last_used(), "default");
    }

    #[test]
    fn create_rename_delete_and_last_used() {
        let dir = tempfile::tempdir().unwrap();
        let profiles = Profiles::at(dir.path());
        profiles.create("Ana").unwrap();
        profiles.create("Ben 2").unwrap();
        assert_eq!(profiles.create("Ana"), Err(ProfileError::Exists("Ana".into())));
        assert_eq!(profiles.create("../evil"), Err(ProfileError::BadName));
        assert_eq!(profiles.create(""), Err(ProfileError::BadName));
        assert_eq!(profiles.list(), ["default", "Ana", "Ben 2"]);
        profiles.store("Ana").save(&Progress::default()).unwrap();
        profiles.set_last_used("Ana").unwrap();
        assert_eq!(profiles.last_used(), "Ana");
        profiles.rename("Ana", "Anna").unwrap();
        assert!(profiles.store("Anna").progress_path().exists());
        assert_eq!(profiles.last_used(), "Anna", "the last-used mark follows a rename");
        assert_eq!(profiles.rename("default", "x"), Err(ProfileError::Default));
        let kept = profiles.delete("Anna", now()).unwrap();
        assert!(kept.join("progress.json").exists(), "a deleted profile is kept aside");
        assert_eq!(profiles.list(), ["default", "Ben 2"]);
        assert_eq!(profiles.last_used(), "default", "a deleted last profile falls back to default");
        assert_eq!(profiles.delete("default", now()), Err(ProfileError::Default));
    }

    #[test]
    fn names_no_system_can_hold_are_refused_on_every_system() {
        let dir = tempfile::tempdir().unwrap();
        let profiles = Profiles::at(dir.path());
        for reserved in ["CON", "con", "Prn", "AUX", "nul", "COM1", "com9", "LPT1", "lpt9"] {
            assert_eq!(profiles.create(reserved), Err(ProfileError::Reserved(reserved.into())), "{reserved}");
        }
        for fine in ["CONSOLE", "COM10", "Connor"] {
            assert_eq!(profiles.create(fine), Ok(()), "{fine}");
        }
        assert_eq!(profiles.create("Ana."), Err(ProfileError::BadName), "a trailing dot");
        assert_eq!(profiles.create("Default"), Err(ProfileError::BadName));
        profiles.create("  Ben  ").unwrap();
        assert!(profiles.exists("Ben"), "spaces at the ends are trimmed, as Windows would");
        profiles.create("Ana").unwrap();
        assert_eq!(
            profiles.create("ana"),
            Err(ProfileError::SameButCase { new: "ana".into(), existing: "Ana".into() })
        );
        assert_eq!(
            profiles.rename("Ben", "ANA"),
            Err(ProfileError::SameButCase { new: "ANA".into(), existing: "Ana".into() })
        );
        profiles.rename("Ana", "ANA").expect("a profile may change the case of its own name");
        assert!(profiles.exists("ANA"));
        let message = ProfileError::Reserved("CON".into()).to_string();
        assert!(message.starts_with("CON is a name Windows keeps for a device"), "{message}");
    }
}
