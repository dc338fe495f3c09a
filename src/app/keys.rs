//! Buttons that a key also presses, so that every action works from the keyboard
//! and the key is shown where the action is.

use eframe::egui::{Button, Context, Id, IntoAtoms, Key, KeyboardShortcut, Modifiers, Ui};

/// A key alone, or with modifiers.
pub const fn key(key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::NONE, key)
}

pub const fn ctrl(key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::COMMAND, key)
}

pub const fn alt(key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::ALT, key)
}

pub const fn ctrl_shift(key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), key)
}

/// True when the shortcut was pressed this frame. A key without modifiers is left
/// to a text field that has focus (there it is typing, not a command), except Esc.
/// A disabled part of the screen (behind a dialog, say) hears no keys at all.
pub fn pressed(ui: &Ui, shortcut: KeyboardShortcut) -> bool {
    if !ui.is_enabled() {
        return false;
    }
    if shortcut.modifiers.is_none() && shortcut.logical_key != Key::Escape && typing(ui) {
        return false;
    }
    // The modifiers each key event carries, not the frame's: a presenter remote (or
    // xdotool) sends Ctrl down, E, and Ctrl up within one frame, and by the frame's
    // end Ctrl is up. Exact, so that Ctrl+Shift+E is not also Ctrl+E.
    ui.input_mut(|input| {
        let press = input.events.iter().position(|event| {
            matches!(event, eframe::egui::Event::Key { key, pressed: true, modifiers, .. }
                if *key == shortcut.logical_key && modifiers.matches_exact(shortcut.modifiers))
        });
        press.map(|index| input.events.remove(index)).is_some()
    })
}

/// Whether a text field (or any widget) holds the keyboard focus, or held it when the
/// frame began: Enter in a number field commits the number and lets go of the focus in
/// the same frame, and must not also press the screen's Enter button.
pub fn typing(ui: &Ui) -> bool {
    let at_start = ui.data(|data| data.get_temp::<bool>(focus_at_start_id()).unwrap_or(false));
    at_start || ui.memory(|memory| memory.focused().is_some())
}

/// Notes whether a widget holds the keyboard focus as the frame begins; the shell
/// calls it first thing in every frame.
pub fn note_focus_at_frame_start(ctx: &Context) {
    let focused = ctx.memory(|memory| memory.focused().is_some());
    ctx.data_mut(|data| data.insert_temp(focus_at_start_id(), focused));
}

fn focus_at_start_id() -> Id {
    Id::unique("keyboard_focus_at_frame_start")
}

/// A button with its key shown on its right (dimmed); clicking or the key presses it.
pub fn button<'a>(ui: &mut Ui, text: impl IntoAtoms<'a>, shortcut: KeyboardShortcut) -> bool {
    enabled_button(ui, true, text, shortcut)
}

/// As [`button`], greyed out and deaf to its key when `enabled` is false.
pub fn enabled_button<'a>(ui: &mut Ui, enabled: bool, text: impl IntoAtoms<'a>, shortcut: KeyboardShortcut) -> bool {
    let shown = ui.ctx().format_shortcut(&shortcut);
    let clicked = ui.add_enabled(enabled, Button::new(text).shortcut_text(shown)).clicked();
    clicked || (enabled && pressed(ui, shortcut))
}

/// The command key's name where help text names it: Cmd on macOS, where egui's
/// `COMMAND` modifier is the ⌘ key, Ctrl elsewhere.
pub const COMMAND_NAME: &str = if cfg!(target_os = "macos") { "Cmd" } else { "Ctrl" };

/// Help text written with "Ctrl+", as this system names the command key.
pub fn for_this_system(text: &str) -> std::borrow::Cow<'_, str> {
    if COMMAND_NAME == "Ctrl" { text.into() } else { text.replace("Ctrl+", &format!("{COMMAND_NAME}+")).into() }
}
