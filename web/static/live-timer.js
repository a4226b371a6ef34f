// The countdown of the live session (board and room display), built on window.liveBoard (live.js).
// Its end is recorded (timer-started, timer-extended) and each screen counts down to it on the
// server's clock (the join's ``now``), so every screen shows the same time; a paused countdown
// shows what was left. The facilitator starts, pauses, resumes and extends it.
"use strict";

(function () {
  const live = window.liveBoard;
  const shown = live && live.board.querySelector("[data-timer]");
  if (!shown) return;
  const labels = shown.dataset;
  const controls = live.board.querySelector("[data-timer-controls]");
  let timer = null; // {ends: ms on the server's clock} running, {remaining: seconds} paused, or null

  function meetingId() {
    return (live.session && live.session.meeting_id) || live.labels.session;
  }

  function read(recorded) {
    if (!recorded) return null;
    return recorded.ends_at ? { ends: Date.parse(recorded.ends_at) } : { remaining: recorded.remaining };
  }

  function left() {
    if (timer.ends === undefined) return timer.remaining;
    return Math.max(0, Math.ceil((timer.ends - (Date.now() + live.clockOffset)) / 1000));
  }

  function clock(seconds) {
    const minutes = Math.floor(seconds / 60);
    return `${minutes}:${String(seconds % 60).padStart(2, "0")}`;
  }

  function draw() {
    if (!timer) {
      shown.textContent = labels.labelNone;
      delete shown.dataset.seconds;
    } else {
      const seconds = left();
      const paused = timer.ends === undefined;
      shown.textContent = clock(seconds) + (paused ? ` (${labels.labelPaused})` : "");
      shown.dataset.seconds = seconds;
      shown.classList.toggle("over", seconds === 0);
    }
    if (controls) {
      const running = Boolean(timer) && timer.ends !== undefined;
      controls.querySelector("[data-timer-pause]").hidden = !running;
      controls.querySelector("[data-timer-resume]").hidden = !timer || running;
      controls.querySelector("[data-timer-extend]").hidden = !timer;
    }
  }

  live.onJoined((ack) => {
    if (ack.session) timer = read(ack.session.timer);
    draw();
  });
  live.onAct((act) => {
    if (act.subject_id !== meetingId()) return;
    if (act.act.startsWith("timer-")) timer = read(act.fields);
    else if (act.act === "live-session-closed") timer = null;
    draw();
  });
  setInterval(() => timer && timer.ends !== undefined && draw(), 250);

  if (controls) {
    const send = (act, fields) => live.send(act, Object.assign({ meeting_id: meetingId() }, fields));
    controls.addEventListener("submit", (event) => {
      event.preventDefault();
      send("timer-started", { seconds: Math.round(Number(controls.elements.minutes.value) * 60) });
    });
    controls.querySelector("[data-timer-pause]").addEventListener("click", () => send("timer-paused", {}));
    controls.querySelector("[data-timer-resume]").addEventListener("click", () => send("timer-started", { seconds: Math.max(1, left()) }));
    controls.querySelector("[data-timer-extend]").addEventListener("click", () => send("timer-extended", { seconds: 60 }));
  }
  draw();
})();
