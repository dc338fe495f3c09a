//! The live round's web server: the student page, joining, answering, and the
//! round's state pushed over a WebSocket (or long-polled where a school network
//! blocks the upgrade).
//!
//! It runs on a tokio runtime of its own thread, so the window never waits on the
//! network. It serves only the round's routes and the page embedded in the binary,
//! caps every request, limits how fast one client may ask, and stops (freeing the
//! port) when the round is closed or the server is dropped. Nothing a student sends
//! is written anywhere.

use std::net::{IpAddr, SocketAddr, TcpListener};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::Duration as StdDuration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::{ConnectInfo, DefaultBodyLimit, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use chrono::{DateTime, Utc};
use rand::SeedableRng;
use rand::rngs::StdRng;
use serde::{Deserialize, Serialize};
use tokio::sync::watch;

use super::journal::Journal;
use super::limiter::Buckets;
use super::messages::{self, ClientMessage, MAX_MESSAGE_BYTES, MessageError};
use super::round::{Round, RoundError};

/// Where "now" comes from (the system clock in the app, a hand-set one in tests).
pub type Now = Arc<dyn Fn() -> DateTime<Utc> + Send + Sync>;
/// Called after every change, from the server's thread (the window repaints).
pub type Waker = Arc<dyn Fn() + Send + Sync>;

const PAGE: &str = include_str!("../../assets/live/index.html");
const SCRIPT: &str = include_str!("../../assets/live/app.js");
const STYLE: &str = include_str!("../../assets/live/style.css");
/// The app's icon, for the phone's tab (without it every page load asks for
/// /favicon.ico and the browser's console shows the 404 as an error).
const ICON: &str = include_str!("../../assets/icon.svg");

/// How long a long poll waits for a change before answering anyway: well inside the
/// 15 s after which a phone takes the teacher's computer for gone.
const LONG_POLL: StdDuration = StdDuration::from_secs(10);
/// How often a socket says "alive" when nothing else happens, for the same reason.
const ALIVE_EVERY: StdDuration = StdDuration::from_secs(5);

pub use super::limiter::RateLimit;

#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Requests per player token (answers, polls, WebSocket messages).
    pub per_player: RateLimit,
    /// Refused requests per address (wrong PINs, unknown tokens, bad messages).
    pub refusals_per_address: RateLimit,
    /// PINs compared for an address that has run out of refusals, in the whole
    /// round: past it, such an address waits before its PIN is even looked at.
    pub pin_checks_past_limit: u32,
    /// Wrong rejoin codes per address, whatever the name.
    pub rejoin_codes_per_address: RateLimit,
    /// Wrong rejoin codes per nickname, from every address together.
    pub rejoin_codes_per_name: RateLimit,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            per_player: RateLimit { burst: 20.0, per_second: 5.0 },
            // A class behind one address (a school's NAT) shares this: 30 mistakes at
            // once, then one every 5 s.
            refusals_per_address: RateLimit { burst: 30.0, per_second: 0.2 },
            // A right PIN is let in even from an address that ran out of refusals (a
            // prankster's guesses must not shut the class out), so each such check is
            // also a guess; the round allows 1,000 of them in all. A guesser at one
            // address gets 30 + 720 an hour + 1,000 = 1,750 PINs in an hour-long
            // round: 0.175 % of the million.
            pin_checks_past_limit: 1_000,
            // Four letters of 23 make 279,841 codes. At one wrong code a minute for a
            // name (after 5 at once), finding one student's takes on average 140,000
            // minutes (97 days); from one address, 10 at once then one every 10 s.
            rejoin_codes_per_address: RateLimit { burst: 10.0, per_second: 0.1 },
            rejoin_codes_per_name: RateLimit { burst: 5.0, per_second: 1.0 / 60.0 },
        }
    }
}

/// What the round, the clock and the rest share between the window and the server.
struct Shared {
    round: Mutex<Round>,
    rng: Mutex<StdRng>,
    now: Now,
    waker: Waker,
    changed: watch::Sender<u64>,
    closing: watch::Sender<bool>,
    limits: Limits,
    buckets: Mutex<Buckets>,
    /// What is left of [`Limits::pin_checks_past_limit`].
    pin_checks_left: Mutex<u32>,
    /// Every HTTP request served (a WebSocket counts once, at its upgrade).
    requests: std::sync::atomic::AtomicU64,
    /// Where the round is written down as it is played; `None` without one, or after
    /// a write failed (the failure is kept in `journal_problem`).
    journal: Mutex<Option<Journal>>,
    journal_problem: Mutex<Option<String>>,
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl Shared {
    /// Changes the round; when anything changed, every phone and the window hear.
    fn update<R>(&self, change: impl FnOnce(&mut Round, &mut StdRng, DateTime<Utc>) -> R) -> R {
        let now = (self.now)();
        let (result, changed) = {
            let mut round = lock(&self.round);
            let (before, phones_before) = (round.version(), round.phones_version());
            let result = change(&mut round, &mut lock(&self.rng), now);
            // Written down before anybody hears of it: an answer acknowledged is on disk.
            let events = round.take_events();
            self.write_down(&events);
            let phones = (round.phones_version() != phones_before).then(|| round.phones_version());
            (result, (round.version() != before, phones))
        };
        if let (_, Some(version)) = changed {
            self.changed.send_replace(version);
        }
        if changed.0 {
            (self.waker)();
        }
        result
    }

    fn write_down(&self, events: &[super::journal::Event]) {
        let mut journal = lock(&self.journal);
        let Some(open) = journal.as_mut() else { return };
        if let Err(error) = open.record(events) {
            let problem = format!("The round's answers could not be written to {}: {error}", open.path().display());
            log::error!("{problem}");
            *lock(&self.journal_problem) = Some(problem);
            *journal = None;
        }
    }

    /// Takes one from the key's bucket; false when it is empty.
    fn allow(&self, key: &str, limit: RateLimit) -> bool {
        lock(&self.buckets).take(key, limit, (self.now)())
    }

    /// Whether the key's bucket is empty now, without taking from it.
    fn is_empty(&self, key: &str) -> bool {
        lock(&self.buckets).is_empty(key, (self.now)())
    }
}

/// Options for [`LiveServer::start`].
pub struct ServerOptions {
    pub now: Now,
    pub waker: Waker,
    /// Seeds the tokens' generator (tests pass a fixed one).
    pub seed: u64,
    pub limits: Limits,
    /// Where to write the round down as it is played.
    pub journal: Option<Journal>,
}

impl ServerOptions {
    /// The system clock, no waker, a seed from the system's entropy.
    pub fn system() -> Self {
        ServerOptions {
            now: Arc::new(Utc::now),
            waker: Arc::new(|| {}),
            seed: rand::random(),
            limits: Limits::default(),
            journal: None,
        }
    }
}

/// A running server for one round. Dropping it stops the server and frees the port.
pub struct LiveServer {
    shared: Arc<Shared>,
    address: SocketAddr,
    thread: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for LiveServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LiveServer").field("address", &self.address).finish_non_exhaustive()
    }
}

impl LiveServer {
    /// Binds `address` (port 0 picks a free one) and serves the round from a thread
    /// of its own. A bind error (the port is taken, the address is gone) comes back
    /// here, before anything runs.
    pub fn start(round: Round, address: SocketAddr, options: ServerOptions) -> std::io::Result<LiveServer> {
        LiveServer::serve_on(round, TcpListener::bind(address)?, options)
    }

    /// Serves the round on a socket already bound (the caller chose the port).
    pub fn serve_on(round: Round, listener: TcpListener, options: ServerOptions) -> std::io::Result<LiveServer> {
        listener.set_nonblocking(true)?;
        let address = listener.local_addr()?;
        let (changed, _) = watch::channel(round.phones_version());
        let (closing, _) = watch::channel(false);
        let shared = Arc::new(Shared {
            round: Mutex::new(round),
            rng: Mutex::new(StdRng::seed_from_u64(options.seed)),
            now: options.now,
            waker: options.waker,
            changed,
            closing,
            limits: options.limits,
            buckets: Mutex::new(Buckets::default()),
            pin_checks_left: Mutex::new(options.limits.pin_checks_past_limit),
            requests: std::sync::atomic::AtomicU64::new(0),
            journal: Mutex::new(None),
            journal_problem: Mutex::new(None),
        });
        if let Some(mut journal) = options.journal {
            let started = lock(&shared.round).started_event((shared.now)());
            match journal.record(&[started]) {
                Ok(()) => *lock(&shared.journal) = Some(journal),
                Err(error) => {
                    let problem = format!("The round cannot be written to {}: {error}", journal.path().display());
                    *lock(&shared.journal_problem) = Some(problem);
                }
            }
        }
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
        let serving = Arc::clone(&shared);
        let thread = std::thread::Builder::new().name("live-round-server".into()).spawn(move || {
            runtime.block_on(serve(listener, serving));
            // Connections still open (a phone mid-request) are cut here.
            runtime.shutdown_timeout(StdDuration::from_millis(500));
        })?;
        Ok(LiveServer { shared, address, thread: Some(thread) })
    }

    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// Why the round is not being written down, if it is not.
    pub fn journal_problem(&self) -> Option<String> {
        lock(&self.shared.journal_problem).clone()
    }

    /// Where the round is written down, while it is.
    pub fn journal_path(&self) -> Option<std::path::PathBuf> {
        lock(&self.shared.journal).as_ref().map(|journal| journal.path().to_path_buf())
    }

    /// How many HTTP requests the server has had: a phone that stopped asking after
    /// the end leaves it unchanged.
    pub fn requests(&self) -> u64 {
        self.shared.requests.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// How many keys (addresses, tokens, names) the rate limits remember now: the
    /// ones heard from lately, not every one ever seen.
    pub fn limited_keys(&self) -> usize {
        lock(&self.shared.buckets).remembered()
    }

    /// Reads the round.
    pub fn round<R>(&self, read: impl FnOnce(&Round) -> R) -> R {
        read(&lock(&self.shared.round))
    }

    /// Changes the round (the teacher's next, reveal, remove, end); phones hear.
    pub fn update<R>(&self, change: impl FnOnce(&mut Round, DateTime<Utc>) -> R) -> R {
        self.shared.update(|round, _, now| change(round, now))
    }

    /// Stops serving, closes every connection and frees the port; returns the round.
    pub fn stop(mut self) -> Round {
        self.shut_down();
        lock(&self.shared.round).clone()
    }

    fn shut_down(&mut self) {
        self.shared.closing.send_replace(true);
        if let Some(thread) = self.thread.take() {
            // A panic on the server's thread has already been reported there.
            thread.join().ok();
        }
    }
}

impl Drop for LiveServer {
    fn drop(&mut self) {
        self.shut_down();
    }
}

/// What a socket reads before it refuses a message as too long (with a reason).
const SOCKET_READ_BYTES: usize = 64 * 1024;

async fn count_request(
    State(shared): State<Arc<Shared>>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    shared.requests.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    next.run(request).await
}

/// Returns once the server is closing.
async fn until_closing(closing: &mut watch::Receiver<bool>) {
    closing.wait_for(|closing| *closing).await.ok();
}

async fn serve(listener: TcpListener, shared: Arc<Shared>) {
    let listener = match tokio::net::TcpListener::from_std(listener) {
        Ok(listener) => listener,
        Err(error) => {
            log::error!("the live round's server could not start: {error}");
            return;
        }
    };
    let app = Router::new()
        .route("/", get(|| async { page(PAGE, "text/html; charset=utf-8") }))
        .route("/app.js", get(|| async { page(SCRIPT, "text/javascript; charset=utf-8") }))
        .route("/style.css", get(|| async { page(STYLE, "text/css; charset=utf-8") }))
        .route("/icon.svg", get(|| async { page(ICON, "image/svg+xml") }))
        .route("/api/join", post(join))
        .route("/api/answer", post(answer))
        .route("/api/state", get(state))
        .route("/ws", get(websocket))
        .fallback(|| async { refusal(StatusCode::NOT_FOUND, "not_found", "There is nothing here.") })
        .layer(DefaultBodyLimit::max(MAX_MESSAGE_BYTES))
        .layer(axum::middleware::from_fn_with_state(Arc::clone(&shared), count_request))
        .with_state(Arc::clone(&shared));

    // The round is timed here too, so it moves on with the window minimised.
    let ticking = Arc::clone(&shared);
    let mut closing_ticker = shared.closing.subscribe();
    tokio::spawn(async move {
        let mut interval = tokio::time::interval(StdDuration::from_millis(100));
        loop {
            tokio::select! {
                _ = interval.tick() => { ticking.update(|round, _, now| round.tick(now)); }
                () = until_closing(&mut closing_ticker) => break,
            }
        }
    });

    let mut closing = shared.closing.subscribe();
    let mut closing_late = shared.closing.subscribe();
    let server = axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(async move { until_closing(&mut closing).await });
    tokio::select! {
        result = server => {
            if let Err(error) = result {
                log::error!("the live round's server stopped: {error}");
            }
        }
        // Graceful, but not forever: a phone that never hangs up does not hold the port.
        _ = async {
            until_closing(&mut closing_late).await;
            tokio::time::sleep(StdDuration::from_secs(2)).await;
        } => {}
    }
}

fn page(body: &'static str, content_type: &'static str) -> Response {
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; \
             base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
        ),
    );
    response
}

#[derive(Serialize)]
struct ErrorBody {
    error: String,
    code: &'static str,
}

/// Why a request was refused: the HTTP status, a code for the page, a sentence for
/// the student. Sent as a JSON error over HTTP, and as `{"type":"error",...}` on a socket.
struct Refusal {
    status: StatusCode,
    body: ErrorBody,
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        (self.status, axum::Json(self.body)).into_response()
    }
}

fn refusal(status: StatusCode, code: &'static str, sentence: &str) -> Refusal {
    Refusal { status, body: ErrorBody { error: sentence.to_string(), code } }
}

fn round_refusal(error: &RoundError) -> Refusal {
    let (status, code) = match error {
        RoundError::NothingToAsk => (StatusCode::CONFLICT, "nothing_to_ask"),
        RoundError::WrongPin => (StatusCode::FORBIDDEN, "wrong_pin"),
        RoundError::Ended => (StatusCode::GONE, "ended"),
        RoundError::Nickname(_) => (StatusCode::UNPROCESSABLE_ENTITY, "nickname"),
        RoundError::NameTaken => (StatusCode::CONFLICT, "name_taken"),
        RoundError::Full => (StatusCode::SERVICE_UNAVAILABLE, "full"),
        RoundError::UnknownPlayer => (StatusCode::UNAUTHORIZED, "unknown_player"),
        RoundError::NotAsking => (StatusCode::CONFLICT, "not_asking"),
        RoundError::WrongQuestion => (StatusCode::CONFLICT, "wrong_question"),
        RoundError::TooLate => (StatusCode::CONFLICT, "too_late"),
        RoundError::AlreadyAnswered => (StatusCode::CONFLICT, "already_answered"),
        RoundError::JoinedLate => (StatusCode::CONFLICT, "joined_late"),
        RoundError::NoSuchOption => (StatusCode::UNPROCESSABLE_ENTITY, "no_such_option"),
        RoundError::NotAPort => (StatusCode::UNPROCESSABLE_ENTITY, "not_a_port"),
    };
    refusal(status, code, &error.to_string())
}

fn message_refusal(error: &MessageError) -> Refusal {
    match error {
        MessageError::TooLong => refusal(StatusCode::PAYLOAD_TOO_LARGE, "too_long", &error.to_string()),
        _ => refusal(StatusCode::BAD_REQUEST, "malformed", &error.to_string()),
    }
}

fn too_fast() -> Refusal {
    refusal(StatusCode::TOO_MANY_REQUESTS, "too_fast", "Too many tries at once: wait a few seconds.")
}

/// Counts a refusal against the address; false when it has had too many.
fn refused_again(shared: &Shared, from: IpAddr) -> bool {
    !shared.allow(&format!("refused:{from}"), shared.limits.refusals_per_address)
}

fn exhausted(shared: &Shared, from: IpAddr) -> bool {
    shared.is_empty(&format!("refused:{from}"))
}

/// Whether the address is to wait: never for a player of the round (a class behind
/// one address shares its refusals, and a classmate's typos must not lock the rest
/// out); for anybody else, once the address has had too many refusals.
fn address_waits(shared: &Shared, from: IpAddr, token: &str) -> bool {
    lock(&shared.round).resume(token).is_err() && exhausted(shared, from)
}

/// A body the server would not read (too large, or cut off), as the page's JSON.
fn body_refusal(rejection: &axum::extract::rejection::BytesRejection) -> Refusal {
    if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
        message_refusal(&MessageError::TooLong)
    } else {
        refusal(StatusCode::BAD_REQUEST, "malformed", "The message did not arrive whole.")
    }
}

async fn join(
    State(shared): State<Arc<Shared>>,
    ConnectInfo(from): ConnectInfo<SocketAddr>,
    body: Result<Bytes, axum::extract::rejection::BytesRejection>,
) -> Result<Response, Refusal> {
    let body = body.map_err(|rejection| body_refusal(&rejection))?;
    let (pin, name, code) = match messages::parse(&body) {
        Ok(ClientMessage::Join { pin, name, code }) => (pin, name, code),
        Ok(ClientMessage::Answer { .. }) => {
            refused_again(&shared, from.ip());
            return Err(refusal(StatusCode::BAD_REQUEST, "malformed", "Send an answer to /api/answer."));
        }
        Err(error) => {
            refused_again(&shared, from.ip());
            return Err(message_refusal(&error));
        }
    };
    if !may_check_pin(&shared, from.ip()) {
        return Err(too_fast());
    }
    let outcome = match &code {
        Some(code) => rejoin(&shared, from.ip(), &pin, &name, code)?,
        None => shared.update(|round, rng, now| {
            let joined = round.join(&pin, &name, rng);
            if let Ok(joined) = &joined {
                round.seen(&joined.token, 0, now);
            }
            joined
        }),
    };
    match outcome {
        Ok(joined) => Ok(axum::Json(joined).into_response()),
        Err(error) => {
            // Only guesses at the PIN count against the address: a taken name is an honest mistake.
            if error == RoundError::WrongPin && refused_again(&shared, from.ip()) {
                return Err(too_fast());
            }
            Err(round_refusal(&error))
        }
    }
}

/// Whether the PIN from this address is looked at. Always while the address has
/// refusals left; past them, while the round's checks past the limit last (each
/// one used up), so that a classmate typing the right PIN gets in however often
/// somebody at the same address guessed wrong, and a guesser still gets few PINs.
fn may_check_pin(shared: &Shared, from: IpAddr) -> bool {
    if !exhausted(shared, from) {
        return true;
    }
    let mut left = lock(&shared.pin_checks_left);
    if *left == 0 {
        return false;
    }
    *left -= 1;
    true
}

/// A player back on a browser that lost its token, with the name and the code their
/// phone showed. Wrong codes count against the address and the name, and either
/// one run out makes the rejoin wait before the code is compared.
fn rejoin(
    shared: &Shared,
    from: IpAddr,
    pin: &str,
    name: &str,
    code: &str,
) -> Result<Result<super::round::Joined, RoundError>, Refusal> {
    let by_address = format!("rejoin:{from}");
    let by_name = format!("rejoin-name:{}", super::nickname::fold(name.trim()));
    if shared.is_empty(&by_address) || shared.is_empty(&by_name) {
        return Err(too_many_codes());
    }
    let outcome = shared.update(|round, _, now| {
        let joined = round.rejoin(pin, name, code);
        if let Ok(joined) = &joined {
            round.seen(&joined.token, 0, now);
        }
        joined
    });
    if outcome == Err(RoundError::NameTaken) {
        let limits = &shared.limits;
        // Both are taken from, so that neither many names nor many addresses get round it.
        let address_left = shared.allow(&by_address, limits.rejoin_codes_per_address);
        let name_left = shared.allow(&by_name, limits.rejoin_codes_per_name);
        if !(address_left && name_left) {
            return Err(too_many_codes());
        }
    }
    Ok(outcome)
}

fn too_many_codes() -> Refusal {
    refusal(
        StatusCode::TOO_MANY_REQUESTS,
        "too_fast",
        "Too many wrong rejoin codes: wait a minute, or ask your teacher to remove the old name.",
    )
}

/// An answer, as the HTTP route and the WebSocket both take it.
fn take_answer(shared: &Shared, from: IpAddr, bytes: &[u8]) -> Result<super::round::Ack, Refusal> {
    let (token, question, given) = match messages::parse(bytes) {
        Ok(ClientMessage::Answer { token, question, given }) => (token, question, given),
        Ok(ClientMessage::Join { .. }) => {
            let refused = refusal(StatusCode::BAD_REQUEST, "malformed", "Join through /api/join.");
            return Err(if refused_again(shared, from) { too_fast() } else { refused });
        }
        Err(error) => return Err(if refused_again(shared, from) { too_fast() } else { message_refusal(&error) }),
    };
    if address_waits(shared, from, &token) {
        return Err(too_fast());
    }
    if !shared.allow(&format!("player:{token}"), shared.limits.per_player) {
        return Err(too_fast());
    }
    let answered = shared.update(|round, _, now| {
        round.seen(&token, 0, now);
        let answered = round.answer(&token, question, given, now);
        // The last answer in reveals at once; nobody waits for the clock.
        round.tick(now);
        answered
    });
    answered.map_err(|error| {
        if error == RoundError::UnknownPlayer {
            refused_again(shared, from);
        }
        round_refusal(&error)
    })
}

async fn answer(
    State(shared): State<Arc<Shared>>,
    ConnectInfo(from): ConnectInfo<SocketAddr>,
    body: Result<Bytes, axum::extract::rejection::BytesRejection>,
) -> Result<Response, Refusal> {
    let body = body.map_err(|rejection| body_refusal(&rejection))?;
    take_answer(&shared, from.ip(), &body).map(|ack| axum::Json(ack).into_response())
}

#[derive(Deserialize)]
struct StateQuery {
    token: String,
    /// The version the page has; the answer waits until there is a newer one.
    since: Option<u64>,
}

#[derive(Serialize)]
struct ViewBody {
    version: u64,
    view: super::round::StudentView,
}

fn view_of(shared: &Shared, token: &str) -> Result<ViewBody, RoundError> {
    let round = lock(&shared.round);
    let view = round.student_view(token, (shared.now)())?;
    Ok(ViewBody { version: round.phones_version(), view })
}

async fn state(
    State(shared): State<Arc<Shared>>,
    ConnectInfo(from): ConnectInfo<SocketAddr>,
    query: Result<Query<StateQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, Refusal> {
    let Ok(Query(query)) = query else {
        refused_again(&shared, from.ip());
        return Err(refusal(StatusCode::BAD_REQUEST, "malformed", "Ask with ?token=..."));
    };
    if address_waits(&shared, from.ip(), &query.token) {
        return Err(too_fast());
    }
    if !shared.allow(&format!("player:{}", query.token), shared.limits.per_player) {
        return Err(too_fast());
    }
    if let Some(since) = query.since {
        // While the poll is held the phone counts as connected.
        shared.update(|round, _, now| round.seen(&query.token, 1, now));
        let mut changed = shared.changed.subscribe();
        let mut closing = shared.closing.subscribe();
        tokio::select! {
            () = async { changed.wait_for(|version| *version > since).await.ok(); } => {}
            () = until_closing(&mut closing) => {}
            () = tokio::time::sleep(LONG_POLL) => {}
        }
        shared.update(|round, _, now| round.seen(&query.token, -1, now));
    } else {
        shared.update(|round, _, now| round.seen(&query.token, 0, now));
    }
    match view_of(&shared, &query.token) {
        Ok(body) => Ok(axum::Json(body).into_response()),
        Err(error) => {
            refused_again(&shared, from.ip());
            Err(round_refusal(&error))
        }
    }
}

#[derive(Deserialize)]
struct SocketQuery {
    token: String,
}

async fn websocket(
    State(shared): State<Arc<Shared>>,
    ConnectInfo(from): ConnectInfo<SocketAddr>,
    query: Result<Query<SocketQuery>, axum::extract::rejection::QueryRejection>,
    upgrade: WebSocketUpgrade,
) -> Result<Response, Refusal> {
    let Ok(Query(SocketQuery { token })) = query else {
        refused_again(&shared, from.ip());
        return Err(refusal(StatusCode::BAD_REQUEST, "malformed", "Connect with ?token=..."));
    };
    if address_waits(&shared, from.ip(), &token) {
        return Err(too_fast());
    }
    if let Err(error) = lock(&shared.round).resume(&token) {
        refused_again(&shared, from.ip());
        return Err(round_refusal(&error));
    }
    // Larger messages than an answer are read (up to a bound) so that the phone is told
    // why the socket closes, rather than cut off with no reason.
    Ok(upgrade
        .max_message_size(SOCKET_READ_BYTES)
        .max_frame_size(SOCKET_READ_BYTES)
        .on_upgrade(move |socket| play(socket, shared, from.ip(), token)))
}

/// One phone's connection: the round's state on every change, answers in.
async fn play(socket: WebSocket, shared: Arc<Shared>, from: IpAddr, token: String) {
    shared.update(|round, _, now| round.seen(&token, 1, now));
    talk(socket, &shared, from, &token).await;
    shared.update(|round, _, now| round.seen(&token, -1, now));
}

/// The socket's conversation, until either side hangs up.
async fn talk(mut socket: WebSocket, shared: &Arc<Shared>, from: IpAddr, token: &str) {
    let mut changed = shared.changed.subscribe();
    let mut closing = shared.closing.subscribe();
    let mut last_sent = 0;
    let mut alive = tokio::time::interval_at(tokio::time::Instant::now() + ALIVE_EVERY, ALIVE_EVERY);
    loop {
        let version = *changed.borrow_and_update();
        if version != last_sent {
            last_sent = version;
            let text = match view_of(shared, token) {
                Ok(body) => serde_json::json!({ "type": "state", "version": body.version, "view": body.view }),
                Err(error) => {
                    // Removed, or the round is gone: say so and hang up.
                    let text =
                        serde_json::json!({ "type": "error", "code": "unknown_player", "error": error.to_string() });
                    socket.send(Message::Text(text.to_string().into())).await.ok();
                    break;
                }
            };
            if socket.send(Message::Text(text.to_string().into())).await.is_err() {
                break;
            }
        }
        tokio::select! {
            result = changed.changed() => if result.is_err() { break },
            () = until_closing(&mut closing) => break,
            _ = alive.tick() => {
                let text = serde_json::json!({ "type": "alive" }).to_string();
                if socket.send(Message::Text(text.into())).await.is_err() {
                    break;
                }
            }
            received = socket.recv() => match received {
                Some(Ok(Message::Text(text))) if text.len() > MAX_MESSAGE_BYTES => {
                    close_too_long(&mut socket).await;
                    return;
                }
                // Past what the socket reads at all, the frame is refused unread, with
                // the same reason: the socket can still say why it closes.
                Some(Err(error)) if is_too_long(&error) => {
                    close_too_long(&mut socket).await;
                    return;
                }
                Some(Ok(Message::Text(text))) => {
                    let reply = socket_reply(take_answer(shared, from, text.as_bytes()));
                    if socket.send(Message::Text(reply.into())).await.is_err() {
                        break;
                    }
                }
                Some(Ok(Message::Binary(_))) => {
                    let reply = serde_json::json!({ "type": "error", "code": "malformed", "error": "Send text." });
                    if socket.send(Message::Text(reply.to_string().into())).await.is_err() {
                        break;
                    }
                }
                Some(Ok(Message::Ping(_) | Message::Pong(_))) => {}
                Some(Ok(Message::Close(_)) | Err(_)) | None => break,
            },
        }
    }
    socket.send(Message::Close(None)).await.ok();
}

/// Closes the socket with 1009 (too big) and the sentence a phone shows.
async fn close_too_long(socket: &mut WebSocket) {
    let reason = MessageError::TooLong.to_string();
    let close = axum::extract::ws::CloseFrame { code: 1009, reason: reason.into() };
    socket.send(Message::Close(Some(close))).await.ok();
}

/// Whether a read failed because the frame or message was larger than the socket
/// reads (tungstenite's capacity error, which axum passes on only as an error).
fn is_too_long(error: &axum::Error) -> bool {
    let text = error.to_string();
    text.contains("Space limit exceeded") || text.contains("too long") || text.contains("too big")
}

/// An answer's outcome as a socket message: `{"type":"ack",...}` or `{"type":"error",...}`.
fn socket_reply(outcome: Result<super::round::Ack, Refusal>) -> String {
    match outcome {
        Ok(ack) => serde_json::json!({ "type": "ack", "question": ack.question, "counted": ack.counted }),
        Err(refusal) => serde_json::json!({ "type": "error", "code": refusal.body.code, "error": refusal.body.error }),
    }
    .to_string()
}
