// Live sessions on the live board (workspace/live.html), built on window.liveBoard (live.js).
// The meetings, their sessions, agenda pointers, consent rounds and minutes drafts are derived
// from the acts received; joining a session (join with its meeting id) returns it as recorded.
"use strict";

(function () {
  const live = window.liveBoard;
  if (!live) return;
  const { element, may, send, language } = live;
  const list = live.board.querySelector("[data-session-list]");
  const listLabels = live.board.querySelector("[data-sessions]").dataset;
  const panel = live.board.querySelector("[data-session]");
  const labels = panel.dataset;
  const meetings = new Map(); // id -> {title, agenda, instance_id, open, pointer, minutes, round, outcome}
  const proposals = new Map(); // id -> {title, instance_id, status}
  const anonymousBox = live.board.querySelector("[data-anonymous-session]") || { checked: false };

  function button(label, onClick, data) {
    const node = element("button", "", label);
    node.type = "button";
    if (data) node.dataset[data] = "";
    node.addEventListener("click", onClick);
    return node;
  }

  function round(fields) {
    return {
      proposal_id: fields.proposal_id,
      title: fields.title,
      text: fields.text,
      rule: fields.rule,
      needed: fields.needed,
      members: fields.members,
      endorsers: new Set(fields.endorsers),
      objections: new Map(Object.entries(fields.objections)),
    };
  }

  // How an act changes a meeting, a proposal or the tally of an open round (as the domain does).
  const CHANGES = {
    "meeting-scheduled": (act) =>
      meetings.set(act.subject_id, {
        title: act.fields.title,
        agenda: act.fields.agenda,
        instance_id: act.fields.instance_id,
        open: false,
        pointer: null,
        hands: [],
        minutes: "",
        round: null,
        outcome: "",
      }),
    "live-session-opened": (act, meeting) =>
      Object.assign(meeting, { open: true, pointer: null, hands: [], anonymous: Boolean(act.fields.anonymous) }),
    "live-session-closed": (act, meeting) => Object.assign(meeting, { open: false, pointer: null, hands: [] }),
    "hand-raised": (act, meeting) => meeting.hands.push(act.actor_id),
    "hand-lowered": (act, meeting) => (meeting.hands = meeting.hands.filter((a) => a !== act.fields.account)),
    "agenda-pointer-moved": (act, meeting) => (meeting.pointer = act.fields.item),
    "minutes-drafted": (act, meeting) => (meeting.minutes = act.fields.text),
    "consent-round-opened": (act, meeting) => Object.assign(meeting, { round: round(act.fields), outcome: "" }),
    "consent-round-closed": (act, meeting) =>
      Object.assign(meeting, { round: null, outcome: act.summary[language] }),
    "proposal-drafted": (act) =>
      proposals.set(act.subject_id, { title: act.fields.title, instance_id: act.fields.instance_id, status: "drafted" }),
    "proposal-validated": (act, meeting, proposal) => (proposal.status = "validated"),
    "proposal-withdrawn": (act, meeting, proposal) => (proposal.status = "withdrawn"),
    "proposal-endorsed": (act, meeting, proposal, tally) => {
      tally.endorsers.add(act.actor_id);
      tally.objections.delete(act.actor_id);
    },
    "proposal-objected": (act, meeting, proposal, tally) => {
      tally.objections.set(act.actor_id, act.fields.reason);
      tally.endorsers.delete(act.actor_id);
    },
    "objection-resolved": (act, meeting, proposal, tally) => tally.objections.delete(act.actor_id),
  };
  const ON_TALLY = new Set(["proposal-endorsed", "proposal-objected", "objection-resolved"]);

  live.onAct((act) => {
    const change = CHANGES[act.act];
    if (!change) return;
    if (ON_TALLY.has(act.act)) {
      for (const meeting of meetings.values()) {
        if (meeting.round && meeting.round.proposal_id === act.subject_id) change(act, meeting, null, meeting.round);
      }
    } else if (act.act.startsWith("proposal-")) {
      const proposal = proposals.get(act.subject_id);
      if (proposal || act.act === "proposal-drafted") change(act, null, proposal);
    } else {
      const meeting = meetings.get(act.subject_id);
      if (meeting || act.act === "meeting-scheduled") change(act, meeting);
    }
    if (act.act === "consent-round-opened" && live.session && act.subject_id === live.session.meeting_id) {
      live.join(); // the ack brings the round with the proposal's text and what the rule needs
    }
    if (live.session && act.subject_id === live.session.meeting_id && !meetings.get(act.subject_id).open) {
      live.session = null; // the session was closed
    }
    renderList();
    renderPanel();
  });

  // The short join link (/j/<slug>) opens the board with ?join=open: it joins the open live session.
  let joinOpen = new URLSearchParams(window.location.search).get("join") === "open";

  live.onJoined((ack) => {
    if (!ack.session) {
      const open = joinOpen && [...meetings].find(([, meeting]) => meeting.open);
      joinOpen = false;
      if (open) live.join(open[0]);
      return;
    }
    const recorded = ack.session;
    const meeting = meetings.get(recorded.meeting_id) || { outcome: "" };
    meetings.set(
      recorded.meeting_id,
      Object.assign(meeting, {
        title: recorded.title,
        agenda: recorded.agenda,
        instance_id: recorded.instance_id,
        open: recorded.open,
        anonymous: recorded.anonymous,
        pointer: recorded.pointer,
        hands: recorded.hands,
        minutes: recorded.minutes_draft || "",
        round: recorded.round && round(recorded.round),
      })
    );
    renderList();
    renderPanel();
    live.render();
  });

  function renderList() {
    const items = [...meetings].map(([id, meeting]) => {
      const item = element("li", meeting.open ? "open" : "", meeting.title);
      item.dataset.meeting = id;
      if (meeting.open) {
        const anonymous = meeting.anonymous ? ` (${listLabels.labelAnonymous})` : "";
        item.append(element("span", "state", ` — ${listLabels.labelIsOpen}${anonymous} `));
      }
      if (!meeting.open && may.has("live-session-opened")) {
        const open = () => send("live-session-opened", { meeting_id: id, anonymous: anonymousBox.checked });
        item.append(button(listLabels.labelOpen, open, "openSession"));
      }
      if (meeting.open && !(live.session && live.session.meeting_id === id)) {
        item.append(button(listLabels.labelJoin, () => live.join(id), "joinSession"));
      }
      return item;
    });
    list.replaceChildren(...(items.length ? items : [element("li", "", listLabels.labelNoMeeting)]));
  }

  function renderAgenda(id, meeting) {
    panel.querySelector("[data-agenda]").replaceChildren(
      ...meeting.agenda.map((label, index) => {
        const item = element("li", index === meeting.pointer ? "current" : "", label);
        if (index === meeting.pointer) {
          item.setAttribute("aria-current", "true");
          item.append(element("strong", "", " — " + labels.labelNow));
        } else if (may.has("agenda-pointer-moved")) {
          item.append(
            button(labels.labelDiscuss, () => send("agenda-pointer-moved", { meeting_id: id, item: index }))
          );
        }
        return item;
      })
    );
  }

  // The speaking queue, in the order hands were raised; the facilitator gives the floor.
  function renderHands(id, meeting) {
    const list = panel.querySelector("[data-hands]");
    const hands = list.dataset;
    list.replaceChildren(
      ...meeting.hands.map((account) => {
        const { name, organisation } = live.person(account);
        const item = element("li", "", name + (organisation ? " — " + organisation : "") + " ");
        item.dataset.account = account;
        if (account !== live.login && live.roles.includes("facilitator")) {
          item.append(button(hands.labelGive, () => send("hand-lowered", { meeting_id: id, account: account })));
        }
        return item;
      })
    );
    if (!meeting.hands.length) list.append(element("li", "empty", hands.labelEmpty));
    const raised = meeting.hands.includes(live.login);
    const raise = panel.querySelector("[data-hand-raise]");
    if (raise) {
      raise.hidden = raised;
      panel.querySelector("[data-hand-lower]").hidden = !raised;
    }
  }

  // The consent round as practised: the proposal's text, the instance's rule and what it needs,
  // who endorses and who objects (with the reasons), the reader's own position and how to change it.
  function renderRound(id, meeting) {
    const box = panel.querySelector("[data-round]");
    const tally = meeting.round;
    if (!tally) {
      box.replaceChildren(element("p", "", labels.labelNoRound));
      return;
    }
    const members = new Set(tally.members);
    const endorsing = [...tally.endorsers].filter((a) => members.has(a));
    const objecting = [...tally.objections].filter(([a]) => members.has(a));
    const counts = element(
      "p",
      "tally",
      `${labels.labelEndorsements}: ${endorsing.length} · ${labels.labelObjections}: ${objecting.length}` +
        ` · ${labels.labelMembers}: ${members.size}`
    );
    counts.dataset.tally = `${endorsing.length}/${objecting.length}/${members.size}`;
    const rule = element("p", "rule", (labels["labelRule" + (tally.rule || "").replace(/^./, (c) => c.toUpperCase())] || tally.rule || "").replace("{needed}", tally.needed).replace("{members}", members.size));
    const text = element("blockquote", "proposal-text", tally.text || "");
    const who = (account) => {
      const { name, organisation } = live.person(account);
      return name + (organisation ? " — " + organisation : "");
    };
    const endorsers = element("ul", "endorsers");
    endorsers.append(...endorsing.map((account) => element("li", "", who(account))));
    const reasons = element("ul", "objections");
    const colon = language === "fr" ? "\u00a0: " : ": ";
    reasons.append(...objecting.map(([account, reason]) => element("li", "", who(account) + colon + reason)));
    box.replaceChildren(
      element("h4", "", tally.title), text, rule, counts,
      element("p", "", labels.labelEndorsedBy), endorsers, element("p", "", labels.labelObjectedBy), reasons
    );
    if (members.has(live.login)) box.append(myPosition(tally));
    if (may.has("consent-round-closed")) {
      box.append(button(labels.labelCloseRound, () => send("consent-round-closed", { meeting_id: id }), "closeRound"));
    }
  }

  // A member's own position in the round, and the acts that change it.
  function myPosition(tally) {
    const mine = element("div", "my-position");
    const objection = tally.objections.get(live.login);
    const now = tally.endorsers.has(live.login)
      ? labels.labelYouEndorse
      : objection !== undefined
        ? `${labels.labelYouObject} ${objection}`
        : labels.labelNoPosition;
    const state = element("p", "", now);
    state.dataset.myPosition = tally.endorsers.has(live.login) ? "endorsed" : objection !== undefined ? "objecting" : "none";
    mine.append(state);
    if (may.has("proposal-endorsed") && !tally.endorsers.has(live.login)) {
      mine.append(button(live.board.dataset.labelEndorse, () => send("proposal-endorsed", { proposal_id: tally.proposal_id }), "endorseRound"));
    }
    if (objection !== undefined && may.has("objection-resolved")) {
      mine.append(reasonForm(labels.labelLift, labels.labelResolution, (value) =>
        send("objection-resolved", { proposal_id: tally.proposal_id, resolution: value })));
    } else if (may.has("proposal-objected")) {
      mine.append(reasonForm(labels.labelObject, labels.labelReason, (value) =>
        send("proposal-objected", { proposal_id: tally.proposal_id, reason: value })));
    }
    return mine;
  }

  function reasonForm(action, label, submit) {
    const form = element("form", "object");
    const reason = element("input", "");
    reason.name = "reason";
    reason.setAttribute("aria-label", label);
    reason.placeholder = label;
    form.append(reason, element("button", "", action));
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      submit(reason.value);
    });
    return form;
  }

  function renderRoundForm(meeting) {
    const form = panel.querySelector("[data-round-open]");
    if (!form) return;
    form.hidden = Boolean(meeting.round);
    const select = form.elements.proposal_id;
    const chosen = select.value;
    select.replaceChildren(
      ...[...proposals]
        .filter(([, p]) => p.status === "drafted" && p.instance_id === meeting.instance_id)
        .map(([pid, p]) => {
          const option = element("option", "", p.title);
          option.value = pid;
          option.selected = pid === chosen;
          return option;
        })
    );
  }

  function renderMinutes(meeting) {
    const form = panel.querySelector("[data-minutes-form]");
    if (form && document.activeElement !== form.elements.text) form.elements.text.value = meeting.minutes;
    const text = panel.querySelector("[data-minutes]");
    if (text) text.textContent = meeting.minutes;
  }

  function renderPanel() {
    const id = live.session && live.session.meeting_id;
    const meeting = id && meetings.get(id);
    panel.hidden = !meeting || !meeting.open;
    if (panel.hidden) return;
    panel.querySelector("[data-session-title]").textContent = meeting.title;
    const room = panel.querySelector("[data-room-link]");
    room.href = `${room.dataset.base}?session=${encodeURIComponent(id)}`;
    renderAgenda(id, meeting);
    renderHands(id, meeting);
    renderRound(id, meeting);
    renderRoundForm(meeting);
    panel.querySelector("[data-round-outcome]").textContent = meeting.outcome;
    renderMinutes(meeting);
  }

  const roundForm = panel.querySelector("[data-round-open]");
  if (roundForm) {
    roundForm.addEventListener("submit", (event) => {
      event.preventDefault();
      send("consent-round-opened", { meeting_id: live.session.meeting_id, proposal_id: roundForm.elements.proposal_id.value });
    });
  }
  const minutesForm = panel.querySelector("[data-minutes-form]");
  if (minutesForm) {
    minutesForm.addEventListener("submit", (event) => {
      event.preventDefault();
      send("minutes-drafted", { meeting_id: live.session.meeting_id, text: minutesForm.elements.text.value });
    });
  }
  const closeButton = panel.querySelector("[data-session-close]");
  if (closeButton) {
    closeButton.addEventListener("click", () => send("live-session-closed", { meeting_id: live.session.meeting_id }));
  }
  const raiseButton = panel.querySelector("[data-hand-raise]");
  if (raiseButton) {
    raiseButton.addEventListener("click", () => send("hand-raised", { meeting_id: live.session.meeting_id }));
    panel.querySelector("[data-hand-lower]").addEventListener("click", () =>
      send("hand-lowered", { meeting_id: live.session.meeting_id, account: live.login })
    );
  }
  panel.querySelector("[data-session-leave]").addEventListener("click", () => {
    live.leave();
    renderList();
    renderPanel();
    live.render();
  });
  renderList();
})();
