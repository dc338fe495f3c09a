//! Choosing where a file goes or which file to read: the state behind the window's
//! file dialog, without the drawing, so that every step is tested on real folders.
//!
//! The dialog proposes a dated name in the learner's documents folder (or the
//! folder they used last), lists the folders and the files of the kind asked for,
//! and asks before it creates a folder or replaces a file: nothing is written or
//! created without the learner saying so.

use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, FixedOffset};

/// What a file dialog is choosing, which decides its name, its extension and
/// whether it saves or opens.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    /// Progress exported to move it to another machine.
    ProgressExport,
    /// Progress read back and merged.
    ProgressImport,
    /// The cards as a file Anki imports.
    AnkiDeck,
    /// The port table as a one-page Markdown sheet.
    CheatSheet,
    /// A self-test's report as a spreadsheet.
    SelfTestCsv,
    /// A self-test's report as Markdown.
    SelfTestMarkdown,
    /// A live round's answers, a row per student per question.
    LiveResults,
}

/// Whether the dialog writes a new file or reads one that exists.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    Save,
    Open,
}

impl FileKind {
    pub fn purpose(self) -> Purpose {
        if self == FileKind::ProgressImport { Purpose::Open } else { Purpose::Save }
    }

    /// The extension the files of this kind carry, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            FileKind::ProgressExport | FileKind::ProgressImport => "json",
            FileKind::AnkiDeck => "txt",
            FileKind::CheatSheet | FileKind::SelfTestMarkdown => "md",
            FileKind::SelfTestCsv => "csv",
            // A workbook by default; a name ending in .csv writes a CSV instead.
            FileKind::LiveResults => "xlsx",
        }
    }

    /// The extensions the dialog lists: the kind's own, and the others it can write.
    pub fn listed_extensions(self) -> &'static [&'static str] {
        match self {
            FileKind::LiveResults => &["xlsx", "csv"],
            FileKind::ProgressExport | FileKind::ProgressImport => &["json"],
            FileKind::AnkiDeck => &["txt"],
            FileKind::CheatSheet | FileKind::SelfTestMarkdown => &["md"],
            FileKind::SelfTestCsv => &["csv"],
        }
    }

    /// The dialog's title.
    pub fn title(self) -> &'static str {
        match self {
            FileKind::ProgressExport => "Export progress",
            FileKind::ProgressImport => "Import and merge progress",
            FileKind::AnkiDeck => "Export for Anki",
            FileKind::CheatSheet => "Write the cheat sheet",
            FileKind::SelfTestCsv => "Export the self-test as CSV",
            FileKind::SelfTestMarkdown => "Export the self-test as Markdown",
            FileKind::LiveResults => "Save the round's results",
        }
    }

    /// The name proposed for a new file: what it holds and when. Reports and rounds
    /// carry the time as well, as a teacher may run several a day.
    pub fn proposed_name(self, now: DateTime<FixedOffset>) -> String {
        let stem = match self {
            FileKind::ProgressExport | FileKind::ProgressImport => "portcards-progress",
            FileKind::AnkiDeck => "portcards-anki",
            FileKind::CheatSheet => "portcards-cheat-sheet",
            FileKind::SelfTestCsv | FileKind::SelfTestMarkdown => "portcards-self-test",
            FileKind::LiveResults => "portcards-live-round",
        };
        let when = match self {
            FileKind::SelfTestCsv | FileKind::SelfTestMarkdown | FileKind::LiveResults => now.format("%Y-%m-%d-%H%M"),
            _ => now.format("%Y-%m-%d"),
        };
        format!("{stem}-{when}.{}", self.extension())
    }
}

/// One line of the folder's listing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub name: String,
    pub is_folder: bool,
}

/// What the dialog needs the learner to confirm before it goes on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Question {
    /// The folder typed or proposed does not exist.
    CreateFolder(PathBuf),
    /// A file of that name is already there.
    Replace(PathBuf),
}

impl Question {
    pub fn sentence(&self) -> String {
        match self {
            Question::CreateFolder(folder) => {
                format!("The folder {} does not exist. Create it?", folder.display())
            }
            Question::Replace(file) => format!("{} already exists. Replace it?", file.display()),
        }
    }
}

/// Where a step of the dialog leaves it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    /// The learner chose this file: write it or read it.
    Chosen(PathBuf),
    /// The dialog stays open: it moved to a folder, asks a question (see
    /// [`FileDialog::question`]) or says a problem ([`FileDialog::problem`]).
    Stay,
}

/// A save or open dialog: a folder, its listing, and the file name being typed.
#[derive(Clone, Debug)]
pub struct FileDialog {
    kind: FileKind,
    folder: PathBuf,
    /// The file name as typed; a path (absolute, or under the folder) also works.
    pub name: String,
    entries: Vec<Entry>,
    /// Said instead of the listing: the folder is missing or unreadable.
    listing_note: Option<String>,
    problem: Option<String>,
    question: Option<Question>,
}

impl FileDialog {
    /// A dialog for `kind` open in `folder`, proposing a dated name when it saves.
    pub fn new(kind: FileKind, folder: &Path, now: DateTime<FixedOffset>) -> FileDialog {
        let name = match kind.purpose() {
            Purpose::Save => kind.proposed_name(now),
            Purpose::Open => String::new(),
        };
        let mut dialog = FileDialog {
            kind,
            folder: folder.to_path_buf(),
            name,
            entries: Vec::new(),
            listing_note: None,
            problem: None,
            question: None,
        };
        dialog.refresh();
        dialog
    }

    pub fn kind(&self) -> FileKind {
        self.kind
    }

    pub fn purpose(&self) -> Purpose {
        self.kind.purpose()
    }

    pub fn folder(&self) -> &Path {
        &self.folder
    }

    /// The folders, then the files of this kind, each sorted by name; hidden ones left out.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// Why the listing is empty, when it is not simply an empty folder.
    pub fn listing_note(&self) -> Option<&str> {
        self.listing_note.as_deref()
    }

    /// What stopped the last step ("Type a file name.").
    pub fn problem(&self) -> Option<&str> {
        self.problem.as_deref()
    }

    /// What the dialog asks before it goes on.
    pub fn question(&self) -> Option<&Question> {
        self.question.as_ref()
    }

    /// Reads the folder again.
    pub fn refresh(&mut self) {
        self.entries.clear();
        self.listing_note = None;
        let listing = match fs::read_dir(&self.folder) {
            Ok(listing) => listing,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                self.listing_note = Some(match self.kind.purpose() {
                    Purpose::Save => "This folder does not exist yet: saving offers to create it.".to_string(),
                    Purpose::Open => "This folder does not exist.".to_string(),
                });
                return;
            }
            Err(error) => {
                self.listing_note = Some(format!("This folder cannot be read: {error}"));
                return;
            }
        };
        let wanted = self.kind.listed_extensions();
        for item in listing.flatten() {
            let name = item.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') {
                continue;
            }
            // `metadata` follows links, so a link to a folder is listed as a folder.
            let is_folder = fs::metadata(item.path()).is_ok_and(|meta| meta.is_dir());
            let of_this_kind = Path::new(&name)
                .extension()
                .is_some_and(|ext| wanted.iter().any(|wanted| ext.eq_ignore_ascii_case(wanted)));
            if is_folder || of_this_kind {
                self.entries.push(Entry { name, is_folder });
            }
        }
        self.entries.sort_by_cached_key(|entry| (!entry.is_folder, entry.name.to_lowercase()));
    }

    /// Moves to `folder` (typed, or an entry's), keeping the name.
    pub fn go_to(&mut self, folder: &Path) {
        self.folder = self.resolve(folder);
        self.question = None;
        self.problem = None;
        self.refresh();
    }

    /// Moves to the folder that holds this one.
    pub fn up(&mut self) {
        if let Some(parent) = self.folder.parent() {
            let parent = parent.to_path_buf();
            self.go_to(&parent);
        }
    }

    /// An entry was picked: a folder opens, a file's name goes into the name field.
    pub fn pick(&mut self, entry: &Entry) {
        if entry.is_folder {
            let folder = self.folder.join(&entry.name);
            self.go_to(&folder);
        } else {
            self.name = entry.name.clone();
            self.problem = None;
            self.question = None;
        }
    }

    /// The file the name stands for: a bare name in the current folder, a path as typed
    /// (`~` is the home folder); when saving, the kind's extension if the name has none.
    pub fn target(&self) -> Option<PathBuf> {
        let typed = self.name.trim();
        if typed.is_empty() {
            return None;
        }
        let mut path = self.resolve(Path::new(typed));
        if self.kind.purpose() == Purpose::Save && path.extension().is_none() {
            path.set_extension(self.kind.extension());
        }
        Some(path)
    }

    /// Save or Open was pressed (or Enter): the chosen file, or a question or problem.
    pub fn confirm(&mut self) -> Step {
        self.problem = None;
        self.question = None;
        let Some(target) = self.target() else {
            self.problem = Some("Type a file name.".to_string());
            return Step::Stay;
        };
        if target.is_dir() {
            self.name.clear();
            self.go_to(&target);
            return Step::Stay;
        }
        match self.kind.purpose() {
            Purpose::Open if !target.is_file() => {
                self.problem = Some(format!("There is no file {}.", target.display()));
                Step::Stay
            }
            Purpose::Open => Step::Chosen(target),
            Purpose::Save => self.check_save(target),
        }
    }

    /// The answer to the question: yes creates the folder or allows the replacement
    /// and goes on; no leaves everything as it was.
    pub fn answer(&mut self, yes: bool) -> Step {
        let Some(question) = self.question.take() else { return Step::Stay };
        if !yes {
            return Step::Stay;
        }
        match question {
            Question::CreateFolder(folder) => match fs::create_dir_all(&folder) {
                Ok(()) => {
                    let Some(target) = self.target() else { return Step::Stay };
                    self.refresh();
                    self.check_save(target)
                }
                Err(error) => {
                    self.problem = Some(format!("Could not create {}: {error}", folder.display()));
                    Step::Stay
                }
            },
            Question::Replace(file) => Step::Chosen(file),
        }
    }

    fn check_save(&mut self, target: PathBuf) -> Step {
        let folder = target.parent().map(Path::to_path_buf).unwrap_or_default();
        if !folder.as_os_str().is_empty() && !folder.is_dir() {
            if folder.exists() {
                self.problem = Some(format!("{} is a file, not a folder.", folder.display()));
            } else {
                self.question = Some(Question::CreateFolder(folder));
            }
            return Step::Stay;
        }
        if target.exists() {
            self.question = Some(Question::Replace(target));
            return Step::Stay;
        }
        Step::Chosen(target)
    }

    /// A path as the learner means it: `~` is the home folder, a relative path is under
    /// the current folder.
    fn resolve(&self, typed: &Path) -> PathBuf {
        let home = || directories::UserDirs::new().map(|dirs| dirs.home_dir().to_path_buf());
        if let Ok(rest) = typed.strip_prefix("~")
            && let Some(home) = home()
        {
            return home.join(rest);
        }
        if typed.is_absolute() { typed.to_path_buf() } else { self.folder.join(typed) }
    }
}

/// Which file dialog the window opens.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum DialogStyle {
    /// The dialog drawn in the window ([`FileDialog`]): where the system has none that
    /// answers (no desktop portal, a bare X server) and in the window tests.
    #[default]
    InApp,
    /// The system's own: Windows' common dialog, the macOS panel, the desktop portal.
    System,
}

/// Set to `in-app` or `system` to choose the file dialog by hand, whatever the system.
pub const DIALOG_STYLE_VARIABLE: &str = "PORTCARDS_FILE_DIALOG";

/// The file dialog for a system (`std::env::consts::OS`) and its environment: the
/// system's own on Windows and macOS, which always have one; on Linux and the BSDs
/// only inside a desktop session with a session bus, where the desktop portal runs
/// (under a bare X server, as in CI, nothing would answer); the dialog drawn in the
/// window elsewhere. [`DIALOG_STYLE_VARIABLE`] overrides it.
pub fn dialog_style_for(os: &str, env: impl Fn(&str) -> Option<OsString>) -> DialogStyle {
    let set = |name: &str| env(name).is_some_and(|value| !value.is_empty());
    match env(DIALOG_STYLE_VARIABLE).as_deref().and_then(|value| value.to_str()) {
        Some("in-app") => return DialogStyle::InApp,
        Some("system") => return DialogStyle::System,
        _ => {}
    }
    match os {
        "windows" | "macos" => DialogStyle::System,
        "linux" | "freebsd" | "dragonfly" | "netbsd" | "openbsd"
            if set("DBUS_SESSION_BUS_ADDRESS") && set("XDG_CURRENT_DESKTOP") =>
        {
            DialogStyle::System
        }
        _ => DialogStyle::InApp,
    }
}

/// What the system's dialog gave back, read by [`system_answer`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SystemAnswer {
    /// The learner chose this file: write it or read it.
    Chosen(PathBuf),
    /// The learner closed the dialog without choosing.
    Cancelled,
    /// Nothing came back before a person could have seen the dialog: none showed (no
    /// portal answered, the system refused). The window opens its own dialog instead.
    Unanswered,
}

/// Faster than anyone can close a dialog they were shown: an empty answer this soon
/// means that no dialog showed.
pub const SYSTEM_DIALOG_NEVER_SHOWN: Duration = Duration::from_millis(400);

/// Reads the system dialog's answer for `kind`, given `open_for`, how long it was
/// open. A file saved without an extension gets the kind's, as in the window's dialog
/// (a system dialog that replaces a file has asked the learner already).
pub fn system_answer(kind: FileKind, picked: Option<PathBuf>, open_for: Duration) -> SystemAnswer {
    match picked {
        Some(path) if kind.purpose() == Purpose::Save && path.extension().is_none() => {
            SystemAnswer::Chosen(path.with_extension(kind.extension()))
        }
        Some(path) => SystemAnswer::Chosen(path),
        None if open_for < SYSTEM_DIALOG_NEVER_SHOWN => SystemAnswer::Unanswered,
        None => SystemAnswer::Cancelled,
    }
}

/// The learner's documents folder, else the home folder, else the working folder.
pub fn documents_folder() -> PathBuf {
    directories::UserDirs::new()
        .map(|dirs| documents_in(dirs.document_dir(), dirs.home_dir()))
        .unwrap_or_else(|| PathBuf::from("."))
}

/// The documents folder the system names, else `Documents` in the home folder when it
/// is there (a Linux desktop without `user-dirs.dirs` names none, though the folder
/// exists), else the home folder.
fn documents_in(named: Option<&Path>, home: &Path) -> PathBuf {
    match named {
        Some(named) => named.to_path_buf(),
        None if home.join("Documents").is_dir() => home.join("Documents"),
        None => home.to_path_buf(),
    }
}

/// Where file dialogs open: the folder last used in this run, else the documents
/// folder (which may not exist yet: the dialog offers to create it).
#[derive(Clone, Debug)]
pub struct FilePlaces {
    documents: PathBuf,
    last_used: Option<PathBuf>,
    style: DialogStyle,
}

impl FilePlaces {
    /// Places for the dialog drawn in the window; [`FilePlaces::use_style`] chooses
    /// the system's.
    pub fn new(documents: PathBuf) -> FilePlaces {
        FilePlaces { documents, last_used: None, style: DialogStyle::InApp }
    }

    /// Which dialog the window opens.
    pub fn style(&self) -> DialogStyle {
        self.style
    }

    pub fn use_style(&mut self, style: DialogStyle) {
        self.style = style;
    }

    pub fn documents(&self) -> &Path {
        &self.documents
    }

    /// The folder a new dialog opens in.
    pub fn start(&self) -> &Path {
        self.last_used.as_deref().unwrap_or(&self.documents)
    }

    /// A file was written or read there: the next dialog opens beside it.
    pub fn used(&mut self, file: &Path) {
        if let Some(folder) = file.parent().filter(|folder| !folder.as_os_str().is_empty()) {
            self.last_used = Some(folder.to_path_buf());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339("2026-12-06T21:30:00+01:00").unwrap()
    }

    fn environment(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<OsString> {
        let pairs: Vec<(String, OsString)> =
            pairs.iter().map(|(name, value)| (name.to_string(), OsString::from(value))).collect();
        move |name| pairs.iter().find(|(known, _)| known == name).map(|(_, value)| value.clone())
    }

    #[test]
    fn windows_and_macos_use_the_systems_dialog() {
        assert_eq!(dialog_style_for("windows", environment(&[])), DialogStyle::System);
        assert_eq!(dialog_style_for("macos", environment(&[])), DialogStyle::System);
    }

    #[test]
    fn linux_uses_the_portal_only_in_a_desktop_session_with_a_bus() {
        let desktop = [("DBUS_SESSION_BUS_ADDRESS", "unix:path=/run/user/1000/bus"), ("XDG_CURRENT_DESKTOP", "GNOME")];
        assert_eq!(dialog_style_for("linux", environment(&desktop)), DialogStyle::System);
        assert_eq!(dialog_style_for("freebsd", environment(&desktop)), DialogStyle::System);
        // A bare X server (CI, a remote session): nothing would answer.
        assert_eq!(dialog_style_for("linux", environment(&[])), DialogStyle::InApp);
        assert_eq!(dialog_style_for("linux", environment(&desktop[..1])), DialogStyle::InApp);
        assert_eq!(dialog_style_for("linux", environment(&desktop[1..])), DialogStyle::InApp);
        assert_eq!(
            dialog_style_for("linux", environment(&[("DBUS_SESSION_BUS_ADDRESS", ""), ("XDG_CURRENT_DESKTOP", "KDE")])),
            DialogStyle::InApp
        );
        assert_eq!(dialog_style_for("haiku", environment(&desktop)), DialogStyle::InApp);
    }

    #[test]
    fn the_variable_chooses_by_hand() {
        let in_app = [(DIALOG_STYLE_VARIABLE, "in-app")];
        assert_eq!(dialog_style_for("windows", environment(&in_app)), DialogStyle::InApp);
        assert_eq!(dialog_style_for("linux", environment(&[(DIALOG_STYLE_VARIABLE, "system")])), DialogStyle::System);
        assert_eq!(dialog_style_for("windows", environment(&[(DIALOG_STYLE_VARIABLE, "other")])), DialogStyle::System);
    }

    #[test]
    fn places_open_the_in_app_dialog_until_told_otherwise() {
        let mut places = FilePlaces::new(PathBuf::from("docs"));
        assert_eq!(places.style(), DialogStyle::InApp);
        places.use_style(DialogStyle::System);
        assert_eq!(places.style(), DialogStyle::System);
    }

    #[test]
    fn a_system_dialogs_empty_answer_is_a_cancel_only_once_it_could_have_been_seen() {
        let seen = SYSTEM_DIALOG_NEVER_SHOWN + Duration::from_millis(1);
        let instant = SYSTEM_DIALOG_NEVER_SHOWN - Duration::from_millis(1);
        assert_eq!(system_answer(FileKind::AnkiDeck, None, seen), SystemAnswer::Cancelled);
        assert_eq!(system_answer(FileKind::AnkiDeck, None, instant), SystemAnswer::Unanswered);
        assert_eq!(system_answer(FileKind::ProgressImport, None, Duration::ZERO), SystemAnswer::Unanswered);
    }

    #[test]
    fn a_file_saved_in_the_systems_dialog_gets_the_kinds_extension() {
        let chosen = |kind, path: &str| system_answer(kind, Some(PathBuf::from(path)), Duration::from_secs(5));
        assert_eq!(chosen(FileKind::AnkiDeck, "/home/a/deck"), SystemAnswer::Chosen(PathBuf::from("/home/a/deck.txt")));
        assert_eq!(chosen(FileKind::SelfTestCsv, "/a/r.csv"), SystemAnswer::Chosen(PathBuf::from("/a/r.csv")));
        // A file read keeps its name, extension or not; so does a fast pick.
        assert_eq!(chosen(FileKind::ProgressImport, "/a/backup"), SystemAnswer::Chosen(PathBuf::from("/a/backup")));
        assert_eq!(
            system_answer(FileKind::CheatSheet, Some(PathBuf::from("/a/s.md")), Duration::ZERO),
            SystemAnswer::Chosen(PathBuf::from("/a/s.md"))
        );
    }

    #[test]
    fn a_save_proposes_a_dated_name_with_the_kinds_extension() {
        let dir = tempfile::tempdir().unwrap();
        let dialog = FileDialog::new(FileKind::ProgressExport, dir.path(), now());
        assert_eq!(dialog.name, "portcards-progress-2026-12-06.json");
        assert_eq!(FileKind::LiveResults.proposed_name(now()), "portcards-live-round-2026-12-06-2130.xlsx");
        assert_eq!(FileKind::SelfTestMarkdown.proposed_name(now()), "portcards-self-test-2026-12-06-2130.md");
        assert_eq!(FileDialog::new(FileKind::ProgressImport, dir.path(), now()).name, "");
    }

    #[test]
    fn the_listing_has_folders_first_then_files_of_the_kind_and_no_hidden_ones() {
        let dir = tempfile::tempdir().unwrap();
        for file in ["b.json", "A.json", "notes.txt", ".hidden.json"] {
            fs::write(dir.path().join(file), "{}").unwrap();
        }
        fs::create_dir(dir.path().join("zeta")).unwrap();
        fs::create_dir(dir.path().join(".cache")).unwrap();
        let dialog = FileDialog::new(FileKind::ProgressImport, dir.path(), now());
        let names: Vec<&str> = dialog.entries().iter().map(|entry| entry.name.as_str()).collect();
        assert_eq!(names, ["zeta", "A.json", "b.json"]);
        assert!(dialog.entries()[0].is_folder);
    }

    #[test]
    fn saving_into_a_missing_folder_asks_first_and_creates_it_only_on_yes() {
        let dir = tempfile::tempdir().unwrap();
        let documents = dir.path().join("Documents");
        let mut dialog = FileDialog::new(FileKind::SelfTestCsv, &documents, now());
        assert!(dialog.listing_note().unwrap().contains("does not exist yet"));
        assert_eq!(dialog.confirm(), Step::Stay);
        assert_eq!(dialog.question(), Some(&Question::CreateFolder(documents.clone())));
        assert_eq!(dialog.answer(false), Step::Stay);
        assert!(!documents.exists(), "no means nothing was created");
        assert_eq!(dialog.confirm(), Step::Stay);
        let chosen = dialog.answer(true);
        assert_eq!(chosen, Step::Chosen(documents.join("portcards-self-test-2026-12-06-2130.csv")));
        assert!(documents.is_dir());
    }

    #[test]
    fn a_typed_path_with_new_folders_asks_for_the_innermost() {
        let dir = tempfile::tempdir().unwrap();
        let mut dialog = FileDialog::new(FileKind::AnkiDeck, dir.path(), now());
        dialog.name = "class/week 1/deck".to_string();
        assert_eq!(dialog.confirm(), Step::Stay);
        let folder = dir.path().join("class").join("week 1");
        assert_eq!(dialog.question(), Some(&Question::CreateFolder(folder.clone())));
        assert_eq!(dialog.answer(true), Step::Chosen(folder.join("deck.txt")), "the extension is added");
    }

    #[test]
    fn an_existing_file_is_replaced_only_when_the_learner_says_so() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("portcards-progress-2026-12-06.json");
        fs::write(&file, "{}").unwrap();
        let mut dialog = FileDialog::new(FileKind::ProgressExport, dir.path(), now());
        assert_eq!(dialog.confirm(), Step::Stay);
        assert!(dialog.question().unwrap().sentence().contains("already exists. Replace it?"));
        assert_eq!(dialog.answer(false), Step::Stay);
        assert_eq!(dialog.question(), None);
        dialog.confirm();
        assert_eq!(dialog.answer(true), Step::Chosen(file));
    }

    #[test]
    fn opening_needs_a_file_that_exists_and_a_folder_name_moves_into_it() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("backups")).unwrap();
        fs::write(dir.path().join("backups").join("old.json"), "{}").unwrap();
        let mut dialog = FileDialog::new(FileKind::ProgressImport, dir.path(), now());
        assert_eq!(dialog.confirm(), Step::Stay);
        assert_eq!(dialog.problem(), Some("Type a file name."));
        dialog.name = "backups".to_string();
        assert_eq!(dialog.confirm(), Step::Stay);
        assert_eq!(dialog.folder(), dir.path().join("backups"));
        dialog.name = "missing.json".to_string();
        assert_eq!(dialog.confirm(), Step::Stay);
        assert!(dialog.problem().unwrap().starts_with("There is no file"));
        let entry = dialog.entries()[0].clone();
        dialog.pick(&entry);
        assert_eq!(dialog.confirm(), Step::Chosen(dir.path().join("backups").join("old.json")));
        dialog.up();
        assert_eq!(dialog.folder(), dir.path());
    }

    #[test]
    fn a_file_where_a_folder_should_be_is_a_problem_not_a_question() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("taken"), "").unwrap();
        let mut dialog = FileDialog::new(FileKind::CheatSheet, dir.path(), now());
        dialog.name = "taken/sheet.md".to_string();
        assert_eq!(dialog.confirm(), Step::Stay);
        assert_eq!(dialog.question(), None);
        assert!(dialog.problem().unwrap().contains("is a file, not a folder"));
    }

    #[test]
    fn the_next_dialog_opens_where_the_last_file_went() {
        let mut places = FilePlaces::new(PathBuf::from("/home/ana/Documents"));
        assert_eq!(places.start(), Path::new("/home/ana/Documents"));
        places.used(Path::new("/media/usb/progress.json"));
        assert_eq!(places.start(), Path::new("/media/usb"));
        assert_eq!(places.documents(), Path::new("/home/ana/Documents"));
    }

    #[test]
    fn documents_is_the_named_folder_else_the_homes_documents_when_there_else_home() {
        let home = tempfile::tempdir().unwrap();
        assert_eq!(documents_in(None, home.path()), home.path(), "no Documents folder: home");
        std::fs::create_dir(home.path().join("Documents")).unwrap();
        assert_eq!(documents_in(None, home.path()), home.path().join("Documents"), "named by nobody, but there");
        let named = home.path().join("Dokumente");
        assert_eq!(documents_in(Some(&named), home.path()), named, "the system's name wins");
    }
}
