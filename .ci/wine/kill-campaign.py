#!/usr/bin/env python3
"""Crash safety of the Windows build under Wine: the test build's hidden `drive`
command answers cards and reports each answer once it is on disk; the process is
killed with no warning (SIGKILL of the Wine process, which ends it as TerminateProcess
would), and every answer it reported saved must be in a progress.json that parses.

As in tests/system/kill_safety.rs on Linux: half the kills land at a random point of
an answer-and-save cycle, half as soon as a save's temporary file appears (inside the
write); half the children save on the writer thread, as the window does. Each next
child opens the folder through the app's own store, which refuses to drive on a file
it had to set aside, so a damaged file fails the next round too.

Usage: kill-campaign.py WINE_EXE WINDOWS_FOLDER UNIX_FOLDER KILLS
Prints one summary line; exits non-zero on any loss or failure.
"""

import json
import os
import queue
import random
import signal
import subprocess
import sys
import threading
import time

PROGRESS_FILE = "progress.json"
# A long history (about 400 kB), so that each save of the debug build takes long
# enough for a kill to land inside it; smaller than Linux's 30,000 reviews because
# every Wine child also pays Wine's start-up.
LOG_BEFORE = 5_000
START_NS = 1735725600 * 10**9  # 2025-01-01 10:00 UTC


def fail(message):
    print(f"FAIL: kill campaign: {message}", file=sys.stderr)
    sys.exit(1)


def seed_long_history(folder):
    log = [["22:port-to-service", START_NS + i * 60 * 10**9, "ssh", "correct", "good", 1500, "typed"]
           for i in range(LOG_BEFORE)]
    with open(os.path.join(folder, PROGRESS_FILE), "w") as file:
        json.dump({"format_version": 2, "log": log}, file)


def temporary_files(folder):
    return [name for name in os.listdir(folder)
            if name.startswith("." + PROGRESS_FILE) or name.startswith(PROGRESS_FILE + ".tmp")]


def spawn_driver(exe, windows_folder, writer_thread):
    command = ["wine", exe, "--config-dir", windows_folder, "drive", "--answers", "100000"]
    if writer_thread:
        command.append("--writer-thread")
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lines = queue.Queue()

    def read():
        for line in child.stdout:
            lines.put(line.strip())

    threading.Thread(target=read, daemon=True).start()
    return child, lines


def next_line(lines, child, round_number, seconds=120):
    try:
        return lines.get(timeout=seconds)
    except queue.Empty:
        child.kill()
        fail(f"round {round_number}: the child stopped saving: {child.stderr.read()}")


def check_on_disk(folder, reported, what):
    try:
        with open(os.path.join(folder, PROGRESS_FILE)) as file:
            log = json.load(file)["log"]
    except (OSError, ValueError, KeyError) as error:
        fail(f"{what}: progress.json does not load: {error}")
    for line in reported:
        _, count, card = line.split(" ")
        count = int(count)
        if len(log) < count:
            fail(f"{what}: {count} reported saved, {len(log)} on disk")
        if log[count - 1][0] != card:
            fail(f"{what}: review {count} is {log[count - 1][0]} on disk, {card} reported")
    return len(log) - LOG_BEFORE


def main():
    exe, windows_folder, folder, kills = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    seed_long_history(folder)
    rng = random.Random(2026)
    inside_a_write = writer_thread_kills = reported_total = 0
    cycles = []
    started = time.monotonic()
    for round_number in range(kills):
        writer_thread = round_number % 2 == 1
        child, lines = spawn_driver(exe, windows_folder, writer_thread)
        first = next_line(lines, child, round_number)
        second = next_line(lines, child, round_number)
        second_at = time.monotonic()
        third = next_line(lines, child, round_number)
        cycle = time.monotonic() - second_at
        cycles.append(cycle)
        if round_number % 4 < 2:
            time.sleep(cycle * rng.random())
        else:
            deadline = time.monotonic() + cycle * 3
            while not temporary_files(folder) and time.monotonic() < deadline:
                pass
            time.sleep(rng.random() / 1000)
        child.send_signal(signal.SIGKILL)
        child.wait()
        if child.returncode != -signal.SIGKILL:
            fail(f"round {round_number}: the child ended otherwise ({child.returncode}): {child.stderr.read()}")
        time.sleep(0.05)  # the reader thread takes the last lines the pipe held
        reported = [first, second, third]
        while not lines.empty():
            reported.append(lines.get())
        inside_a_write += bool(temporary_files(folder))
        writer_thread_kills += writer_thread
        reported_total = max(reported_total, check_on_disk(folder, reported, f"round {round_number}"))
    cycles.sort()
    print(f"kills: {kills} ({writer_thread_kills} on the writer thread), kills inside a write: {inside_a_write}, "
          f"answers reported saved: {reported_total}, answers lost: 0, "
          f"median answer-and-save cycle {cycles[len(cycles) // 2] * 1000:.0f} ms, "
          f"{time.monotonic() - started:.0f} s")
    if inside_a_write == 0:
        fail("no kill landed inside a write: the campaign proved nothing")
    if inside_a_write == kills:
        fail("every kill landed inside a write: saves are not finishing")


if __name__ == "__main__":
    main()
