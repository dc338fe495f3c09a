//! Deciding whether an answer is right, and saying why.
//!
//! Pure functions only: no cards, no scheduling. Text is normalised (Unicode NFKC,
//! lower case, `-_./,()+&` as spaces, filler words and `tcp`/`udp` decorations
//! dropped) and compared with spaces removed, so "Microsoft-DS", "microsoft ds" and
//! "MicrosoftDS" agree. Aliases count; small typos count for longer names only
//! (never for acronyms of five letters or fewer, never in digits), and only when the
//! answer is closer to this card than to any other. Ports compare as sets.

use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

use crate::ports::PortSpec;
use crate::ports::Transport;

/// How an answer compares with what was expected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Judgement {
    Correct,
    /// Part of the answer: right so far, but not all of it.
    Partial,
    Wrong,
    /// Flip mode: the learner graded themselves, nothing was checked.
    SelfGraded,
}

/// Why an answer got its judgement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Why {
    /// The name as the table writes it (or a part of a slash name).
    Exact,
    /// Another accepted name of the expected service.
    AliasOf(String),
    /// Within the typo allowance of the expected service's name.
    TypoOf(String),
    /// Another answer the sources also give (465 or 587 for SMTPS).
    AlsoRight(String),
    /// Part of the answer; names what is missing.
    Missing(String),
    /// The answer names another card's service or port.
    IsOther(String),
    /// Right, with something worth knowing ("NTP runs over UDP, not TCP").
    RightWithNote(String),
    /// Wrong, but near: an acronym one letter off, a transport some versions use.
    Close(String),
    /// The learner said they were right after a wrong verdict.
    Overridden,
    Blank,
    NotUnderstood(String),
    /// Wrong, and why: what the answer named, or what the card wants instead. Every
    /// verdict that is not right says why; none is a bare "no".
    Wrong(String),
    SelfGraded,
}

/// The judgement and the reason behind it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    pub judgement: Judgement,
    pub why: Why,
}

impl Verdict {
    pub fn new(judgement: Judgement, why: Why) -> Self {
        Verdict { judgement, why }
    }

    fn wrong(why: Why) -> Self {
        Verdict::new(Judgement::Wrong, why)
    }

    /// The sentence the learner sees under the verdict, if any.
    pub fn explanation(&self, typed: &str) -> Option<String> {
        match &self.why {
            Why::Exact | Why::SelfGraded => None,
            Why::AliasOf(name) => Some(format!("Accepted: \"{typed}\" is another name for {name}.")),
            Why::TypoOf(name) => Some(format!("Accepted: \"{typed}\" is a typo of {name}.")),
            Why::AlsoRight(text)
            | Why::Missing(text)
            | Why::IsOther(text)
            | Why::NotUnderstood(text)
            | Why::RightWithNote(text)
            | Why::Wrong(text)
            | Why::Close(text) => Some(text.clone()),
            Why::Overridden => Some("You marked this answer as right.".to_string()),
            Why::Blank => Some("No answer given.".to_string()),
        }
    }
}

const FILLER_WORDS: [&str; 7] = ["port", "ports", "protocol", "the", "tcp", "udp", "number"];

/// Unicode NFKC, lower case, separators as spaces, filler words dropped, single spaces.
pub fn normalise(text: &str) -> String {
    let folded = fold(text);
    folded.split(' ').filter(|word| !word.is_empty() && !FILLER_WORDS.contains(word)).collect::<Vec<_>>().join(" ")
}

/// NFKC, lower case, separators as spaces.
fn fold(text: &str) -> String {
    text.nfkc()
        .flat_map(char::to_lowercase)
        .map(|c| if "-_./,()+&:;'\"".contains(c) || c.is_whitespace() { ' ' } else { c })
        .collect()
}

/// The normalised form without spaces: what answers are compared by.
pub fn compact(text: &str) -> String {
    normalise(text).replace(' ', "")
}

/// The compact form without connecting words ("on", "over", "with"): a name said with
/// or without them is the same name.
fn bare(text: &str) -> String {
    normalise(text).split(' ').filter(|word| !CONNECTING_WORDS.contains(word)).collect()
}

impl Spelling {
    /// Whether this name begins `longer`, a name of more: its leading words ("SMTP" in
    /// "SMTP submission", "IPsec" in "IPsec NAT-T"), or it with the secure S ("HTTP"
    /// in "HTTPS", "LDAP" in "LDAPS").
    fn begins(&self, longer: &Spelling) -> bool {
        let (short, long) = (&self.words, &longer.words);
        if short.is_empty() || self.compact.chars().count() < 3 || self.compact == longer.compact {
            return false;
        }
        let leading_words = short.len() < long.len() && long[..short.len()] == short[..];
        leading_words || self.is_clear_form_of(longer)
    }

    /// Whether this name is the clear-text protocol whose secure form is `longer`, by
    /// the secure S ("HTTP" for "HTTPS", "LDAP" for "LDAPS", "SMTP" for "SMTPS").
    fn is_clear_form_of(&self, longer: &Spelling) -> bool {
        let (short, long) = (&self.words, &longer.words);
        short.len() == 1
            && self.compact.chars().count() >= 3
            && long.first().is_some_and(|first| *first == format!("{}s", short[0]))
    }
}

/// The compact form with filler words kept, so that a typo inside "protocol" is
/// still a typo of the whole name.
fn compact_with_filler(text: &str) -> String {
    fold(text).replace(' ', "")
}

/// One accepted way of writing a service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spelling {
    pub compact: String,
    /// The compact form without connecting words: "ldap over ssl" and "ldap ssl" agree.
    bare: String,
    /// The folded words (filler kept: "border gateway protocol" does not begin "border
    /// gateway multicast protocol"), for telling a name that begins another ("SMTP" begins
    /// "SMTP submission", "HTTP" begins "HTTPS").
    words: Vec<String>,
    with_filler: String,
    /// The leading acronym of a name of several words ("smtp" in "SMTP over TLS"),
    /// which a typo may never change.
    acronym: Option<String>,
    /// True for the table's own name and its parts, false for aliases from the facts.
    pub exact: bool,
}

/// The spellings of a service: the table's name, each part of a slash name, each part
/// without its qualifier ("RIPng (IPv6)" → "RIPng", "FTP-transfer" → "FTP"), then
/// the aliases and full name from the facts.
pub fn spellings(service: &str, aliases: &[String]) -> Vec<Spelling> {
    let mut names = vec![service.to_string()];
    for part in service.split('/').map(str::trim).filter(|part| !part.is_empty()) {
        names.push(part.to_string());
        if let Some((head, _)) = part.split_once('(') {
            names.push(head.to_string());
        }
        if let Some((head, _)) = part.split_once('-') {
            names.push(head.to_string());
        }
    }
    let mut found: Vec<Spelling> = Vec::new();
    let own = names.iter().map(|name| (name, true));
    let extra = aliases.iter().map(|name| (name, false));
    for (name, exact) in own.chain(extra) {
        let compact = compact(name);
        if !compact.is_empty() && !found.iter().any(|known| known.compact == compact) {
            found.push(Spelling {
                compact,
                bare: bare(name),
                words: fold(name).split(' ').filter(|word| !word.is_empty()).map(str::to_string).collect(),
                with_filler: compact_with_filler(name),
                acronym: leading_acronym(name),
                exact,
            });
        }
    }
    found
}

/// Edits allowed for a typo of this spelling: none up to five letters, one up to ten,
/// two beyond.
fn typo_allowance(spelling: &str) -> usize {
    match spelling.chars().filter(|c| c.is_alphabetic()).count() {
        0..=5 => 0,
        6..=10 => 1,
        _ => 2,
    }
}

fn digits(text: &str) -> String {
    text.chars().filter(char::is_ascii_digit).collect()
}

/// An answer in the two forms it is compared in.
struct Typed {
    compact: String,
    bare: String,
    with_filler: String,
    acronym: Option<String>,
}

impl Typed {
    fn new(text: &str) -> Typed {
        Typed {
            compact: compact(text),
            bare: bare(text),
            with_filler: compact_with_filler(text),
            acronym: leading_acronym(text),
        }
    }

    /// Whether it is this spelling, with or without connecting words.
    fn is(&self, spelling: &Spelling) -> bool {
        self.compact == spelling.compact || (!self.bare.is_empty() && self.bare == spelling.bare)
    }
}

/// The first word of a name of several words when it is short enough to be an
/// acronym (five letters at most): "sip" in "SIP over TLS"; none for "secure shell".
fn leading_acronym(text: &str) -> Option<String> {
    let normal = normalise(text);
    let mut words = normal.split(' ');
    let first = words.next()?;
    (words.next().is_some() && first.chars().filter(|c| c.is_alphabetic()).count() <= 5).then(|| first.to_string())
}

/// Damerau-Levenshtein distance (optimal string alignment) when within the allowance
/// of the spelling, with digits required to match exactly.
fn typo_distance(typed: &Typed, spelling: &Spelling) -> Option<usize> {
    // "SIP over TLS" is not a slip for "SMTP over TLS": the acronym must be exact.
    if let (Some(typed), Some(spelling)) = (&typed.acronym, &spelling.acronym)
        && typed != spelling
    {
        return None;
    }
    [(&typed.compact, &spelling.compact), (&typed.with_filler, &spelling.with_filler)]
        .into_iter()
        .filter(|(typed, spelling)| typo_allowance(spelling) > 0 && digits(typed) == digits(spelling))
        .map(|(typed, spelling)| (strsim::osa_distance(typed, spelling), typo_allowance(spelling)))
        .filter(|(distance, allowance)| distance <= allowance)
        .map(|(distance, _)| distance)
        .min()
}

fn distance(typed: &Typed, spelling: &Spelling) -> usize {
    strsim::osa_distance(&typed.compact, &spelling.compact)
        .min(strsim::osa_distance(&typed.with_filler, &spelling.with_filler))
}

/// How near a query comes to a service, for looking services up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Closeness {
    /// One of its spellings, exactly.
    Exact,
    /// Within the typo allowance of a spelling, at this distance.
    Typo(usize),
    /// Part of a spelling ("transfer" in "file transfer protocol").
    Within,
    /// Nothing better: the edit distance to the nearest spelling.
    Far(usize),
}

pub fn closeness(query: &str, spellings: &[Spelling]) -> Closeness {
    let typed = Typed::new(query);
    if spellings.iter().any(|spelling| spelling.compact == typed.compact) {
        return Closeness::Exact;
    }
    if let Some(distance) = spellings.iter().filter_map(|spelling| typo_distance(&typed, spelling)).min() {
        return Closeness::Typo(distance);
    }
    if typed.compact.chars().count() >= 3 && spellings.iter().any(|spelling| spelling.compact.contains(&typed.compact))
    {
        return Closeness::Within;
    }
    Closeness::Far(spellings.iter().map(|spelling| distance(&typed, spelling)).min().unwrap_or(usize::MAX))
}

/// Another card's service, for "that is another card's answer" checks.
#[derive(Debug, Clone, Copy)]
pub struct Rival<'a> {
    /// How the verdict names it: "NTP (port 123)".
    pub label: &'a str,
    pub spellings: &'a [Spelling],
}

/// Checks a typed service name against the expected spellings, with `rivals` the
/// spellings of every other service the learner might be confusing it with.
pub fn check_service<'a>(
    typed: &str,
    name: &str,
    own: &[Spelling],
    rivals: impl IntoIterator<Item = Rival<'a>> + Clone,
) -> Verdict {
    let typed_text = typed;
    let typed = Typed::new(typed);
    if typed.compact.is_empty() {
        return Verdict::wrong(Why::Blank);
    }
    if let Some(spelling) = own.iter().find(|spelling| typed.is(spelling)) {
        // An alias that is exactly another service's own name, where that name only
        // begins this one ("SMTP" for SMTP submission): it names the other service.
        if !spelling.exact
            && let Some(verdict) = names_part(&typed, name, own, rivals.clone(), |rival| rival.exact)
        {
            return verdict;
        }
        let why = if spelling.exact { Why::Exact } else { Why::AliasOf(name.to_string()) };
        return Verdict::new(Judgement::Correct, why);
    }
    // Two names of the same service together: "Secure Shell (SSH)", "SMB/CIFS".
    if names_it_twice(typed_text, own) {
        return Verdict::new(Judgement::Correct, Why::AliasOf(name.to_string()));
    }
    let is_own = |compact: &str| own.iter().any(|spelling| spelling.compact == compact);
    let rival_named = |text: &str| {
        let text = Typed::new(text);
        rivals
            .clone()
            .into_iter()
            .find(|rival| rival.spellings.iter().any(|spelling| text.is(spelling) && !is_own(&spelling.compact)))
    };
    // "HTTPS (SSL)", "TFTP (trivial)": the name with an aside, which names no other.
    if let Some((rest, aside)) = without_aside(typed_text)
        && is_own(&compact(&rest))
        && rival_named(&aside).is_none()
    {
        return Verdict::new(Judgement::Correct, Why::AliasOf(name.to_string()));
    }
    // "SMTP mail", "DHCP server": the name with words that only say what it is for.
    if let Some(described) = without_describing_words(typed_text) {
        if own.iter().any(|spelling| Typed::new(&described).is(spelling)) {
            return Verdict::new(Judgement::Correct, Why::AliasOf(name.to_string()));
        }
        if let Some(rival) = rival_named(&described) {
            return Verdict::wrong(Why::IsOther(format!("That is {}.", rival.label)));
        }
    }
    if let Some(verdict) = hedged(typed_text, name, own, rivals.clone()) {
        return verdict;
    }
    if let Some(verdict) = names_part(&typed, name, own, rivals.clone(), |_| true) {
        return verdict;
    }
    if let Some(rival) = rival_named(typed_text) {
        return Verdict::wrong(Why::IsOther(format!("That is {}.", rival.label)));
    }
    typo_or_wrong(&typed, name, own, rivals)
}

/// An answer that names nothing exactly: a typo of this service's name when nearer to
/// it than to any other, else wrong, saying why.
fn typo_or_wrong<'a>(
    typed: &Typed,
    name: &str,
    own: &[Spelling],
    rivals: impl IntoIterator<Item = Rival<'a>>,
) -> Verdict {
    let is_own = |compact: &str| own.iter().any(|spelling| spelling.compact == compact);
    let Some(own_distance) = own.iter().filter_map(|spelling| typo_distance(typed, spelling)).min() else {
        // Acronyms get no typo allowance; one letter off still deserves a word.
        let near_acronym = own.iter().any(|spelling| {
            typo_allowance(&spelling.compact) == 0 && strsim::osa_distance(&typed.compact, &spelling.compact) == 1
        });
        if near_acronym && typed.compact.chars().count() >= 3 {
            return Verdict::wrong(Why::Close(format!("Close, but acronyms must be exact: the answer is {name}.")));
        }
        return Verdict::wrong(Why::Wrong(format!("That names no service this deck knows; the answer is {name}.")));
    };
    let rival_distance = rivals
        .into_iter()
        .flat_map(|rival| rival.spellings.iter())
        .filter(|spelling| !is_own(&spelling.compact))
        .map(|spelling| distance(typed, spelling))
        .min()
        .unwrap_or(usize::MAX);
    if own_distance < rival_distance {
        Verdict::new(Judgement::Correct, Why::TypoOf(name.to_string()))
    } else {
        Verdict::wrong(Why::Wrong(format!(
            "That is as near to another service's name as to {name}: the answer is {name}."
        )))
    }
}

/// An answer that names another service whose name begins this one's ("HTTP" for
/// HTTPS, "SMTP" for SMTP submission, "IPsec" for IPsec NAT-T, "LDAP over SSL" for the
/// LDAPS global catalog): the protocol it builds on, so partly right, saying what the
/// answer names and what this one is. `counts` picks the other service's spellings
/// that count (only its own names, where the answer is also an alias of this one).
fn names_part<'a>(
    typed: &Typed,
    name: &str,
    own: &[Spelling],
    rivals: impl IntoIterator<Item = Rival<'a>>,
    counts: impl Fn(&Spelling) -> bool,
) -> Option<Verdict> {
    let is_own_exactly = |spelling: &Spelling| own.iter().any(|own| own.exact && own.compact == spelling.compact);
    let (rival, longer) = rivals.into_iter().find_map(|rival| {
        let named = rival.spellings.iter().any(|spelling| typed.is(spelling) && counts(spelling));
        let longer = rival.spellings.iter().find_map(|short| own.iter().find(|long| short.begins(long)))?;
        let own_too = rival.spellings.iter().any(|spelling| typed.is(spelling) && is_own_exactly(spelling));
        (named && !own_too).then_some((rival, longer))
    })?;
    // The longer name the answer begins, when it is not the card's own ("smb over
    // netbios" for NetBIOS): it says why the short name came close, and "builds on"
    // would be false there (SMB rides on NetBIOS, not the other way round).
    // The clear-text sibling of a secure protocol ("HTTP" for HTTPS) is the trap the
    // exams set: another service on another port, so wrong, never a pass.
    let clear_form = rival.spellings.iter().find(|short| typed.is(short) && short.is_clear_form_of(longer));
    if clear_form.is_some() {
        return Some(Verdict::wrong(Why::IsOther(format!(
            "That is {}, the clear-text protocol; the answer is {name}, its secure form, a service of its own.",
            rival.label
        ))));
    }
    let shown_name = normalise(name).replace(' ', "");
    let longer_name = longer.words.join(" ");
    let why = if longer.compact == shown_name {
        format!("Partly right: on its own, that names {}; the answer is {name}.", rival.label)
    } else {
        format!("Partly right: on its own, that names {}; the answer is {name} (\"{longer_name}\").", rival.label)
    };
    Some(Verdict::new(Judgement::Partial, Why::Missing(why)))
}

/// An answer that names this service and another beside it ("ssh (telnet)", "telnet
/// or ssh"): the right one is there, but so is a guess at another, so partly right.
fn hedged<'a>(
    typed_text: &str,
    name: &str,
    own: &[Spelling],
    rivals: impl IntoIterator<Item = Rival<'a>> + Clone,
) -> Option<Verdict> {
    let folded = fold(&typed_text.replace(['/', ',', '(', ')'], " or "));
    let pieces: Vec<String> =
        folded.split(" or ").flat_map(|piece| piece.split(" and ")).map(compact).filter(|p| !p.is_empty()).collect();
    if pieces.len() < 2 || !pieces.iter().any(|piece| own.iter().any(|spelling| spelling.compact == *piece)) {
        return None;
    }
    let other =
        pieces.iter().filter(|piece| !own.iter().any(|spelling| spelling.compact == **piece)).find_map(|piece| {
            rivals.clone().into_iter().find(|rival| rival.spellings.iter().any(|spelling| spelling.compact == *piece))
        })?;
    let why = format!("Partly right: {name} is the answer, but you named {} beside it; give one service.", other.label);
    Some(Verdict::new(Judgement::Partial, Why::IsOther(why)))
}

/// Whether the answer is two or more names of the service, split by a slash, a comma
/// or brackets ("Secure Shell (SSH)", "SMB/CIFS"), every one of them its own.
fn names_it_twice(typed: &str, own: &[Spelling]) -> bool {
    let is_own = |part: &str| own.iter().any(|spelling| spelling.compact == part);
    let parts: Vec<String> = typed.split(['/', ',', '(', ')']).map(compact).filter(|part| !part.is_empty()).collect();
    if parts.len() >= 2 && parts.iter().all(|part| is_own(part)) {
        return true;
    }
    // With spaces only: "RDP remote desktop" is two names one after the other.
    let folded = fold(typed);
    let words: Vec<&str> = folded.split(' ').filter(|word| !word.is_empty()).collect();
    (1..words.len())
        .any(|split| is_own(&compact(&words[..split].join(" "))) && is_own(&compact(&words[split..].join(" "))))
}

/// Port answers with `tcp/22`, `22/tcp` and "port 22" decorations removed.
pub fn parse_port_answer(typed: &str) -> Result<PortSpec, crate::ports::PortSpecError> {
    let lower = typed.nfkc().collect::<String>().to_lowercase();
    // "137 through 139", "161 and 162", "20 (data)": the words between numbers.
    let lower = match (lower.find('('), lower.find(')')) {
        (Some(open), Some(close)) if open < close && !lower[open..close].contains(|c: char| c.is_ascii_digit()) => {
            format!("{}{}", &lower[..open], &lower[close + 1..])
        }
        _ => lower,
    };
    let words: Vec<&str> = lower
        .split(' ')
        .map(|word| match word {
            "through" | "thru" | "to" => "-",
            "and" | "&" => ",",
            word => word,
        })
        .collect();
    let lower = words.join(" ");
    let mut cleaned = lower.replace("tcp", " ").replace("udp", " ").replace("ports", " ").replace("port", " ");
    cleaned = cleaned.trim().trim_matches(|c: char| c == '/' || c == ',' || c.is_whitespace()).to_string();
    cleaned.parse()
}

/// Checks a typed IP protocol number for a protocol carried directly in IP (ESP is
/// 50). The number framed as a port ("port 50", "UDP 50") is only partly right: the
/// exams test exactly that difference. `others` are the other IP protocols known,
/// so that a sibling's number is named ("51 is AH's IP protocol number").
pub fn check_protocol_number<'a>(
    typed: &str,
    number: u8,
    name: &str,
    mut others: impl Iterator<Item = (u8, &'a str)>,
) -> Verdict {
    if typed.trim().is_empty() {
        return Verdict::wrong(Why::Blank);
    }
    let folded = fold(typed);
    let words: Vec<&str> = folded.split(' ').filter(|word| !word.is_empty()).collect();
    let numbers: Vec<u32> = words.iter().filter_map(|word| word.parse().ok()).collect();
    let [given] = numbers[..] else {
        return Verdict::wrong(Why::NotUnderstood(format!("Give one number: the IP protocol number of {name}.")));
    };
    let as_port = words.iter().any(|word| matches!(*word, "port" | "ports" | "tcp" | "udp"));
    if given == u32::from(number) {
        if as_port {
            let why = format!(
                "{number} is right, but it is {name}'s IP protocol number, not a port: {name} rides directly in IP, not over TCP or UDP."
            );
            return Verdict::new(Judgement::Partial, Why::Close(why));
        }
        return Verdict::new(Judgement::Correct, Why::Exact);
    }
    if let Some((_, other)) = others.find(|(known, _)| u32::from(*known) == given) {
        return Verdict::wrong(Why::IsOther(format!("{given} is {other}'s IP protocol number; {name} is {number}.")));
    }
    Verdict::wrong(Why::Wrong(format!("{given} is not {name}'s IP protocol number: it is {number}.")))
}

/// Checks typed port numbers against the expected set. `also_right` holds other
/// sets that answer the same question (Kerberos is on 88 and on 464).
pub fn check_ports(typed: &str, expected: &PortSpec, also_right: &[PortSpec]) -> Verdict {
    if typed.trim().is_empty() {
        return Verdict::wrong(Why::Blank);
    }
    let Ok(given) = parse_port_answer(typed) else {
        return Verdict::wrong(Why::NotUnderstood(format!("\"{}\" is not a port number.", typed.trim())));
    };
    if &given == expected {
        return Verdict::new(Judgement::Correct, Why::Exact);
    }
    if let Some(other) = also_right.iter().find(|other| **other == given) {
        let note = format!("Accepted: {other} is right too; this card's answer is {expected}.");
        return Verdict::new(Judgement::Correct, Why::AlsoRight(note));
    }
    if given.is_subset_of(expected) {
        let missing: Vec<String> =
            expected.ports().filter(|port| !given.contains(*port)).map(|p| p.to_string()).collect();
        let note = format!("Partly right: it is {expected}, missing {}.", missing.join(", "));
        return Verdict::new(Judgement::Partial, Why::Missing(note));
    }
    Verdict::wrong(Why::Wrong(format!("{given} is not the port asked: the answer is {expected}.")))
}

/// Reads "TCP", "udp", "both", "TCP/UDP", "tcp and udp".
pub fn parse_transport(typed: &str) -> Option<Transport> {
    let words: Vec<String> = typed
        .nfkc()
        .flat_map(char::to_lowercase)
        .collect::<String>()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_string)
        .collect();
    let has = |wanted: &str| words.iter().any(|word| word == wanted);
    Transport::from_flags(has("tcp") || has("both"), has("udp") || has("both"))
}

/// Checks a transport answer; naming one of two is partly right. `also` is the other
/// transport some versions use, and why: naming both is then partly right too.
pub fn check_transport(typed: &str, expected: Transport, also: Option<(Transport, &str)>) -> Verdict {
    if typed.trim().is_empty() {
        return Verdict::wrong(Why::Blank);
    }
    let Some(given) = parse_transport(typed) else {
        return Verdict::wrong(Why::NotUnderstood("Answer TCP, UDP or both.".to_string()));
    };
    if given == expected {
        return Verdict::new(Judgement::Correct, Why::Exact);
    }
    if expected == Transport::Both {
        let missing = if given == Transport::Tcp { "UDP" } else { "TCP" };
        return Verdict::new(Judgement::Partial, Why::Missing(format!("Partly right: it uses both, also {missing}.")));
    }
    match also {
        Some((_, why)) if given == Transport::Both => {
            Verdict::new(Judgement::Partial, Why::Missing(format!("Partly right: the answer is {expected}. {why}")))
        }
        Some((other, why)) if given == other => Verdict::wrong(Why::Close(format!("The answer is {expected}. {why}"))),
        _ if given == Transport::Both => Verdict::wrong(Why::Wrong(format!("Only {expected}: it does not use both."))),
        _ => Verdict::wrong(Why::Wrong(format!("It runs over {expected}, not {given}."))),
    }
}

/// One right answer made of parts: a protocol's name and its port(s) or transport.
#[derive(Debug, Clone, PartialEq)]
pub struct Parts {
    /// The name as the verdict gives it: "SSH".
    pub name: String,
    pub spellings: Vec<Spelling>,
    /// Port sets that are right (any one of them); empty when ports are not asked.
    pub ports: Vec<PortSpec>,
    /// The transport, when it is asked.
    pub transport: Option<Transport>,
}

impl Parts {
    /// "port 22", "ports 989-990", "UDP": the second part, as a sentence names it.
    fn second_part(&self) -> String {
        match (self.ports.first(), self.transport) {
            (Some(ports), _) => ports.phrase(),
            (None, Some(transport)) => transport.to_string(),
            (None, None) => String::new(),
        }
    }
}

/// Words that join a name to its port in a sentence ("SSH on port 22").
const CONNECTING_WORDS: [&str; 12] =
    ["on", "and", "or", "over", "with", "via", "using", "uses", "is", "its", "at", "by"];

/// Words that say what a service is for rather than name it: "SMTP mail", "DHCP
/// server", "NTP time", "Kerberos auth". A name with some of them is that name; the
/// words alone name nothing, and a name that is not the card's stays another's.
const DESCRIBING_WORDS: [&str; 29] = [
    "microsoft",
    "windows",
    "relay",
    "monitoring",
    "command",
    "commands",
    "database",
    "file",
    "files",
    "channel",
    "remote",
    "server",
    "servers",
    "service",
    "daemon",
    "client",
    "mail",
    "email",
    "web",
    "time",
    "auth",
    "authentication",
    "directory",
    "voip",
    "sharing",
    "traffic",
    "lookup",
    "logging",
    "management",
];

/// The answer with a bracketed aside taken out, and the aside: ("HTTPS ", "SSL").
fn without_aside(typed: &str) -> Option<(String, String)> {
    let open = typed.find('(')?;
    let close = open + typed[open..].find(')')?;
    let rest = format!("{} {}", &typed[..open], &typed[close + 1..]);
    let aside = typed[open + 1..close].to_string();
    (!compact(&rest).is_empty() && !compact(&aside).is_empty()).then_some((rest, aside))
}

/// The answer without its describing words, when it had some and something is left.
fn without_describing_words(typed: &str) -> Option<String> {
    let folded = fold(typed);
    let words: Vec<&str> = folded.split(' ').filter(|word| !word.is_empty()).collect();
    // A version ("Kerberos v5", "IMAP version 4") says which one, not what it is.
    let is_version =
        |word: &str| word.strip_prefix('v').is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
    let mut kept: Vec<&str> = Vec::new();
    let mut words_left = words.iter().copied().peekable();
    while let Some(word) = words_left.next() {
        if word == "version" && words_left.peek().is_some_and(|next| next.chars().all(|c| c.is_ascii_digit())) {
            words_left.next();
        } else if !DESCRIBING_WORDS.contains(&word) && !is_version(word) {
            kept.push(word);
        }
    }
    (!kept.is_empty() && kept.len() < words.len()).then(|| kept.join(" "))
}

/// An answer split into its port numbers, its transport words and the rest (the name).
struct SplitAnswer {
    ports: Option<PortSpec>,
    transport: Option<Transport>,
    name: String,
}

/// An answer's name part and its port numbers, if it gives any ("port 443 https" is
/// "port https" and 443; "ssh on port 22" is "ssh on port" and 22). Transport words
/// are dropped.
pub fn name_and_ports(typed: &str) -> (String, Option<PortSpec>) {
    let answer = split_answer(typed);
    (answer.name, answer.ports)
}

fn split_answer(typed: &str) -> SplitAnswer {
    let lower: String = typed.nfkc().flat_map(char::to_lowercase).collect();
    let (mut port_words, mut name_words, mut tcp, mut udp) = (Vec::new(), Vec::new(), false, false);
    let mut previous = "";
    for word in lower.split(|c: char| c.is_whitespace() || c == ',' || c == ';').filter(|word| !word.is_empty()) {
        // "SNMP version 3": a number that follows "version" is part of the name.
        let is_version = matches!(previous, "version" | "ver" | "v");
        previous = word;
        let word = word.trim_matches(|c: char| "()[]".contains(c));
        let is_port = !is_version
            && word.chars().any(|c| c.is_ascii_digit())
            && word.chars().all(|c| c.is_ascii_digit() || "-–/".contains(c));
        let transports: Vec<&str> = word.split('/').collect();
        if is_port {
            port_words.push(word.trim_matches(|c: char| !c.is_ascii_digit()));
        } else if transports.iter().all(|part| ["tcp", "udp", "both"].contains(part)) {
            tcp |= transports.iter().any(|part| *part != "udp");
            udp |= transports.iter().any(|part| *part != "tcp");
        } else {
            name_words.push(word);
        }
    }
    SplitAnswer {
        ports: if port_words.is_empty() { None } else { port_words.join(", ").parse().ok() },
        transport: Transport::from_flags(tcp, udp),
        name: name_words.join(" "),
    }
}

/// How the name part of an answer compares with one right answer.
#[derive(Debug, Clone, PartialEq)]
enum NameMatch {
    Exact,
    Typo,
    /// It names another protocol exactly: its label.
    Other(String),
    No,
}

/// Whether `name` (with or without its connecting words) is one of the spellings:
/// exactly; or within the typo allowance and nearer to them than to any rival; or
/// exactly another protocol's name, which is never taken for a typo of this one
/// ("FTP over TLS" is FTPS, not a slip for HTTP over TLS).
fn names<'a>(name: &str, spellings: &[Spelling], rivals: impl IntoIterator<Item = Rival<'a>> + Clone) -> NameMatch {
    let without_connecting: String =
        name.split(' ').filter(|word| !CONNECTING_WORDS.contains(word)).collect::<Vec<_>>().join(" ");
    let candidates = [name, without_connecting.as_str()];
    let typed: Vec<Typed> = candidates.iter().map(|text| Typed::new(text)).collect();
    if typed.iter().all(|typed| typed.compact.is_empty()) {
        return NameMatch::No;
    }
    // The name without words that only say what it is for ("SNMP management"),
    // compared exactly: never given a typo allowance of its own.
    let described: Vec<Typed> =
        without_describing_words(&without_connecting).iter().map(|text| Typed::new(text)).collect();
    let exact_candidates = || typed.iter().chain(&described);
    if exact_candidates().any(|typed| spellings.iter().any(|spelling| spelling.compact == typed.compact)) {
        return NameMatch::Exact;
    }
    let is_own = |compact: &str| spellings.iter().any(|spelling| spelling.compact == compact);
    let named_rival = rivals.clone().into_iter().find(|rival| {
        rival.spellings.iter().any(|spelling| {
            !is_own(&spelling.compact) && exact_candidates().any(|typed| typed.compact == spelling.compact)
        })
    });
    if let Some(rival) = named_rival {
        return NameMatch::Other(rival.label.to_string());
    }
    let own_distance = typed
        .iter()
        .flat_map(|typed| spellings.iter().filter_map(move |spelling| typo_distance(typed, spelling)))
        .min();
    let Some(own_distance) = own_distance else { return NameMatch::No };
    let rival_distance = rivals
        .into_iter()
        .flat_map(|rival| rival.spellings.iter())
        .filter(|spelling| !is_own(&spelling.compact))
        .flat_map(|spelling| typed.iter().map(move |typed| distance(typed, spelling)))
        .min()
        .unwrap_or(usize::MAX);
    if own_distance < rival_distance { NameMatch::Typo } else { NameMatch::No }
}

/// Checks an answer that names a protocol and its port(s) or transport, against
/// one or more right answers, with `rivals` every other protocol's names. One part
/// right is partly right, and the verdict says which part; a name that is another
/// protocol's is never right.
pub fn check_parts<'a>(typed: &str, right: &[Parts], rivals: impl IntoIterator<Item = Rival<'a>> + Clone) -> Verdict {
    let answer = split_answer(typed);
    if answer.name.trim().is_empty() && answer.ports.is_none() && answer.transport.is_none() {
        return Verdict::wrong(Why::Blank);
    }
    // Where several answers are right (SFTP or FTPS replace FTP), each is tried and
    // the best taken: naming one of them is never "another protocol".
    let scored = right.iter().map(|parts| {
        let name = names(&answer.name, &parts.spellings, rivals.clone());
        let second = if parts.ports.is_empty() {
            parts.transport.is_some() && answer.transport == parts.transport
        } else {
            answer.ports.as_ref().is_some_and(|given| parts.ports.contains(given))
        };
        (parts, name, second)
    });
    let rank = |name: &NameMatch| matches!(name, NameMatch::Exact | NameMatch::Typo);
    let best = scored.max_by_key(|(_, name, second)| (rank(name) && *second, rank(name), *second));
    let Some((parts, name, second)) = best else {
        return Verdict::wrong(Why::Wrong("This card has no answer to compare with.".to_string()));
    };
    let whole = format!("{} ({})", parts.name, parts.second_part());
    match (name, second) {
        (NameMatch::Typo, true) => Verdict::new(Judgement::Correct, Why::TypoOf(whole)),
        (NameMatch::Exact, true) => Verdict::new(Judgement::Correct, Why::Exact),
        (NameMatch::Exact | NameMatch::Typo, false) => Verdict::new(
            Judgement::Partial,
            Why::Missing(format!("Right protocol; it needs its {} too: {whole}.", what_second(parts))),
        ),
        (NameMatch::Other(label), true) => Verdict::new(
            Judgement::Partial,
            Why::IsOther(format!("Right {}, but that protocol is {label}; the answer is {whole}.", what_second(parts))),
        ),
        (NameMatch::No, true) => Verdict::new(
            Judgement::Partial,
            Why::Missing(format!("Right {}; the protocol is {}.", what_second(parts), parts.name)),
        ),
        (NameMatch::Other(label), false) => {
            Verdict::wrong(Why::IsOther(format!("That is {label}; the answer is {whole}.")))
        }
        (NameMatch::No, false) => Verdict::wrong(Why::Wrong(format!(
            "Neither the protocol nor its {} is right: the answer is {whole}.",
            what_second(parts)
        ))),
    }
}

fn what_second(parts: &Parts) -> &'static str {
    if parts.ports.is_empty() { "transport" } else { "port" }
}

/// Checks a list of ports against the members of a family: every member must be
/// named (all of its ports), in any order, and nothing else. The verdict names what
/// is missing and what does not belong.
pub fn check_port_set(typed: &str, members: &[(PortSpec, String)], tolerated: &[PortSpec]) -> Verdict {
    let answer = split_answer(typed);
    let Some(given) = answer.ports else {
        if typed.trim().is_empty() {
            return Verdict::wrong(Why::Blank);
        }
        return Verdict::wrong(Why::NotUnderstood("List the port numbers, like 25, 110, 143.".to_string()));
    };
    let named = |ports: &PortSpec| ports.is_subset_of(&given);
    let missing: Vec<String> =
        members.iter().filter(|(ports, _)| !named(ports)).map(|(ports, label)| format!("{ports} ({label})")).collect();
    let stray: Vec<String> = given
        .ranges()
        .iter()
        .flat_map(|&(first, last)| first..=last)
        .filter(|&port| !members.iter().any(|(ports, _)| ports.contains(port)))
        .filter(|&port| !tolerated.iter().any(|ports| ports.contains(port)))
        .map(|port| port.to_string())
        .collect();
    if missing.is_empty() && stray.is_empty() {
        return Verdict::new(Judgement::Correct, Why::Exact);
    }
    let mut note = Vec::new();
    if !missing.is_empty() {
        note.push(format!("Missing: {}.", missing.join(", ")));
    }
    if !stray.is_empty() {
        note.push(format!("Not in this family: {}.", stray.join(", ")));
    }
    let outcome = if missing.len() < members.len() { Judgement::Partial } else { Judgement::Wrong };
    let why = if outcome == Judgement::Partial { Why::Missing(note.join(" ")) } else { Why::IsOther(note.join(" ")) };
    Verdict::new(outcome, why)
}

/// "Clear text" and "Encrypted", as cards show them.
pub const CLEAR_TEXT: &str = "Clear text";
pub const ENCRYPTED: &str = "Encrypted";

/// Reads "clear text", "plaintext", "unencrypted", "insecure" or "encrypted", "secure", "TLS".
pub fn parse_clear_text(typed: &str) -> Option<bool> {
    let compact = compact(typed);
    let clear = ["clear", "plain", "unencrypted", "notencrypted", "insecure", "unsecure", "cleartext", "plaintext"];
    let encrypted = ["encrypted", "encryption", "secure", "tls", "ssl", "crypted"];
    if clear.iter().any(|word| compact.starts_with(word)) {
        Some(true)
    } else if encrypted.iter().any(|word| compact.starts_with(word)) {
        Some(false)
    } else {
        None
    }
}

pub fn check_clear_text(typed: &str, clear_text: bool) -> Verdict {
    if typed.trim().is_empty() {
        return Verdict::wrong(Why::Blank);
    }
    match parse_clear_text(typed) {
        Some(given) if given == clear_text => Verdict::new(Judgement::Correct, Why::Exact),
        Some(_) if clear_text => {
            Verdict::wrong(Why::Wrong("No: it sends its data in clear text, readable on the wire.".to_string()))
        }
        Some(_) => Verdict::wrong(Why::Wrong("No: it encrypts its data.".to_string())),
        None => Verdict::wrong(Why::NotUnderstood("Answer clear text or encrypted.".to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn spec(text: &str) -> PortSpec {
        text.parse().unwrap()
    }

    fn check(typed: &str, service: &str, aliases: &[&str]) -> Verdict {
        let aliases: Vec<String> = aliases.iter().map(ToString::to_string).collect();
        check_service(typed, service, &spellings(service, &aliases), std::iter::empty())
    }

    #[test]
    fn normalising_folds_case_width_separators_and_filler() {
        assert_eq!(normalise("  The SSH  Protocol "), "ssh");
        assert_eq!(normalise("Microsoft-DS"), "microsoft ds");
        assert_eq!(normalise("ＳＳＨ"), "ssh");
        assert_eq!(normalise("tcp/SMB"), "smb");
        assert_eq!(compact("Microsoft DS"), "microsoftds");
    }

    #[test]
    fn any_part_of_a_slash_name_is_exact() {
        for typed in ["ssh", "SCP", "ssh/scp", "SSH / SCP"] {
            assert_eq!(check(typed, "SSH/SCP", &[]).why, Why::Exact, "{typed}");
        }
    }

    #[test]
    fn aliases_are_accepted_and_named() {
        let verdict = check("secure shell", "SSH/SCP", &["secure shell"]);
        assert_eq!(verdict, Verdict::new(Judgement::Correct, Why::AliasOf("SSH/SCP".into())));
        assert_eq!(
            verdict.explanation("secure shell").unwrap(),
            "Accepted: \"secure shell\" is another name for SSH/SCP."
        );
    }

    #[test]
    fn typos_only_for_longer_names() {
        assert_eq!(check("kerberso", "Kerberos", &[]).why, Why::TypoOf("Kerberos".into()));
        assert_eq!(check("telent", "Telnet", &[]).why, Why::TypoOf("Telnet".into()));
        assert_eq!(check("shh", "SSH", &[]).judgement, Judgement::Wrong);
        assert_eq!(check("pop2", "POP3", &[]).judgement, Judgement::Wrong);
        assert_eq!(check("netbois", "NetBIOS", &[]).judgement, Judgement::Correct);
        assert_eq!(check("netbiso ns", "NetBIOS", &["netbios ns"]).judgement, Judgement::Correct);
        assert_eq!(check("kerbreso", "Kerberos", &[]).judgement, Judgement::Wrong, "two edits on eight letters");
    }

    #[test]
    fn a_typo_as_close_to_another_card_is_rejected() {
        let own = spellings("RIP", &["routing information protocol".into()]);
        let ripng = spellings("RIPng (IPv6)", &[]);
        let rivals = [Rival { label: "RIPng (port 521)", spellings: &ripng }];
        assert_eq!(check_service("ripng", "RIP", &own, rivals.iter().copied()).judgement, Judgement::Wrong);
        let telnet = spellings("Telnet", &[]);
        let tlnet = spellings("Tlnetx", &[]);
        let rivals = [Rival { label: "x", spellings: &tlnet }];
        let verdict = check_service("tlnet", "Telnet", &telnet, rivals.iter().copied());
        assert_eq!(verdict.judgement, Judgement::Wrong);
    }

    #[test]
    fn naming_another_card_says_which() {
        let nntp = spellings("NNTP", &[]);
        let ntp = spellings("NTP", &[]);
        let rivals = [Rival { label: "NTP (port 123)", spellings: &ntp }];
        let verdict = check_service("ntp", "NNTP", &nntp, rivals.iter().copied());
        assert_eq!(verdict, Verdict::new(Judgement::Wrong, Why::IsOther("That is NTP (port 123).".into())));
    }

    #[test]
    fn ports_compare_as_numbers_and_sets() {
        let dhcp = spec("67-68");
        for typed in ["67-68", "67/68", "68, 67", "67 and 68", "067-068", "udp/67-68", "ports 67, 68"] {
            assert_eq!(check_ports(typed, &dhcp, &[]).judgement, Judgement::Correct, "{typed}");
        }
        for typed in ["tcp/22", "22/tcp", "port 22", "22 "] {
            assert_eq!(check_ports(typed, &spec("22"), &[]).judgement, Judgement::Correct, "{typed}");
        }
        assert_eq!(check_ports("69", &dhcp, &[]).judgement, Judgement::Wrong);
        assert_eq!(check_ports("ssh", &spec("22"), &[]).judgement, Judgement::Wrong);
    }

    #[test]
    fn one_port_of_a_range_is_partly_right_and_names_the_rest() {
        let verdict = check_ports("137", &spec("137-139"), &[]);
        assert_eq!(verdict.judgement, Judgement::Partial);
        assert!(verdict.explanation("137").unwrap().contains("missing 138, 139"));
    }

    #[test]
    fn other_sources_answer_is_also_right() {
        let verdict = check_ports("587", &spec("465"), &[spec("587")]);
        assert_eq!(verdict.judgement, Judgement::Correct);
        assert!(matches!(verdict.why, Why::AlsoRight(_)));
    }

    #[test]
    fn transports_read_every_way_people_write_them() {
        for typed in ["both", "TCP/UDP", "tcp and udp", "UDP, TCP"] {
            assert_eq!(check_transport(typed, Transport::Both, None).judgement, Judgement::Correct, "{typed}");
        }
        assert_eq!(check_transport("udp", Transport::Udp, None).judgement, Judgement::Correct);
        assert_eq!(check_transport("tcp", Transport::Udp, None).judgement, Judgement::Wrong);
        assert_eq!(check_transport("tcp", Transport::Both, None).judgement, Judgement::Partial);
        assert_eq!(check_transport("sctp", Transport::Tcp, None).judgement, Judgement::Wrong);
    }

    proptest! {
        #[test]
        fn never_panics(typed in "\\PC{0,40}") {
            let own = spellings("SSH/SCP", &["secure shell".into()]);
            let _ = check_service(&typed, "SSH/SCP", &own, std::iter::empty());
            let _ = check_ports(&typed, &spec("20-21"), &[]);
            let _ = check_transport(&typed, Transport::Both, None);
            let ssh = Parts { name: "SSH".into(), spellings: own.clone(), ports: vec![spec("22")], transport: None };
            let _ = check_parts(&typed, &[ssh], []);
            let _ = check_port_set(&typed, &[(spec("25"), "SMTP".into()), (spec("137-139"), "NetBIOS".into())], &[spec("110")]);
            let _ = check_clear_text(&typed, true);
        }

        #[test]
        fn a_family_is_right_in_any_order_and_spelling(order in Just(vec![0usize, 1, 2, 3]).prop_shuffle(), comma in any::<bool>()) {
            let members: Vec<(PortSpec, String)> =
                ["25", "110", "143", "137-139"].iter().map(|ports| (spec(ports), String::new())).collect();
            let separator = if comma { ", " } else { " " };
            let typed: Vec<String> = order.iter().map(|&index| members[index].0.to_string()).collect();
            prop_assert_eq!(check_port_set(&typed.join(separator), &members, &[]).judgement, Judgement::Correct);
            // Leaving any one out is partly right and names it.
            let missing = &members[order[0]].0;
            let verdict = check_port_set(&typed[1..].join(separator), &members, &[]);
            prop_assert_eq!(verdict.judgement, Judgement::Partial);
            prop_assert!(verdict.explanation("").unwrap().contains(&missing.to_string()));
        }

        #[test]
        fn name_and_port_may_come_in_either_order(swap in any::<bool>(), filler in prop::sample::select(vec!["", "on port", "port", "over"])) {
            let right = Parts {
                name: "LDAPS".into(),
                spellings: spellings("LDAPS", &["ldap over tls".into()]),
                ports: vec![spec("636")],
                transport: None,
            };
            let typed = if swap { format!("636 {filler} ldaps") } else { format!("ldaps {filler} 636") };
            prop_assert_eq!(check_parts(&typed, &[right], []).judgement, Judgement::Correct);
        }

        #[test]
        fn case_and_spacing_never_change_the_verdict(typed in "[a-zA-Z /-]{0,14}") {
            let own = spellings("Kerberos", &["kpasswd".into()]);
            let spaced: String = typed.chars().flat_map(|c| [c, ' ']).collect();
            prop_assert_eq!(
                check_service(&typed, "Kerberos", &own, std::iter::empty()),
                check_service(&spaced.to_uppercase(), "Kerberos", &own, std::iter::empty())
            );
        }
    }
}
