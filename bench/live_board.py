"""The live board at workshop size: from an act's save to its card drawn in a browser, against its
receipt by a bare python-socketio client in the same run.

The product is served as ``make run`` serves it (``python -m web.serve``) on a fresh SQLite store:
a dialogue in collective work whose meeting has a live session open, with ``--cards`` cards (300)
posted in it beforehand. ``--members`` (50) python-socketio clients join the session, and so does a
Chromium page of the live board (Playwright, Debian's Chromium), which draws every card. One more
client posts ``contribution-posted`` acts at ``--rate`` per second (5). For each act:

* receipt: from its ``recorded_at`` (the event's timestamp, just before the save) to its arrival at
  each python client;
* rendering: from the same ``recorded_at`` to the moment its card is in the page's wall, measured in
  the page (a MutationObserver on the wall, ``Date.now()``; the same machine's clock).

Last line: ``{"bench": "live_board", "members", "cards", "p99_receipt_ms", "p99_render_ms",
"ratio_p99", "target": 2}``; the target is ratio_p99 <= 2. The clients all sign in as one
stakeholder account (the connections, not the accounts, make the load).
"""

import argparse
import json
import os
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.harness import percentile
from bench.live_setup import (
    LOGIN,
    NAMESPACE,
    PASSWORD,
    SLUG,
    WARM_UP,
    Receiver,
    disconnect,
    make_store,
    server,
    sign_in,
)

TARGET = 2.0
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
WATCH = """() => {
  window.__drawn = {};
  const wall = document.querySelector("[data-clusters]");
  new MutationObserver(() => {
    const now = Date.now();
    for (const card of wall.querySelectorAll("[data-contribution]")) {
      if (!(card.dataset.contribution in window.__drawn)) window.__drawn[card.dataset.contribution] = now;
    }
  }).observe(wall, { childList: true, subtree: true });
}"""


def with_cards(database_url: str, meeting: str, cards: int) -> None:
    """``cards`` contributions posted in the meeting's session beforehand."""
    from application.dialogues import DialogueApp
    from application.settings import persistence_env

    app = DialogueApp(persistence_env(database_url))
    try:
        dialogue_id = app.dialogue_id(SLUG)
        for index in range(cards):
            text = f"Carte n° {index:03d} : un constat sur la ressource en eau"
            app.post_contribution(
                LOGIN, dialogue_id, kind="observation", text=text, meeting_id=uuid.UUID(meeting)
            )
    finally:
        app.close()


def run(members: int, cards: int, acts: int, rate: float, folder: str) -> tuple[list[float], list[float]]:
    """The receipt delays (every act, every member) and the rendering delays (every act), in ms."""
    from playwright.sync_api import sync_playwright

    database_url = f"sqlite:///{folder}/board.sqlite3"
    meeting = make_store(database_url)
    with_cards(database_url, meeting, cards)
    env = {
        "DATABASE_URL": database_url,
        "SECRET_KEY": uuid.uuid4().hex,
        "FLASK_SESSION_COOKIE_SECURE": "false",
    }
    join = {"dialogue": SLUG, "session": meeting}
    with server([sys.executable, "-m", "web.serve"], env) as base, sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_context(base_url=base).new_page()
        page.goto("/login")
        page.fill("#login", LOGIN)
        page.fill("#password", PASSWORD)
        page.locator("main form button[type=submit]").click()
        page.wait_for_load_state()
        page.goto(f"/workspace/dialogues/{SLUG}/live?join=open")
        # Functions, not expressions: the page's CSP forbids the eval an expression would need.
        page.wait_for_function(
            "n => document.querySelectorAll('[data-contribution]').length >= n", arg=cards, timeout=120_000
        )
        page.evaluate(WATCH)
        cookie = sign_in(base)
        receivers = [Receiver() for _ in range(members)]
        trigger = Receiver()
        for receiver in [*receivers, trigger]:
            receiver.connect(base, cookie, join)
        posted: list[tuple[str, int]] = []
        for index in range(acts + WARM_UP):
            fields = {"kind": "idea", "text": f"Idée n° {index:04d} : des haies", "meeting_id": meeting}
            act = {"dialogue": SLUG, "act": "contribution-posted", "fields": fields}
            ack = trigger.client.call("act", act, namespace=NAMESPACE, timeout=60)
            assert ack["ok"], ack
            posted.append((ack["id"], ack["position"]))
            time.sleep(1 / rate)
        measured = posted[WARM_UP:]
        page.wait_for_function(
            "n => Object.keys(window.__drawn).length >= n", arg=len(posted), timeout=60_000
        )
        deadline = time.monotonic() + 30
        while any(len(r.arrived) < len(posted) for r in receivers) and time.monotonic() < deadline:
            time.sleep(0.05)
        drawn: dict[str, float] = page.evaluate("window.__drawn")
        sent = trigger.sent
        receipt = [(r.arrived[p] - r.sent[p]) * 1000 for r in receivers for _, p in measured]
        render = [drawn[i] - sent[p] * 1000 for i, p in measured]
        disconnect([*receivers, trigger])
        browser.close()
        return receipt, render


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=50)
    parser.add_argument("--cards", type=int, default=300)
    parser.add_argument("--acts", type=int, default=50, help="measured acts (after the warm-up)")
    parser.add_argument("--rate", type=float, default=5.0, help="acts per second")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        receipt, render = run(arguments.members, arguments.cards, arguments.acts, arguments.rate, folder)
    p99_receipt, p99_render = percentile(receipt, 0.99), percentile(render, 0.99)
    print(
        f"receipt: p50 {percentile(receipt, 0.5):.1f} ms, p99 {p99_receipt:.1f} ms;"
        f" rendering: p50 {percentile(render, 0.5):.1f} ms, p99 {p99_render:.1f} ms"
    )
    result = {
        "bench": "live_board",
        "members": arguments.members,
        "cards": arguments.cards,
        "p99_receipt_ms": round(p99_receipt, 1),
        "p99_render_ms": round(p99_render, 1),
        "ratio_p99": round(p99_render / p99_receipt, 2),
        "target": TARGET,
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
