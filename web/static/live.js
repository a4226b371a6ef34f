// The live board of a dialogue (workspace/live.html): Socket.IO namespace /live (web/live.py).
// Joins with the last position seen (0 on first load: the whole history builds the board),
// so a reconnection receives exactly the acts it missed; acts are applied once, in log order.
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
      const form = element("form", "");
      const input = element("input", "");
      input.name = "cluster";
      input.setAttribute("aria-label", board.dataset.labelMove);
      input.value = contribution.cluster || "";
      const button = element("button", "", board.dataset.labelMove);
      form.append(input, button);
      form.addEventListener("submit", (event) => {
        event.preventDefault();
        send("contribution-clustered", { contribution_id: id, cluster: input.value });
      });
      item.append(form);
    }
    return item;
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
        section.append(element("h3", "", name || board.dataset.labelUnclustered));
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
    }
    const line = element("li", "", act.summary[language]);
    line.dataset.position = act.position;
    journal.prepend(line);
    render();
  }

  socket.on("act", apply);
  socket.on("presence", (presence) => {
    board.querySelector("[data-presence]").textContent = presence.present.join(", ");
  });
  socket.on("error", showError);
  socket.on("connect", () => {
    socket.emit("join", { dialogue: slug, since: last }, (ack) => {
      if (ack && ack.ok) {
        last = Math.max(last, ack.position);
        status.textContent = "●";
        status.dataset.connected = "true";
      } else if (ack) {
        showError(ack);
      }
    });
  });
  socket.on("disconnect", () => {
    status.textContent = "○";
    status.dataset.connected = "false";
  });

  const post = board.querySelector("[data-live-post]");
  if (post) {
    post.addEventListener("submit", (event) => {
      event.preventDefault();
      const text = post.elements.text.value;
      send("contribution-posted", { kind: post.elements.kind.value, text: text });
      post.elements.text.value = "";
    });
  }
})();
