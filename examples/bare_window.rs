//! The floor for start-up, memory and idle CPU: a bare eframe window opened as
//! portcards opens its own (the same title, size and renderer), drawing one line of
//! text. docs/performance.md sets portcards beside it, measured in the same run:
//!
//!     cargo build --release --example bare_window
//!     ../shared/tools/gui-check.sh -t portcards -- target/release/examples/bare_window

use portcards::app::egui;

struct BareWindow;

impl eframe::App for BareWindow {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        egui::CentralPanel::default().show(ui, |ui| ui.label("portcards"));
    }
}

fn main() -> eframe::Result {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("portcards")
            .with_app_id("portcards")
            .with_inner_size([960.0, 680.0]),
        ..Default::default()
    };
    eframe::run_native("portcards", options, Box::new(|_| Ok(Box::new(BareWindow))))
}
