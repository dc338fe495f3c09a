//! Progress a learner sees from the first answer: the core ports known now on Study
//! and Statistics with today's change, and Statistics' "what to study next" whose
//! button starts it.

use egui_kittest::kittest::Queryable;
use portcards::app::Screen;
use portcards::app::egui::Key;

use crate::support::Window;

#[test]
fn study_shows_the_core_ports_known_now_and_todays_gain_after_an_answer() {
    let mut window = Window::new().open();
    let total =
        portcards::known_ports::core_known(window.session().deck(), window.session().progress(), window.now().to_utc())
            .total;
    window.get_by_label(&format!("Core ports you know now: 0 of {total}"));
    let card = window.session().current_card().unwrap().clone();
    assert!(card.core);
    window.type_answer(&card.answer);
    window.press(Key::Num4);
    window.get_by_label(&format!("Core ports you know now: 1 of {total} (+1 today)"));
    window.press(Key::F3);
    window.get_by_label(&format!("Core ports you know now: 1 of {total} (+1 today)"));
}

#[test]
fn statistics_names_the_weakest_family_and_its_button_studies_it() {
    let mut window = Window::new().open();
    window.press(Key::F3);
    window.get_by_label("Study a few cards first: then this names your weakest family and the ports you miss most.");
    window.press(Key::F1);
    for _ in 0..4 {
        let card = window.session().current_card().unwrap().clone();
        window.type_answer(&card.answer);
        window.press(Key::Num4);
    }
    let missed = window.session().current_card().unwrap().clone();
    window.type_answer("no idea");
    window.press(Key::Num1);
    window.press(Key::F3);
    let next = portcards::known_ports::study_next(
        window.session().deck(),
        window.session().progress(),
        window.session().log_tally(),
        window.now().to_utc(),
    );
    let weakest = next.weakest_family.expect("a family begun");
    window.get_by_label(&weakest.describe());
    let missed_row = window.session().deck().row_of(&missed).clone();
    window.get_by_label_contains(&format!("Most missed: {} {} (1×)", missed_row.ports, missed_row.service));
    window.click(&format!("Study {} now", weakest.family.title()));
    assert_eq!(window.state().screen(), Screen::Study);
    let asked = window.session().current_card().unwrap();
    assert!(asked.families.contains(&weakest.family), "{asked:?} is in {:?}", weakest.family);
    assert_eq!(window.session().deck().position(&asked.id), Some(weakest.cards[0]));
}
