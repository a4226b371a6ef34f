// The live board of a dialogue (workspace/live.html): Socket.IO namespace /live (web/live.py).
// Joins with the last position seen (0 on first load: the whole history builds the board),
// so a reconnection receives exactly the acts it missed; acts are applied once, in log order.
// window.liveBoard is what live-session.js builds on: send, join, render, session and the listeners.
"use strict";

(function () {
  const board = document.getElementById("live-board");
  if (!board || typeof io !== "function") {
    return;
  }
  const slug = board.dataset.dialogue;
  const language = board.dataset.language === "fr" ? "fr" : "en";
  const may = new Set((board.dataset.acts || "").split(" ").filter(Boolean));
  const status = board.querySelector("[data-live-status]");
  const errorBox = board.querySelector("[data-live-error]");
  const clusters = board.querySelector("[data-clusters]");
  const journal = board.querySelector("[data-journal]");
  const contributions = new Map(); // id -> {kind, text, cluster, endorsements}
  const clusterNames = new Map(); // cluster -> the name the facilitator gave it
  const actListeners = [];
  const joinListeners = [];
  const presenceListeners = [];
  let last = 0;

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

  function send(act, fields) {
    errorBox.hidden = true;
    socket.emit("act", { dialogue: slug, act: act, fields: fields }, (ack) => {
      if (ack && !ack.ok) showError(ack);
    });
  }

  // A one-field form: ``label`` names the field and its button; ``submit(value)`` acts on it.
  function oneFieldForm(label, value, submit) {
    const form = element("form", "");
    const input = element("input", "");
    input.setAttribute("aria-label", label);
    input.value = value;
    form.append(input, element("button", "", label));
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      submit(input.value);
    });
    return form;
  }

  function card(id, contribution) {
    const item = element("article", "card");
    item.dataset.contribution = id;
    item.append(element("span", "kind", contribution.kind + " "));
    item.append(element("p", "", contribution.text));
    item.append(element("span", "endorsements", board.dataset.labelEndorsements + " " + contribution.endorsements + " "));
    if (may.has("contribution-endorsed")) {
      const button = element("button", "", board.dataset.labelEndorse);
      button.type = "button";
      button.addEventListener("click", () => send("contribution-endorsed", { contribution_id: id }));
      item.append(button);
    }
    if (may.has("contribution-clustered")) {
      item.append(
        oneFieldForm(board.dataset.labelMove, contribution.cluster || "", (cluster) =>
          send("contribution-clustered", { contribution_id: id, cluster: cluster })
        )
      );
    }
    return item;
  }

  // What the facilitator does with a whole cluster during a live session: name it, draft a proposal.
  function clusterTools(name, members) {
    const session = api.session;
    const tools = element("div", "cluster-tools");
    if (!session || !session.open || name === "") return tools;
    if (may.has("cluster-named")) {
      tools.append(
        oneFieldForm(board.dataset.labelName, clusterNames.get(name) || name, (value) =>
          send("cluster-named", { meeting_id: session.meeting_id, cluster: name, name: value })
        )
      );
    }
    if (may.has("proposal-drafted")) {
      const button = element("button", "", board.dataset.labelToProposal);
      button.type = "button";
      button.dataset.toProposal = name;
      button.addEventListener("click", () => {
        const title = clusterNames.get(name) || name;
        send("proposal-drafted", {
          instance_id: session.instance_id,
          topic: title,
          title: title,
          text: members.map(([, c]) => "- " + c.text).join("\n"),
          contribution_ids: members.map(([id]) => id),
        });
      });
      tools.append(button);
    }
    return tools;
  }

  function render() {
    const groups = new Map();
    for (const [id, contribution] of contributions) {
      const name = contribution.cluster || "";
      if (!groups.has(name)) groups.set(name, []);
      groups.get(name).push([id, contribution]);
    }
    const names = [...groups.keys()].sort((a, b) => (a === "" ? -1 : b === "" ? 1 : a.localeCompare(b)));
    clusters.replaceChildren(
      ...names.map((name) => {
        const section = element("section", "cluster");
        section.dataset.cluster = name;
        section.append(element("h3", "", clusterNames.get(name) || name || board.dataset.labelUnclustered));
        section.append(clusterTools(name, groups.get(name)));
        for (const [id, contribution] of groups.get(name)) section.append(card(id, contribution));
        return section;
      })
    );
  }

  function apply(act) {
    if (act.position <= last) return; // already applied
    last = act.position;
    const id = act.subject_id;
    if (act.act === "contribution-posted") {
      contributions.set(id, { kind: act.fields.kind, text: act.fields.text, cluster: null, endorsements: 0 });
    } else if (act.act === "contribution-clustered" && contributions.has(id)) {
      contributions.get(id).cluster = act.fields.cluster;
    } else if (act.act === "contribution-endorsed" && contributions.has(id)) {
      contributions.get(id).endorsements += 1;
    } else if (act.act === "cluster-named") {
      clusterNames.set(act.fields.cluster, act.fields.name);
    }
    for (const listener of actListeners) listener(act);
    const line = element("li", "", act.summary[language]);
    line.dataset.position = act.position;
    journal.prepend(line);
    render();
  }

  // Join the dialogue's room, and the live session of the meeting ``meetingId`` (or the one joined).
  function join(meetingId) {
    const payload = { dialogue: slug, since: last };
    const session = typeof meetingId === "string" ? meetingId : api.session && api.session.meeting_id;
    if (session) payload.session = session;
    socket.emit("join", payload, (ack) => {
      if (ack && ack.ok) {
        last = Math.max(last, ack.position);
        status.textContent = "●";
        status.dataset.connected = "true";
        for (const listener of joinListeners) listener(ack);
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
  }

  const api = {
    board: board,
    language: language,
    may: may,
    element: element,
    send: send,
    render: render,
    join: join,
    leave: leave,
    clusterNames: clusterNames,
    session: null, // the live session joined: {meeting_id, instance_id, open}
    onAct: (listener) => actListeners.push(listener),
    onJoined: (listener) => joinListeners.push(listener),
    onSessionPresence: (listener) => presenceListeners.push(listener),
  };
  window.liveBoard = api;

  socket.on("act", apply);
  socket.on("presence", (presence) => {
    if (presence.session) {
      for (const listener of presenceListeners) listener(presence);
    } else {
      board.querySelector("[data-presence]").textContent = presence.present.join(", ");
    }
  });
  socket.on("error", showError);
  socket.on("connect", join);
  window.addEventListener("pagehide", () => socket.disconnect()); // the others see it leave at once
  socket.on("disconnect", () => {
    status.textContent = "○";
    status.dataset.connected = "false";
  });

  const post = board.querySelector("[data-live-post]");
  if (post) {
    post.addEventListener("submit", (event) => {
      event.preventDefault();
      const fields = { kind: post.elements.kind.value, text: post.elements.text.value };
      if (api.session && api.session.open) fields.meeting_id = api.session.meeting_id;
      send("contribution-posted", fields);
      post.elements.text.value = "";
    });
  }
})();
