//! The projector at 1024x768, 1280x720 and 1920x1080, at the default and the largest
//! text size, with the longest exam-style question and options in the deck: lobby,
//! question, reveal and podium each fit the screen (no widget leaves it, nothing
//! scrolls), and the lobby's QR code takes at least 40 % of the screen's height.

use egui_kittest::kittest::{NodeT, Queryable};
use portcards::app::egui::{self, Key};
use portcards::desk::{Intent, LiveIntent};
use portcards::live::round::Phase;
use portcards::live::{LiveKind, LivePool, RoundSetup};
use portcards::progress::Progress;

use crate::support::Window;

/// The Live screen on a projector of `size` at the text size `font_size`.
fn projector([width, height]: [f32; 2], font_size: f32) -> Window {
    let mut progress = Progress::default();
    progress.settings.font_size = font_size;
    let mut window = Window::new().size(width, height).progress(progress).open();
    window.press(Key::F8);
    window
}

fn settle(window: &mut Window) {
    for _ in 0..6 {
        window.run();
    }
}

/// Every widget is inside the window and no scroll area is drawn.
fn assert_fits(window: &Window, what: &str) {
    let screen = window.ctx.content_rect().expand(0.5);
    let mut outside = Vec::new();
    for node in window.root().children_recursive() {
        if node.accesskit_node().bounding_box().is_none() {
            continue;
        }
        let rect = node.rect();
        if rect.width() > 0.0 && !screen.contains_rect(rect) {
            outside.push(format!("{:?} {:?}", node.accesskit_node().label().unwrap_or_default(), rect));
        }
    }
    assert!(outside.is_empty(), "{what}: outside the window {screen:?}: {outside:#?}");
    assert!(window.query_by_role(egui::accesskit::Role::ScrollBar).is_none(), "{what}: something scrolls");
}

/// The exam-style cards a round asks, one question each; the place of the longest.
fn longest_question(window: &Window) -> usize {
    window.desk().live().unwrap().round(|round| {
        let length = |index: usize| {
            let question = &round.questions()[index];
            question.prompt.len() + question.options.iter().map(String::len).sum::<usize>()
        };
        (0..round.questions().len()).max_by_key(|&index| length(index)).unwrap()
    })
}

#[test]
fn every_phase_fits_every_projector_at_every_text_size() {
    let exam_cards = {
        let deck = portcards::deck::Deck::build(
            portcards::table::parse_table(portcards::BUILTIN_TABLE).rows,
            &portcards::facts::Facts::builtin(),
            true,
        );
        deck.cards.iter().filter(|card| card.direction.is_exam_kind() && card.direction.slug() != "family").count()
    };
    for size in [[1024.0, 768.0], [1280.0, 720.0], [1920.0, 1080.0]] {
        for font_size in [portcards::progress::BASE_FONT_SIZE, 28.0] {
            let mut window = projector(size, font_size);
            let what = format!("{}x{} at {font_size} pt", size[0], size[1]);
            // Every exam-style card once, so that the longest is among the questions.
            let setup = RoundSetup {
                questions: exam_cards,
                seconds: 60,
                pool: LivePool::ExamKinds,
                kind: LiveKind::FourOptions,
            };
            let ip = std::net::IpAddr::from([127, 0, 0, 1]);
            window.state_mut().queue_intent(Intent::Live(LiveIntent::Start { setup, ip }));
            settle(&mut window);
            assert_fits(&window, &format!("{what}, lobby"));
            let qr = window.get_by_label("QR code of the join address").rect();
            let share = qr.height() / window.ctx.content_rect().height();
            assert!(share >= 0.4, "{what}: the QR code is {:.0} % of the screen's height", share * 100.0);

            let longest = longest_question(&window);
            for question in 0..=longest {
                window.state_mut().queue_intent(Intent::Live(LiveIntent::Next));
                window.step();
                if question < longest {
                    window.state_mut().queue_intent(Intent::Live(LiveIntent::Reveal));
                    window.step();
                }
            }
            settle(&mut window);
            let phase = window.desk().live().unwrap().round(|round| round.phase());
            assert!(matches!(phase, Phase::Asking { question, .. } if question == longest), "{phase:?}");
            assert_fits(&window, &format!("{what}, the longest question"));
            window.state_mut().queue_intent(Intent::Live(LiveIntent::Reveal));
            settle(&mut window);
            assert_fits(&window, &format!("{what}, its reveal"));
            window.state_mut().queue_intent(Intent::Live(LiveIntent::End));
            settle(&mut window);
            assert_fits(&window, &format!("{what}, the podium"));
        }
    }
}
