//! The command line: the study window by default, `check FILE` to validate a table.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use portcards::app::{PortcardsApp, Startup};
use portcards::clock::SystemClock;
use portcards::deck::Deck;
use portcards::facts::Facts;
use portcards::lookup::{self, Lookup};
use portcards::profiles::Profiles;
use portcards::services::Services;
use portcards::sheets::Sheet;
use portcards::store::Store;
use portcards::table::{self, PortTable};

#[derive(Parser)]
#[command(version, about = "Spaced-repetition flashcards for network port numbers")]
struct Cli {
    /// Study this markdown port table instead of the built-in one.
    #[arg(long, value_name = "FILE")]
    table: Option<PathBuf>,
    /// Keep progress in this folder instead of the user's config folder.
    #[arg(long, value_name = "DIR")]
    config_dir: Option<PathBuf>,
    /// Study as this learner (each profile has its own progress; made if new).
    #[arg(long, value_name = "NAME")]
    profile: Option<String>,
    /// Initial window size, such as 1280x800.
    #[arg(long, value_name = "WxH", value_parser = parse_size)]
    window_size: Option<(f32, f32)>,
    /// The seed of every shuffle and generated task, so that a run (a screenshot, a bug
    /// report) can be made again; by default the clock's.
    #[arg(long, hide = true)]
    seed: Option<u64>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Validate a port table: counts rows, core rows and cards, and lists every problem with its line.
    Check { file: PathBuf },
    /// Answer cards without a window, reporting each once saved (for the crash-safety test).
    #[cfg(feature = "test-support")]
    #[command(hide = true)]
    Drive {
        #[arg(long)]
        answers: usize,
        /// Save on the writer thread, as the window does.
        #[arg(long)]
        writer_thread: bool,
    },
    /// Serve a live round on loopback without a window, its first question open (for
    /// the kill test of the round's journal).
    #[cfg(feature = "test-support")]
    #[command(hide = true)]
    ServeRound {
        #[arg(long, default_value_t = 3)]
        questions: usize,
        /// Open the first question once this many players have joined.
        #[arg(long, default_value_t = 1)]
        players: usize,
    },
    /// Write the deck as a text file Anki and AnkiDroid import (the cards the last-used
    /// profile's settings ask; importing again updates the notes).
    ExportAnki { file: PathBuf },
    /// Write a one-page cheat sheet of the deck in Markdown, grouped by family.
    CheatSheet { file: PathBuf },
    /// Look a port up by number, acronym, full name or a typo of one: `portcards lookup smb`.
    Lookup {
        #[arg(required = true, num_args = 1..)]
        query: Vec<String>,
    },
}

fn parse_size(text: &str) -> Result<(f32, f32), String> {
    let (width, height) = text.split_once('x').ok_or("write the size as WIDTHxHEIGHT, such as 1280x800")?;
    let number = |part: &str| part.trim().parse::<f32>().map_err(|_| format!("\"{part}\" is not a number"));
    Ok((number(width)?, number(height)?))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Some(Command::Check { file }) => check(&file),
        #[cfg(feature = "test-support")]
        Some(Command::Drive { answers, writer_thread }) => drive(answers, writer_thread, cli.config_dir),
        #[cfg(feature = "test-support")]
        Some(Command::ServeRound { questions, players }) => serve_round(questions, players, cli.config_dir),
        Some(Command::Lookup { query }) => look_up(&query.join(" "), cli.table),
        Some(Command::ExportAnki { file }) => write_sheet(&file, Sheet::Anki, cli.table, cli.config_dir),
        Some(Command::CheatSheet { file }) => write_sheet(&file, Sheet::CheatSheet, cli.table, cli.config_dir),
        None => run_gui(cli.table, cli.config_dir, cli.profile, cli.window_size, cli.seed),
    };
    result.unwrap_or_else(|error| {
        eprintln!("portcards: {error:#}");
        ExitCode::from(2)
    })
}

fn check(file: &std::path::Path) -> anyhow::Result<ExitCode> {
    let table = table::read_table_file(file)?;
    let deck = Deck::build(table.rows.clone(), &Facts::builtin(), false);
    let exam_style = deck.cards.iter().filter(|card| card.direction.is_exam_kind()).count();
    println!(
        "{}: {} rows, {} core, {} cards and {exam_style} exam-style cards (counterparts, clear text, scenarios, families)",
        file.display(),
        table.rows.len(),
        table.core_count(),
        deck.cards.len() - exam_style
    );
    for problem in &table.problems {
        println!("  {problem}");
    }
    if table.problems.is_empty() {
        println!("no problems");
        Ok(ExitCode::SUCCESS)
    } else {
        println!("{} problem(s)", table.problems.len());
        Ok(ExitCode::from(1))
    }
}

#[cfg(feature = "test-support")]
fn drive(answers: usize, writer_thread: bool, config_dir: Option<PathBuf>) -> anyhow::Result<ExitCode> {
    let folder = match config_dir {
        Some(dir) => dir,
        None => Store::in_config_dir()?.dir().to_path_buf(),
    };
    let start = chrono::Local::now().fixed_offset();
    use portcards::headless::Saving;
    let saving = if writer_thread { Saving::WriterThread } else { Saving::InPlace };
    portcards::headless::drive(&folder, answers, start, saving, &mut std::io::stdout().lock())?;
    Ok(ExitCode::SUCCESS)
}

#[cfg(feature = "test-support")]
fn serve_round(questions: usize, players: usize, config_dir: Option<PathBuf>) -> anyhow::Result<ExitCode> {
    let folder = match config_dir {
        Some(dir) => dir,
        None => Store::in_config_dir()?.dir().to_path_buf(),
    };
    portcards::headless::serve_round(&folder, questions, players, &mut std::io::stdout().lock())?;
    Ok(ExitCode::SUCCESS)
}

fn write_sheet(
    file: &std::path::Path,
    sheet: Sheet,
    table_file: Option<PathBuf>,
    config_dir: Option<PathBuf>,
) -> anyhow::Result<ExitCode> {
    let table = match &table_file {
        Some(path) => table::read_table_file(path)?,
        None => table::parse_table(portcards::BUILTIN_TABLE),
    };
    let profiles = Profiles::at(match config_dir {
        Some(dir) => dir,
        None => Store::in_config_dir()?.dir().to_path_buf(),
    });
    // The learner's own choices (kinds asked, exam extras), read without touching the file.
    let settings = profiles.store(&profiles.last_used()).peek().progress.settings;
    let deck = Deck::build_kind(table.rows, &Facts::builtin(), settings.deck_kind());
    portcards::store::write_file_atomically(file, sheet.render(&deck, &settings).as_bytes())?;
    println!("{} written to {}", sheet.name(), file.display());
    Ok(ExitCode::SUCCESS)
}

fn look_up(query: &str, table_file: Option<PathBuf>) -> anyhow::Result<ExitCode> {
    let table = match &table_file {
        Some(path) => table::read_table_file(path)?,
        None => table::parse_table(portcards::BUILTIN_TABLE),
    };
    let facts = Facts::builtin();
    let deck = Deck::build(table.rows, &facts, true);
    // Ports outside the deck are named from the system's own list, where it has one.
    let system = std::fs::read_to_string("/etc/services").map(|text| Services::parse(&text)).unwrap_or_default();
    let services = Services::builtin().with(system);
    let (rows, heading) = match lookup::lookup_with(&deck, &facts, &services, query) {
        Lookup::Found(rows) => {
            let entries: Vec<String> = rows.iter().map(|&row| lookup::describe(&deck, row)).collect();
            print!("{}", entries.join("\n"));
            return Ok(ExitCode::SUCCESS);
        }
        Lookup::Invalid(why) => {
            println!("\"{query}\": {why}");
            return Ok(ExitCode::from(1));
        }
        Lookup::Elsewhere(label) => {
            println!("\"{query}\" is {label}.");
            return Ok(ExitCode::SUCCESS);
        }
        Lookup::IpProtocol(text) | Lookup::Outside(text) => {
            println!("{text}");
            return Ok(ExitCode::SUCCESS);
        }
        Lookup::Within { text, rows } => {
            println!("{text}");
            let entries: Vec<String> = rows.iter().map(|&row| lookup::describe(&deck, row)).collect();
            print!("{}", entries.join("\n"));
            return Ok(ExitCode::SUCCESS);
        }
        Lookup::Ambiguous(rows) => (rows, format!("\"{query}\" fits several ports; which one?")),
        Lookup::Unknown(rows) => (rows, format!("Nothing is called \"{query}\". The closest:")),
    };
    println!("{heading}");
    for row in rows {
        println!("{}", lookup::candidate_line(&deck, row));
    }
    Ok(ExitCode::from(1))
}

/// Starts the log file in the config folder: from here on errors go there too, since a
/// window started from the desktop menu has no terminal to print them on.
fn start_log(root: &std::path::Path) -> Option<portcards::log_file::LogFile> {
    let log_file = match portcards::log_file::start(root) {
        Ok(log_file) => Some(log_file),
        Err(error) => {
            eprintln!("portcards: {error}; errors will only be printed here");
            None
        }
    };
    log::info!("portcards {} started on {}", env!("CARGO_PKG_VERSION"), root.display());
    log_file
}

/// The window: its title, icon and size; eframe remembers its size and place in a
/// small file of its own, kept in the config folder with everything else. A size given
/// on the command line wins: such a run keeps its window state apart and never
/// restores or saves a size.
fn window_options(root: &std::path::Path, window_size: Option<(f32, f32)>) -> eframe::NativeOptions {
    let mut viewport = eframe::egui::ViewportBuilder::default()
        .with_title("portcards")
        .with_app_id("portcards")
        .with_inner_size(window_size.map_or([960.0, 680.0], |(width, height)| [width, height]))
        .with_min_inner_size([640.0, 480.0]);
    if let Ok(icon) = eframe::icon_data::from_png_bytes(include_bytes!("../assets/icon.png")) {
        viewport = viewport.with_icon(icon);
    }
    let window_state = root.join(if window_size.is_some() { WINDOW_STATE_SIZED } else { WINDOW_STATE });
    eframe::NativeOptions {
        viewport,
        persist_window: window_size.is_none(),
        persistence_path: Some(window_state),
        ..Default::default()
    }
}

/// The window's remembered size and place (eframe's file), in the config folder.
const WINDOW_STATE: &str = "window.ron";
/// The window state of a run with `--window-size`: holds no size, so the given one wins.
const WINDOW_STATE_SIZED: &str = "window-sized.ron";

fn run_gui(
    table_file: Option<PathBuf>,
    config_dir: Option<PathBuf>,
    profile: Option<String>,
    window_size: Option<(f32, f32)>,
    seed: Option<u64>,
) -> anyhow::Result<ExitCode> {
    let (table, name): (PortTable, String) = match &table_file {
        Some(path) => (table::read_table_file(path)?, path.display().to_string()),
        None => (table::parse_table(portcards::BUILTIN_TABLE), "the built-in table".to_string()),
    };
    anyhow::ensure!(!table.rows.is_empty(), "{name} has no usable rows; run `portcards check {name}` to see why");
    let table_warnings = table.skipped_rows_notice(&name).into_iter().collect();
    let root = match config_dir {
        Some(dir) => dir,
        None => Store::in_config_dir()?.dir().to_path_buf(),
    };
    let log_file = start_log(&root);
    let profiles = Profiles::at(root.clone());
    // A named profile opens directly (made if new); otherwise the last one used, with
    // the picker first when several learners share the machine.
    let (profile, pick_profile) = match profile {
        Some(name) => {
            if !profiles.exists(&name) {
                profiles.create(&name)?;
            }
            (name, false)
        }
        None => (profiles.last_used(), profiles.list().len() > 1),
    };
    let seed = seed.unwrap_or_else(|| {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |since| since.as_nanos() as u64)
    });
    let startup = Startup {
        rows: table.rows,
        facts: Facts::builtin(),
        profiles,
        profile,
        pick_profile,
        background_work: true,
        clock: Box::new(SystemClock),
        seed,
        table_warnings,
        documents: portcards::file_dialog::documents_folder(),
    };
    let options = window_options(&root, window_size);
    let log_path = log_file.as_ref().map(|log_file| log_file.path().to_path_buf());
    let opened = eframe::run_native(
        "portcards",
        options,
        Box::new(|cc| {
            let dialogs = portcards::file_dialog::dialog_style_for(std::env::consts::OS, |name| std::env::var_os(name));
            let app = PortcardsApp::new(&cc.egui_ctx, startup).with_file_dialogs(dialogs);
            Ok(Box::new(match log_path {
                Some(path) => app.with_log_file(path),
                None => app,
            }))
        }),
    );
    if let Err(error) = opened {
        let error = anyhow::anyhow!("{error}").context("could not open the window");
        match log_file {
            // The log prints it on the terminal too.
            Some(_) => log::error!("{error:#}"),
            None => eprintln!("portcards: {error:#}"),
        }
        return Ok(ExitCode::from(2));
    }
    Ok(ExitCode::SUCCESS)
}
