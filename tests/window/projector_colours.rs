//! What a room reads from the back: every text colour of the projector and of the
//! phone page against its background is at least 4.5:1 (WCAG AA), computed from the
//! colours in the code; and emoji and accented nicknames draw as glyphs.

use portcards::app::egui::{Color32, FontId};
use portcards::app::{PROJECTOR_BACKGROUND, PROJECTOR_TEXT_COLOURS};

use crate::support::Window;

/// WCAG's relative luminance of an sRGB colour.
fn luminance([r, g, b]: [u8; 3]) -> f64 {
    let linear = |channel: u8| {
        let c = f64::from(channel) / 255.0;
        if c <= 0.039_28 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
    };
    0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)
}

fn contrast(a: [u8; 3], b: [u8; 3]) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

fn rgb(colour: Color32) -> [u8; 3] {
    [colour.r(), colour.g(), colour.b()]
}

fn hex(text: &str) -> [u8; 3] {
    let short = text.trim().trim_start_matches('#');
    // "#fff" is "#ffffff".
    let digits: String =
        if short.len() == 3 { short.chars().flat_map(|c| [c, c]).collect() } else { short.to_string() };
    let channel = |at: usize| u8::from_str_radix(&digits[at..at + 2], 16).unwrap_or_else(|_| panic!("{text}"));
    [channel(0), channel(2), channel(4)]
}

#[test]
fn the_projector_palette_reads_from_the_back_of_the_room() {
    for (what, colour) in PROJECTOR_TEXT_COLOURS {
        let ratio = contrast(rgb(colour), rgb(PROJECTOR_BACKGROUND));
        assert!(ratio >= 4.5, "{what}: {ratio:.2}:1 on the projector");
    }
}

/// The phone page's rules as (selector, text colour, background), with what a rule
/// leaves out inherited: buttons write white, everything else the page's text colour
/// on the page's background.
fn phone_pairs() -> Vec<(String, [u8; 3], [u8; 3])> {
    let css = include_str!("../../assets/live/style.css");
    let mut variables = std::collections::HashMap::new();
    let mut rules = Vec::new();
    for rule in css.split('}') {
        let Some((selector, body)) = rule.split_once('{') else { continue };
        let selector = selector.trim().rsplit('\n').next().unwrap_or_default().trim().to_string();
        let mut properties = std::collections::HashMap::new();
        for declaration in body.split(';') {
            if let Some((name, value)) = declaration.split_once(':') {
                properties.insert(name.trim().to_string(), value.trim().to_string());
            }
        }
        if selector == ":root" {
            variables = properties;
            continue;
        }
        rules.push((selector, properties));
    }
    let colour = |value: &str| -> Option<[u8; 3]> {
        let value = value.split_whitespace().next()?;
        if let Some(name) = value.strip_prefix("var(").and_then(|rest| rest.strip_suffix(')')) {
            return Some(hex(&variables[name]));
        }
        value.starts_with('#').then(|| hex(value))
    };
    let page_text = hex(&variables["--fg"]);
    let page_background = hex(&variables["--bg"]);
    let mut pairs = Vec::new();
    for (selector, properties) in &rules {
        let text = properties.get("color").and_then(|value| colour(value));
        let background = properties.get("background").and_then(|value| colour(value));
        if text.is_none() && background.is_none() {
            continue;
        }
        let is_button = selector.contains("button")
            || selector.starts_with('#') && selector.contains("join")
            || selector.contains("#send");
        let text = text.unwrap_or(if is_button { [255, 255, 255] } else { page_text });
        pairs.push((selector.clone(), text, background.unwrap_or(page_background)));
    }
    pairs
}

#[test]
fn every_text_on_the_phone_page_has_contrast() {
    let pairs = phone_pairs();
    assert!(pairs.len() >= 12, "the style sheet was not read: {pairs:?}");
    for (selector, text, background) in pairs {
        let ratio = contrast(text, background);
        assert!(ratio >= 4.5, "{selector}: {ratio:.2}:1");
    }
}

#[test]
fn emoji_and_accented_nicknames_draw_as_glyphs() {
    let window = Window::new().size(800.0, 600.0).open();
    for name in
        ["Zoë", "Ñandú", "😀 Ana", "🎉🔥⭐", "🐱🐸🐧", "🚀 Łukasz", "❤✨🌈", "🦊", "🤖", "🥳", "🫠", "🧠", "🦄", "🙂"]
    {
        let drawn = window.ctx.fonts_mut(|fonts| fonts.has_glyphs(&FontId::proportional(24.0), name));
        assert!(drawn, "{name:?} would draw boxes on the projector");
    }
}

/// Every symbol the code draws (arrows, marks, dashes) has a glyph in the app's fonts:
/// read from the sources, leaving out the CJK and full-width text that only tests type.
#[test]
fn every_symbol_the_screens_draw_has_a_glyph() {
    let window = Window::new().size(800.0, 600.0).open();
    let mut folders = vec![std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/src"))];
    let mut symbols = std::collections::BTreeSet::new();
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(folder).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|ext| ext == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                let only_tests_type = |c: char| matches!(c as u32, 0x3000..=0x9FFF | 0xFF00..=0xFFEF);
                symbols.extend(text.chars().filter(|c| !c.is_ascii() && !only_tests_type(*c)));
            }
        }
    }
    assert!(symbols.contains(&'→') && symbols.len() >= 10, "{symbols:?}");
    let missing: Vec<char> = symbols
        .into_iter()
        .filter(|symbol| {
            !window.ctx.fonts_mut(|fonts| fonts.has_glyphs(&FontId::proportional(14.0), &symbol.to_string()))
        })
        .collect();
    assert!(missing.is_empty(), "drawn as boxes: {missing:?}");
}
