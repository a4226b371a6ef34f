// The live board of a dialogue (workspace/live.html): Socket.IO namespace /live (web/live/namespace.py).
// Joins with the last position seen (0 on first load: the whole history builds the board),
// so a reconnection receives exactly the acts it missed; acts are applied once, in log order.
// This file holds the connection, the state the acts build, who is here and the session's journal;
// live-wall.js draws the wall of cards, live-session.js the live sessions. Both build on
// window.liveBoard: send, join, render, session and the listeners.
"use strict";

(function () {
  const board = document.getElementById("live-board");
  if (!board || typeof io !== "function") {
    return;
  }
  const labels = board.dataset;
  const slug = labels.dialogue;
  const language = labels.language === "fr" ? "fr" : "en";
  const may = new Set((labels.acts || "").split(" ").filter(Boolean));
  const status = board.querySelector("[data-live-status]");
  const errorBox = board.querySelector("[data-live-error]");
  const announcer = board.querySelector("[data-announce]");
  const journal = board.querySelector("[data-journal]"); // the journal and who is here: not on the room display
  const presenceList = board.querySelector("[data-presence]");
  const currentItem = board.querySelector("[data-current-item]"); // the room display's agenda item
  const moreJournal = board.querySelector("[data-journal-more]");
  const JOURNAL_PAGE = 20;
  const CLUSTER_PREFIX = "cluster-"; // the keys of the clusters made on the board
  const actListeners = [];
  const joinListeners = [];
  const renderers = [];
  const history = []; // every act received, in log order
  const openedAt = new Map(); // meeting id -> position of its live session's latest opening
  let onBoard = []; // the logins connected to the board
  const inSessions = new Map(); // meeting id -> the logins in its live session (may come before the join's ack)
  let journalShown = JOURNAL_PAGE;
  let last = 0;
  let caughtUp = false; // the first join's catch-up is over: acts from now on are announced
  let drawing = false;
  const outbox = []; // the acts made and not yet acknowledged: {act, fields, key, onRefused}
  let joined = false; // connected, and joined: acts may be sent
  let sending = false; // the outbox's first act is on its way

  const socket = io("/live", { transports: ["websocket", "polling"] });

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function showError(refusal) {
    const messages = Object.entries(refusal.errors || {}).map(
      ([field, list]) => (field === "_schema" ? "" : field + ": ") + list.join(" ")
    );
    errorBox.textContent = messages.join(" — ");
    errorBox.hidden = false;
  }

  // A key of the act's own: sent again after a lost connection, the act is still recorded once.
  function newKey() {
    if (crypto.randomUUID) return crypto.randomUUID();
    return [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, "0")).join("");
  }

  // Acts wait in the outbox until the server acknowledges them, and are sent one at a time, in the
  // order they were made; while the connection is lost they wait, and go once it is back.
  // ``onRefused`` is called when the act is refused (e.g. to put a dragged card back).
  function send(act, fields, onRefused) {
    errorBox.hidden = true;
    outbox.push({ act: act, fields: fields, key: newKey(), onRefused: onRefused });
    showConnection();
    flush();
  }

  function flush() {
    if (sending || !joined || !outbox.length) return;
    const next = outbox[0];
    sending = true;
    socket.emit("act", { dialogue: slug, act: next.act, fields: next.fields, key: next.key }, (ack) => {
      if (outbox[0] !== next) return; // sent again after a reconnection, and answered there
      outbox.shift();
      sending = false;
      if (ack && !ack.ok) {
        showError(ack);
        if (next.onRefused) next.onRefused(ack);
      }
      showConnection();
      flush();
    });
  }

  // The connection's state in words, with the acts still waiting to be sent.
  function showConnection() {
    const waiting = outbox.length ? ` ${labels.labelWaiting} ${outbox.length}` : "";
    status.textContent = (joined ? labels.labelConnected : labels.labelDisconnected) + waiting;
    status.dataset.connected = String(joined);
    status.dataset.waiting = outbox.length;
  }

  function announce(text) {
    announcer.textContent = text;
  }

  // A person as the board names them: display name, and organisation when known.
  function person(login) {
    if (login === "") return { name: labels.labelAnonymous, organisation: "" }; // a card of an anonymous session
    const known = api.people[login];
    return known || { name: login, organisation: "" };
  }

  // Who did an act, in words: the platform (its acts at a consultation's dates), a citizen by their
  // pseudonym (or "Citizen" once erased), a member as the board names them.
  function actorOf(act) {
    if (act.actor_role === "platform") return labels.labelPlatform;
    if (act.actor_name) return act.actor_name;
    if (act.actor_role === "citizen") return labels.labelCitizen;
    return person(act.actor_id).name;
  }

  // A cluster's name: the one given to it, else "Cluster 3" for a key made on the board, else its key.
  function clusterName(key) {
    if (key === "") return labels.labelUnclustered;
    if (api.clusterNames.has(key)) return api.clusterNames.get(key);
    return key.startsWith(CLUSTER_PREFIX) ? `${labels.labelCluster} ${key.slice(CLUSTER_PREFIX.length)}` : key;
  }

  // An act's summary as the journal shows it: a cluster by its name, not by its key (for a cluster
  // renamed, the name it had until then).
  function summaryOf(act) {
    let text = act.summary[language];
    const key = act.fields && act.fields.cluster;
    if (typeof key !== "string") return text;
    const name = act.act === "cluster-named" ? act.clusterBefore : clusterName(key);
    if (!name || name === key) return text;
    for (const [open, close] of [['"', '"'], ["\u00ab\u00a0", "\u00a0\u00bb"]]) {
      text = text.replace(open + key + close, open + name + close);
    }
    return text;
  }

  // One drawing per frame, however many acts arrived (the catch-up of a long session).
  function render() {
    if (drawing) return;
    drawing = true;
    requestAnimationFrame(() => {
      drawing = false;
      for (const draw of renderers) draw();
      if (presenceList) renderPresence();
      if (journal) renderJournal();
    });
  }

  function renderPresence() {
    const list = presenceList;
    const online = new Set(onBoard);
    const inSession = new Set((api.session && inSessions.get(api.session.meeting_id)) || []);
    const logins = [...new Set([...onBoard, ...Object.keys(api.people)])];
    logins.sort((a, b) => Number(online.has(b)) - Number(online.has(a)) || person(a).name.localeCompare(person(b).name));
    list.replaceChildren(
      ...logins.map((login) => {
        const { name, organisation } = person(login);
        const item = element("li", online.has(login) ? "online" : "offline");
        item.dataset.login = login;
        item.append(element("span", "name", name));
        if (organisation) item.append(element("span", "organisation", " — " + organisation));
        const state = online.has(login) ? labels.labelOnline : labels.labelOffline;
        item.append(element("span", "state", " (" + state + (inSession.has(login) ? ", " + labels.labelInSession : "") + ")"));
        return item;
      })
    );
  }

  // The joined session's acts, newest first, a page at a time.
  function renderJournal() {
    const meeting = api.session && api.session.meeting_id;
    if (!meeting) {
      journal.replaceChildren(element("li", "empty", labels.labelNoJournal));
      moreJournal.hidden = true;
      return;
    }
    const since = openedAt.get(meeting) || 0;
    const acts = history.filter((act) => act.position >= since);
    const shown = acts.slice(-journalShown).reverse();
    journal.replaceChildren(
      ...shown.map((act) => {
        const line = element("li", "");
        line.dataset.position = act.position;
        const time = element("time", "", new Date(act.recorded_at).toLocaleTimeString(language, { hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" }));
        time.dateTime = act.recorded_at;
        line.append(time, " ", element("span", "author", actorOf(act)), " — ", summaryOf(act));
        return line;
      })
    );
    moreJournal.hidden = acts.length <= journalShown;
  }

  if (moreJournal) {
    moreJournal.addEventListener("click", () => {
      journalShown += JOURNAL_PAGE;
      renderJournal();
    });
  }

  function apply(act) {
    if (act.position <= last) return; // already applied
    last = act.position;
    history.push(act);
    if (act.act === "live-session-opened") openedAt.set(act.subject_id, act.position);
    if (act.act === "cluster-named") act.clusterBefore = clusterName(act.fields.cluster);
    if (act.act === "agenda-pointer-moved" && currentItem && act.subject_id === labels.session) {
      currentItem.textContent = act.fields.label;
    }
    for (const listener of actListeners) listener(act, caughtUp);
    render();
  }

  // Join the dialogue's room, and the live session of the meeting ``meetingId`` (or the one joined,
  // or the page's own: the room display's).
  function join(meetingId) {
    const payload = { dialogue: slug, since: last };
    const joinedId = api.session ? api.session.meeting_id : labels.session;
    const session = typeof meetingId === "string" ? meetingId : joinedId;
    if (session) payload.session = session;
    const sent = Date.now();
    socket.emit("join", payload, (ack) => {
      if (ack && ack.ok) {
        // The server's clock minus this one: its ``now`` against the middle of the round trip (against
        // the answer's arrival, a slow answer made every countdown a second longer than set).
        if (ack.now) api.clockOffset = Date.parse(ack.now) - (sent + Date.now()) / 2;
        last = Math.max(last, ack.position);
        caughtUp = true;
        joined = true;
        api.people = ack.people || api.people;
        api.login = ack.login;
        api.roles = ack.roles || [];
        if (ack.session) {
          const recorded = ack.session;
          api.session = {
            meeting_id: recorded.meeting_id, instance_id: recorded.instance_id, open: recorded.open,
            agenda: recorded.agenda, pointer: recorded.pointer,
          }; // prettier-ignore
          for (const [cluster, name] of Object.entries(recorded.clusters)) api.clusterNames.set(cluster, name);
        }
        showConnection();
        for (const listener of joinListeners) listener(ack);
        render();
        flush();
      } else if (ack) {
        showError(ack);
      }
    });
  }

  // Leave the live session joined (the dialogue's room stays): the others see it leave the presence.
  function leave() {
    socket.emit("leave", {}, (ack) => {
      if (ack && !ack.ok) showError(ack);
    });
    api.session = null;
    render();
  }

  const api = {
    board: board,
    socket: socket,
    labels: labels,
    language: language,
    may: may,
    element: element,
    send: send,
    announce: announce,
    person: person,
    actorOf: actorOf,
    clusterName: clusterName,
    render: render,
    join: join,
    leave: leave,
    clockOffset: 0, // the server's clock minus this one, in ms (from the last join)
    people: {}, // login -> {name, organisation}
    clusterNames: new Map(), // cluster -> the name the facilitator gave it
    session: null, // the live session joined: {meeting_id, instance_id, open, agenda, pointer (when joined)}
    onAct: (listener) => actListeners.push(listener),
    onJoined: (listener) => joinListeners.push(listener),
    onRender: (draw) => renderers.push(draw),
  };
  window.liveBoard = api;

  socket.on("act", apply);
  socket.on("presence", (presence) => {
    if (presence.session) inSessions.set(presence.session, presence.present);
    else onBoard = presence.present;
    render();
  });
  socket.on("error", showError);
  socket.on("connect", join);
  window.addEventListener("pagehide", () => socket.disconnect()); // the others see it leave at once
  socket.on("disconnect", () => {
    joined = false;
    sending = false; // the act on its way, if any, is sent again with its key once joined
    showConnection();
  });
})();
