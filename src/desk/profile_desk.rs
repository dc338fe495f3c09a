//! Profiles on the desk: opening, creating, renaming and deleting learners' folders,
//! with the open profile's lock let go and taken again around a change to its own
//! folder.

use chrono::{DateTime, FixedOffset};

use super::{Desk, Effect, ProfileIntent, Screen};
use crate::profiles::DEFAULT_PROFILE;

impl Desk {
    pub(super) fn apply_profile(&mut self, intent: ProfileIntent, now: DateTime<FixedOffset>) -> Vec<Effect> {
        match intent {
            ProfileIntent::Open(name) => {
                self.switch_profile(&name, now);
                vec![Effect::ProfileSwitched, Effect::Open(Screen::Study), Effect::FocusAnswer]
            }
            ProfileIntent::Create(name) => {
                let said = match self.profiles.create(&name) {
                    Ok(()) => format!("Profile {} created.", name.trim()),
                    Err(error) => failure_said(&error),
                };
                vec![Effect::Said(Screen::Profiles, said)]
            }
            ProfileIntent::Rename { from, to } => self.rename_profile(from, &to, now),
            ProfileIntent::Delete(name) => self.delete_profile(&name, now),
        }
    }

    fn rename_profile(&mut self, from: String, to: &str, now: DateTime<FixedOffset>) -> Vec<Effect> {
        let renaming_open = from == self.profile;
        if renaming_open {
            self.release_lock();
        }
        let outcome = self.profiles.rename(&from, to);
        let said = match &outcome {
            Ok(()) => format!("{from} is now {}.", to.trim()),
            Err(error) => failure_said(error),
        };
        let mut effects = Vec::new();
        if renaming_open {
            let name = if outcome.is_ok() { to.trim().to_string() } else { from };
            self.switch_profile(&name, now);
            effects.push(Effect::ProfileSwitched);
        }
        effects.push(Effect::Said(Screen::Profiles, said));
        effects
    }

    fn delete_profile(&mut self, name: &str, now: DateTime<FixedOffset>) -> Vec<Effect> {
        let mut effects = Vec::new();
        if name == self.profile {
            self.switch_profile(DEFAULT_PROFILE, now);
            effects.push(Effect::ProfileSwitched);
        }
        let said = match self.profiles.delete(name, now.to_utc()) {
            Ok(kept) => format!("Profile {name} deleted; its files were kept in {}.", kept.display()),
            Err(error) => failure_said(&error),
        };
        effects.push(Effect::Said(Screen::Profiles, said));
        effects
    }
}

/// What a profile's failure says: a name the learner typed wrong is only said; a folder
/// that could not be changed is logged too.
fn failure_said(error: &crate::profiles::ProfileError) -> String {
    match error {
        crate::profiles::ProfileError::Io(_) => super::logged_failure(error.to_string()),
        _ => error.to_string(),
    }
}
