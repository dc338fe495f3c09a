// The student's side of a live round: join with the PIN and a nickname, answer,
// see your own result. Plain JavaScript, no framework, nothing from outside this
// server. Everything a server sends is put on the page as text (textContent),
// never as HTML.
"use strict";

const TOKEN_KEY = "portcards-live-token";
const $ = (id) => document.getElementById(id);

let token = localStorage.getItem(TOKEN_KEY);
let socket = null;
let socketFailures = 0;
let polling = false;
// "?poll" in the address skips WebSockets, for networks that let the upgrade through
// but never deliver a frame.
const pollOnly = new URLSearchParams(location.search).has("poll");
let version = 0;
let view = null;
let typed = "";
// The option tapped for the open question (the view's `chosen` says so after a reload).
let picked = null;
let deadline = null;
let timer = null;
// The round is over: the final screen stays and nothing is asked of the server again.
let finished = false;
// Since when the server has been out of reach; past GIVE_UP_MS the phone stops trying
// and says so plainly, with the last score it had and a button to try again.
let unreachableSince = null;
const GIVE_UP_MS = 15000;
// When the server was last heard from on the socket: it says "alive" every 5 s, so a
// socket silent for GIVE_UP_MS is a computer gone without hanging up (a lid closed).
let lastHeard = Date.now();

function say(text) { $("message").textContent = text || ""; }
function connection(text) { $("connection").textContent = text; }

async function post(path, body) {
  const response = await fetch(path, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  let data = {};
  try { data = await response.json(); } catch (_) { /* an empty or odd body */ }
  return { ok: response.ok, data };
}

function forget(reason) {
  token = null;
  localStorage.removeItem(TOKEN_KEY);
  if (socket) { socket.onclose = null; socket.close(); socket = null; }
  polling = false;
  $("play-view").hidden = true;
  $("join-view").hidden = false;
  say(reason);
}

$("join-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  say("");
  $("join").disabled = true;
  try {
    const message = { type: "join", pin: $("pin").value.trim(), name: $("name").value };
    const code = $("code").value.trim();
    if (code) { message.code = code; }
    const { ok, data } = await post("/api/join", message);
    // The name is taken: if it is this student on a new browser, the rejoin code brings them back.
    if (data.code === "name_taken") { $("rejoin").hidden = false; }
    if (!ok) { say(data.error || "Could not join."); return; }
    token = data.token;
    localStorage.setItem(TOKEN_KEY, token);
    start();
  } catch (_) {
    say("No connection to the teacher's computer. Check the Wi-Fi and the address.");
  } finally {
    $("join").disabled = false;
  }
});

function start() {
  $("join-view").hidden = true;
  $("play-view").hidden = false;
  connect();
}

// The server answered: it is reachable again.
function reached() { unreachableSince = null; }

// Not reached: true while it is still worth trying, after a pause that grows.
function keepTrying() {
  if (unreachableSince === null) { unreachableSince = Date.now(); }
  if (Date.now() - unreachableSince < GIVE_UP_MS) { return true; }
  connection("not connected");
  const score = view ? ` Your last score: ${view.score}.` : "";
  say(`The teacher's computer is gone: nothing has come from it for 15 seconds, so this phone has stopped trying.${score}`);
  const again = document.createElement("button");
  again.type = "button";
  again.textContent = "Try again";
  again.addEventListener("click", () => { again.remove(); say(""); unreachableSince = null; connect(); });
  $("message").append(again);
  return false;
}

function retryDelay() {
  const away = unreachableSince === null ? 0 : Date.now() - unreachableSince;
  return Math.min(5000, 500 + away / 10);
}

function finish() {
  finished = true;
  polling = false;
  if (socket) { socket.onclose = null; socket.close(); socket = null; }
  connection("round over");
}

// WebSocket first; where the network blocks it, long polling over plain HTTP.
function connect() {
  if (polling || !token || finished) { return; }
  if (pollOnly || socketFailures >= 2 || !("WebSocket" in window)) { poll(); return; }
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  let opened = false;
  socket = new WebSocket(`${scheme}://${location.host}/ws?token=${encodeURIComponent(token)}`);
  socket.onopen = () => { opened = true; socketFailures = 0; reached(); lastHeard = Date.now(); connection("connected"); };
  socket.onmessage = (event) => {
    lastHeard = Date.now();
    let message;
    try { message = JSON.parse(event.data); } catch (_) { return; }
    if (message.type === "state") { show(message.version, message.view); }
    else if (message.type === "ack") { answered(); }
    else if (message.type === "error") {
      if (message.code === "unknown_player") { forget(message.error); } else { say(message.error); }
    }
  };
  socket.onclose = (event) => {
    socket = null;
    // The server says why it hung up when the reason is ours to fix (a message too long).
    if (event.reason) { say(event.reason); }
    if (!token || finished) { return; }
    if (!opened) { socketFailures += 1; }
    if (!keepTrying()) { return; }
    connection("reconnecting...");
    setTimeout(connect, opened ? 500 : retryDelay());
  };
}

async function poll() {
  polling = true;
  connection("connected (polling)");
  while (polling && token && !finished) {
    try {
      // A poll is answered within 10 s; one not answered in GIVE_UP_MS has lost the server.
    const response = await fetch(`/api/state?token=${encodeURIComponent(token)}&since=${version}`,
      { signal: AbortSignal.timeout(GIVE_UP_MS) });
      const data = await response.json();
      reached();
      if (response.status === 401) { forget(data.error); return; }
      if (response.ok) { show(data.version, data.view); if (!finished) { connection("connected (polling)"); } }
      else { say(data.error); await sleep(2000); }
    } catch (_) {
      if (!keepTrying()) { polling = false; return; }
      connection("reconnecting...");
      await sleep(retryDelay());
    }
  }
}

// A socket the server has not spoken on for GIVE_UP_MS is dead though never closed:
// close it, counting the silence as time out of reach.
setInterval(() => {
  if (socket && socket.readyState === WebSocket.OPEN && Date.now() - lastHeard > GIVE_UP_MS) {
    unreachableSince = lastHeard;
    socket.close();
  }
}, 1000);

function sleep(ms) { return new Promise((done) => setTimeout(done, ms)); }

async function send(answer) {
  const message = Object.assign({ type: "answer", token, question: view.question }, answer);
  if (socket && socket.readyState === WebSocket.OPEN) { socket.send(JSON.stringify(message)); return; }
  try {
    const { ok, data } = await post("/api/answer", message);
    if (ok) { answered(); } else { say(data.error); }
  } catch (_) {
    say("Your answer did not arrive: the teacher's computer did not answer. Try again in a moment.");
  }
}

function answered() {
  say("");
  if (view && view.phase === "asking") { view.answered = true; render(); }
}

function show(newVersion, newView) {
  if (newVersion < version) { return; }
  const changedQuestion = !view || view.question !== newView.question || view.phase !== newView.phase;
  version = newVersion;
  view = newView;
  if (changedQuestion) { typed = ""; picked = null; say(""); }
  deadline = view.seconds_left == null ? null : Date.now() + view.seconds_left * 1000;
  render();
}

function render() {
  $("who").textContent = `${view.name} · ${view.players} playing`;
  $("code-note").textContent =
    view.rejoin_code ? `Rejoin code ${view.rejoin_code}: on another phone or browser it brings you back.` : "";
  $("progress").textContent = view.number ? `Question ${view.number} of ${view.total}` : "";
  $("score").textContent = `Score ${view.score}` + (view.streak > 1 ? ` · streak ${view.streak}` : "") +
    (view.rank ? ` · rank ${view.rank} of ${view.players}` : "");
  const options = $("options");
  options.replaceChildren();
  $("pad").hidden = true;
  $("result").replaceChildren();
  $("countdown").textContent = "";
  clearInterval(timer);

  if (view.phase === "lobby") {
    $("prompt").textContent = "You're in! Wait for the teacher to start.";
    return;
  }
  if (view.phase === "ended") {
    $("prompt").textContent = "That's the end of the round.";
    line($("result"), `Your score: ${view.score}, rank ${view.rank} of ${view.players}.`);
    finish();
    return;
  }
  $("prompt").textContent = view.prompt || "";
  if (view.phase === "asking") {
    tick();
    timer = setInterval(tick, 250);
    if (view.waiting_for_next) { line($("result"), "You joined during this question: you play from the next one."); return; }
    if (view.kind === "typed_port") {
      if (view.answered) {
        line($("result"), `Your answer: ${view.given != null ? view.given : typed}. Wait for the reveal...`);
        return;
      }
      $("pad").hidden = false;
      $("typed").textContent = typed;
    } else {
      // The options stay after a tap, the pick marked, until the reveal.
      const chosen = view.answered ? (view.chosen != null ? view.chosen : picked) : null;
      view.options.forEach((text, place) => {
        const button = document.createElement("button");
        button.type = "button";
        const key = document.createElement("span");
        key.className = "key";
        key.textContent = "ABCD"[place] || String(place + 1);
        button.append(key, document.createTextNode(text));
        if (place === chosen) {
          const mark = document.createElement("span");
          mark.className = "mark";
          mark.textContent = "Your answer";
          button.append(mark);
          button.classList.add("chosen");
        }
        button.disabled = view.answered;
        button.setAttribute("aria-pressed", String(place === chosen));
        button.addEventListener("click", () => {
          for (const other of options.children) { other.disabled = true; }
          button.classList.add("chosen");
          picked = place;
          send({ option: place });
        });
        options.append(button);
      });
      if (view.answered) { line($("result"), "Answer in. Wait for the reveal..."); }
    }
    return;
  }
  // Revealed: this player's own result, nobody else's.
  const result = view.result;
  if (!result) { line($("result"), "You play from the next question."); return; }
  const verdict = document.createElement("p");
  verdict.className = result.right ? "right" : "wrong";
  verdict.textContent = result.right ? `Right! +${result.points}` : (result.answered ? "Not this time." : "No answer in time.");
  $("result").append(verdict);
  line($("result"), `Answer: ${result.answer}`);
}

function line(parent, text) {
  const p = document.createElement("p");
  p.textContent = text;
  parent.append(p);
}

function tick() {
  if (deadline == null) { return; }
  const left = Math.max(0, Math.ceil((deadline - Date.now()) / 1000));
  $("countdown").textContent = `${left} s`;
}

document.querySelector("#pad .keys").addEventListener("click", (event) => {
  const key = event.target.closest("button");
  if (!key) { return; }
  const value = key.dataset.key;
  if (value === "back") { typed = typed.slice(0, -1); }
  else if (value === "send") { if (typed) { send({ typed }); } return; }
  else if (typed.length < 5) { typed += value; }
  $("typed").textContent = typed;
});

if (token) {
  // Back after a reload, a sleep or a dropped Wi-Fi: the same player, the same score.
  fetch(`/api/state?token=${encodeURIComponent(token)}`)
    .then(async (response) => {
      const data = await response.json();
      if (response.ok) { start(); show(data.version, data.view); }
      else { forget(response.status === 401 ? "" : data.error); }
    })
    .catch(() => { start(); });
}
