//! Students' phones for the live round's tests and load run: they join (a few mistype
//! the PIN first), answer each question over a WebSocket after a moment's thought,
//! note every acknowledgement and how long it took, come back when the socket drops,
//! and stop when they hear the end. They run wherever the calling thread's network is
//! (loopback, or the phones' side of tests/live/classroom.rs).

use std::collections::BTreeSet;
use std::net::SocketAddr;
use std::ops::Range;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use tokio_tungstenite::tungstenite::Message;

/// What the phones saw.
#[derive(Debug, Default)]
pub struct Tally {
    pub joined: usize,
    /// Wrong PINs typed on purpose, each refused.
    pub wrong_pins_refused: usize,
    pub sent: usize,
    /// (student, question) pairs the server acknowledged.
    pub acked: BTreeSet<(usize, usize)>,
    pub refused: Vec<String>,
    pub latencies_ms: Vec<f64>,
    /// When each phone heard that the round ended, with its final score and rank.
    pub ended: Vec<(usize, Instant, u64, u64)>,
    pub reconnects: usize,
}

/// Students who join the round at `url` (a few mistype the PIN first) and answer every
/// question until the round ends. Returns when every phone has heard the end.
pub fn play(url: &str, pin: &str, students: usize, mistyping: usize, think_ms: Range<u64>) -> Arc<Mutex<Tally>> {
    let tally = Arc::new(Mutex::new(Tally::default()));
    let address: SocketAddr =
        url.trim_start_matches("http://").trim_end_matches('/').parse().expect("the join address");
    let joins: Vec<std::thread::JoinHandle<(usize, String)>> = (0..students)
        .map(|student| {
            let (url, pin, tally) = (url.to_string(), pin.to_string(), Arc::clone(&tally));
            std::thread::spawn(move || (student, join(&url, &pin, student, student < mistyping, &tally)))
        })
        .collect();
    let tokens: Vec<(usize, String)> = joins.into_iter().map(|join| join.join().expect("a phone joined")).collect();
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    runtime.block_on(async {
        let tasks: Vec<_> = tokens
            .into_iter()
            .map(|(student, token)| {
                tokio::spawn(answer_until_the_end(address, student, token, think_ms.clone(), Arc::clone(&tally)))
            })
            .collect();
        for task in tasks {
            task.await.expect("a phone finished");
        }
    });
    tally
}

fn join(url: &str, pin: &str, student: usize, mistype_first: bool, tally: &Mutex<Tally>) -> String {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(30)))
        .build()
        .into();
    let post = |pin: &str| -> (u16, serde_json::Value) {
        let body = serde_json::json!({"type": "join", "pin": pin, "name": format!("student {student}")});
        let mut response = agent
            .post(format!("{url}api/join"))
            .header("Content-Type", "application/json")
            .send(body.to_string())
            .expect("the join request");
        let status = response.status().as_u16();
        (status, serde_json::from_str(&response.body_mut().read_to_string().unwrap()).unwrap_or_default())
    };
    if mistype_first {
        let wrong: String = pin.chars().rev().map(|c| if c == '9' { '0' } else { char::from(c as u8 + 1) }).collect();
        let (status, _) = post(&wrong);
        assert!(status >= 400, "a wrong PIN was let in");
        tally.lock().unwrap().wrong_pins_refused += 1;
    }
    let (status, joined) = post(pin);
    let Some(token) = joined["token"].as_str() else {
        panic!("student {student} was not let in ({status}): {joined}");
    };
    tally.lock().unwrap().joined += 1;
    token.to_string()
}

/// One phone: answers each open question once after a moment's thought, notes the
/// acknowledgements, reconnects when the socket drops, stops when the round ends.
async fn answer_until_the_end(
    address: SocketAddr,
    student: usize,
    token: String,
    think_ms: Range<u64>,
    tally: Arc<Mutex<Tally>>,
) {
    let mut rng = StdRng::seed_from_u64(student as u64);
    let mut answered: BTreeSet<usize> = BTreeSet::new();
    let mut sent_at: Option<(usize, Instant)> = None;
    loop {
        let Ok((mut socket, _)) = tokio_tungstenite::connect_async(format!("ws://{address}/ws?token={token}")).await
        else {
            tally.lock().unwrap().reconnects += 1;
            tokio::time::sleep(Duration::from_millis(500)).await;
            continue;
        };
        while let Some(message) = socket.next().await {
            let Ok(Message::Text(text)) = message else { continue };
            let message: serde_json::Value = serde_json::from_str(text.as_str()).expect("JSON from the server");
            match message["type"].as_str() {
                Some("state") => {
                    let view = &message["view"];
                    match view["phase"].as_str() {
                        Some("ended") => {
                            let (score, rank) =
                                (view["score"].as_u64().unwrap_or(0), view["rank"].as_u64().unwrap_or(0));
                            tally.lock().unwrap().ended.push((student, Instant::now(), score, rank));
                            let _ = socket.close(None).await;
                            return;
                        }
                        Some("asking") => {
                            let question = view["question"].as_u64().expect("the open question") as usize;
                            if view["answered"] == true || !answered.insert(question) {
                                continue;
                            }
                            tokio::time::sleep(Duration::from_millis(rng.random_range(think_ms.clone()))).await;
                            let option = rng.random_range(0..4);
                            let answer = serde_json::json!({"type": "answer", "token": token, "question": question, "option": option});
                            sent_at = Some((question, Instant::now()));
                            tally.lock().unwrap().sent += 1;
                            if socket.send(Message::Text(answer.to_string().into())).await.is_err() {
                                break;
                            }
                        }
                        _ => {}
                    }
                }
                Some("ack") => {
                    let question = message["question"].as_u64().expect("the acknowledged question") as usize;
                    let mut tally = tally.lock().unwrap();
                    tally.acked.insert((student, question));
                    if let Some((sent_question, sent)) =
                        sent_at.take().filter(|(sent_question, _)| *sent_question == question)
                    {
                        let _ = sent_question;
                        tally.latencies_ms.push(sent.elapsed().as_secs_f64() * 1000.0);
                    }
                }
                Some("error") => tally.lock().unwrap().refused.push(format!("student {student}: {}", message["error"])),
                _ => {}
            }
        }
        // The socket dropped before the end: come back, as the page does.
        tally.lock().unwrap().reconnects += 1;
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
}

/// The value at a share of a sorted list (0.5: the median).
pub fn percentile(sorted: &[f64], at: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    sorted[((sorted.len() as f64 - 1.0) * at).round() as usize]
}
