//! The projector's lobby with a class of forty, in a real window, saved as a PNG: the
//! screenshots in docs/live-round.md. The app opens at the size asked, starts a round
//! on 127.0.0.1, forty students join over HTTP (accents, emoji, long names), and the
//! window takes a picture of itself once every name is drawn, then closes.
//!
//! xvfb-run -s "-screen 0 1920x1080x24" cargo run --example live_lobby -- 1920 1080 lobby.png

use std::path::PathBuf;

use portcards::app::{PortcardsApp, Startup, egui};
use portcards::clock::SystemClock;
use portcards::desk::{Intent, LiveIntent, Screen};
use portcards::facts::Facts;
use portcards::live::RoundSetup;
use portcards::profiles::{DEFAULT_PROFILE, Profiles};
use portcards::table::parse_table;

/// Forty nicknames as a class types them.
const NAMES: [&str; 40] = [
    "Zoë 🦊",
    "José",
    "Łukasz",
    "Anaïs",
    "Maximilian-Alexander",
    "Priya",
    "Chen Wei",
    "Oluwaseun",
    "Sofía",
    "Mateo",
    "Aroha",
    "Björn",
    "Fatima",
    "Kenji",
    "Amara",
    "Diego 🚀",
    "Ingrid",
    "Kwame",
    "Leila",
    "Nikolai",
    "Olivia",
    "Pedro",
    "Quinn",
    "Rania",
    "Santiago",
    "Tamsin",
    "Uma",
    "Vikram",
    "Wen",
    "Ximena",
    "Yusuf",
    "Zara",
    "Émile",
    "Noor",
    "Hana 🎉",
    "Ivan",
    "Jonas",
    "Keira",
    "Luca",
    "Mia",
];

struct Lobby {
    app: PortcardsApp,
    out: PathBuf,
    started: bool,
    joining: bool,
    /// Frames drawn with the whole class in: the picture waits until the fit has settled.
    frames_with_everybody: u32,
    asked_for_picture: bool,
    _profiles: tempfile::TempDir,
}

impl eframe::App for Lobby {
    fn ui(&mut self, ui: &mut egui::Ui, frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        self.app.ui(ui, frame);
        if !self.started {
            self.started = true;
            self.app.queue_intent(Intent::Show(Screen::Live));
            let ip = std::net::IpAddr::from([127, 0, 0, 1]);
            self.app.queue_intent(Intent::Live(LiveIntent::Start { setup: RoundSetup::default(), ip }));
        } else if let Some(host) = self.app.desk().live()
            && !self.joining
        {
            self.joining = true;
            let (url, pin) = (host.join_url.clone(), host.round(|round| round.pin().to_string()));
            std::thread::spawn(move || join_the_class(&url, &pin));
        }
        let everybody_in =
            self.app.desk().live().is_some_and(|host| host.round(|round| round.players().len()) == NAMES.len());
        if everybody_in {
            self.frames_with_everybody += 1;
        }
        if self.frames_with_everybody > 10 && !self.asked_for_picture {
            self.asked_for_picture = true;
            let (out, closing) = (self.out.clone(), ctx.clone());
            ctx.request_screenshot(move |image| {
                save_png(&image, &out);
                closing.send_viewport_cmd(egui::ViewportCommand::Close);
                closing.request_repaint();
            });
        }
        ctx.request_repaint_after(std::time::Duration::from_millis(50));
    }
}

fn save_png(image: &egui::ColorImage, out: &std::path::Path) {
    let [width, height] = image.size;
    let bytes: Vec<u8> = image.pixels.iter().flat_map(|pixel| pixel.to_array()).collect();
    let png = image::RgbaImage::from_raw(width as u32, height as u32, bytes).expect("whole pixels");
    png.save(out).expect("the picture written");
    println!("{width}x{height} written to {}", out.display());
}

fn join_the_class(url: &str, pin: &str) {
    for name in NAMES {
        let body = serde_json::json!({"type": "join", "pin": pin, "name": name}).to_string();
        let response = ureq::post(format!("{url}api/join")).header("Content-Type", "application/json").send(body);
        assert_eq!(response.expect("the server answers").status(), 200, "{name} joins");
    }
}

fn main() -> eframe::Result {
    let args: Vec<String> = std::env::args().collect();
    let [_, width, height, out] = args.as_slice() else {
        panic!("usage: live_lobby WIDTH HEIGHT OUT.png");
    };
    let size = [width.parse().expect("a width"), height.parse().expect("a height")];
    let profiles = tempfile::tempdir().expect("a scratch folder");
    let startup = Startup {
        rows: parse_table(portcards::BUILTIN_TABLE).rows,
        facts: Facts::builtin(),
        profiles: Profiles::at(profiles.path()),
        profile: DEFAULT_PROFILE.to_string(),
        pick_profile: false,
        background_work: true,
        clock: Box::new(SystemClock),
        seed: 7,
        table_warnings: Vec::new(),
        documents: profiles.path().join("Documents"),
    };
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default().with_inner_size(size).with_title("portcards"),
        persist_window: false,
        ..Default::default()
    };
    let out = PathBuf::from(out);
    eframe::run_native(
        "portcards",
        options,
        Box::new(move |cc| {
            let app = PortcardsApp::new(&cc.egui_ctx, startup);
            let lobby = Lobby {
                app,
                out,
                started: false,
                joining: false,
                frames_with_everybody: 0,
                asked_for_picture: false,
                _profiles: profiles,
            };
            Ok(Box::new(lobby))
        }),
    )
}
