// The dot vote of a live session (workspace/live.html and the room display), built on window.liveBoard.
// The votes are derived from the acts received: dot-vote-opened lists the options, each dot-placed and
// dot-taken-back moves the tally, dot-vote-closed records the result. A member places and takes back
// dots with buttons (a keyboard path: focus stays on the button pressed); what they do is announced
// in the board's polite live region. The room display shows the tally, without controls.
"use strict";

(function () {
  const live = window.liveBoard;
  if (!live) return;
  const { element, may, send } = live;
  const box = live.board.querySelector("[data-dots]");
  if (!box) return;
  const labels = box.dataset;
  const section = live.board.querySelector("[data-dots-section]"); // the room display's
  const openForm = live.board.querySelector("[data-dots-open]");
  const pointers = new Map(); // meeting id -> the agenda item discussed, as agenda-pointer-moved says
  const votes = new Map(); // id -> {meeting_id, subject, dots, item_label, options, placed, closed, results, voters}
  let focusAfter = null;

  // The page's language chooses singular or plural: French takes the singular for 0 and 1, English for 1 only.
  const plural = new Intl.PluralRules(document.documentElement.lang || "en");

  function dots(count) {
    return `${count} ${plural.select(count) === "one" ? labels.labelDot : labels.labelDots}`;
  }

  function meetingId() {
    return (live.session && live.session.meeting_id) || live.labels.session || null;
  }

  function tally(vote) {
    const counts = Object.fromEntries(vote.options.map((o) => [o.option, 0]));
    for (const mine of vote.placed.values()) for (const [option, n] of Object.entries(mine)) counts[option] += n;
    return counts;
  }

  function used(vote, login) {
    return Object.values(vote.placed.get(login) || {}).reduce((a, b) => a + b, 0);
  }

  function labelOf(vote, option) {
    const found = vote.options.find((o) => o.option === option);
    return found ? found.label : option;
  }

  live.onAct((act, announced) => {
    const vote = votes.get(act.subject_id);
    if (act.act === "agenda-pointer-moved") {
      pointers.set(act.subject_id, act.fields.item);
      fillItems(true);
    } else if (act.act === "dot-vote-opened") {
      const options = act.fields.options.map((option, i) => ({ option: option, label: act.fields.labels[i] }));
      votes.set(act.subject_id, {
        meeting_id: act.fields.meeting_id, subject: act.fields.subject, dots: act.fields.dots,
        item_label: act.fields.item_label, options: options, placed: new Map(), closed: false, results: null, voters: 0,
      }); // prettier-ignore
      if (announced && act.fields.meeting_id === meetingId()) live.announce(`${labels.labelOpened} ${dots(act.fields.dots)} ${labels.labelEach}`);
    } else if (vote && (act.act === "dot-placed" || act.act === "dot-taken-back")) {
      const mine = vote.placed.get(act.actor_id) || {};
      mine[act.fields.option] = (mine[act.fields.option] || 0) + (act.act === "dot-placed" ? 1 : -1);
      vote.placed.set(act.actor_id, mine);
      if (announced && act.actor_id === live.login) {
        const said = act.act === "dot-placed" ? labels.labelPlaced : labels.labelTaken;
        live.announce(`${said} ${labelOf(vote, act.fields.option)}. ${labels.labelLeft} ${vote.dots - used(vote, live.login)}`);
      }
    } else if (vote && act.act === "dot-vote-closed") {
      Object.assign(vote, { closed: true, results: act.fields.results, voters: act.fields.voters });
      if (announced && vote.meeting_id === meetingId() && act.fields.results.length) {
        live.announce(`${labels.labelClosed} ${act.fields.results[0].label} (${dots(act.fields.results[0].dots)})`);
      }
    }
  });

  function control(label, optionLabel, key, onClick) {
    const node = element("button", "", label);
    node.type = "button";
    node.setAttribute("aria-label", `${label}: ${optionLabel}`);
    node.dataset.focusKey = key;
    node.addEventListener("click", () => {
      focusAfter = key;
      onClick();
    });
    return node;
  }

  // One line per option: its label, its dots as marks and in words, and (for a member) the controls.
  function optionLine(id, vote, option, counts, mine, left) {
    const line = element("li", "dot-option");
    line.dataset.option = option.option;
    line.append(element("span", "dot-label", option.label));
    const marks = element("span", "dot-marks", "●".repeat(counts[option.option]));
    marks.setAttribute("aria-hidden", "true");
    const count = element("span", "dot-count", dots(counts[option.option]));
    count.dataset.dotTally = "";
    line.append(" ", marks, " ", count);
    if (!section && may.has("dot-placed")) {
      const tools = element("span", "dot-tools");
      const place = control(labels.labelPlace, option.label, `dot:${option.option}:place`, () =>
        send("dot-placed", { dot_vote_id: id, option: option.option })
      );
      place.disabled = left <= 0;
      const take = control(labels.labelTake, option.label, `dot:${option.option}:take`, () =>
        send("dot-taken-back", { dot_vote_id: id, option: option.option })
      );
      take.disabled = !(mine[option.option] > 0);
      if (mine[option.option]) line.append(element("span", "dot-mine", ` (${dots(mine[option.option])} ✓)`));
      tools.append(place, take);
      line.append(tools);
    }
    return line;
  }

  function draw() {
    const meeting = meetingId();
    const here = [...votes].filter(([, vote]) => vote.meeting_id === meeting);
    const open = here.find(([, vote]) => !vote.closed);
    const last = [...here].reverse().find(([, vote]) => vote.closed);
    const focused = focusAfter || (box.contains(document.activeElement) && document.activeElement.dataset.focusKey);
    const parts = [];
    if (open) {
      const [id, vote] = open;
      const counts = tally(vote);
      const mine = vote.placed.get(live.login) || {};
      const left = vote.dots - used(vote, live.login);
      const head = element("p", "dot-head", `${dots(vote.dots)} ${labels.labelEach}`);
      if (vote.item_label) head.append(` — ${labels.labelOnItem} ${vote.item_label}`);
      parts.push(head);
      if (!section && may.has("dot-placed")) {
        const remaining = element("p", "dot-left", `${labels.labelLeft} ${left}`);
        remaining.dataset.dotsLeft = left;
        parts.push(remaining);
      }
      const list = element("ul", "dot-options");
      list.dataset.dotVote = id;
      list.append(...vote.options.map((option) => optionLine(id, vote, option, counts, mine, left)));
      parts.push(list);
      if (!section && may.has("dot-vote-closed")) {
        const close = element("button", "", labels.labelClose);
        close.type = "button";
        close.dataset.dotsClose = "";
        close.addEventListener("click", () => send("dot-vote-closed", { dot_vote_id: id }));
        const closing = element("p", "");
        closing.append(close);
        parts.push(closing);
      }
    } else {
      parts.push(element("p", "dot-none", labels.labelNone));
    }
    if (last) {
      const [id, vote] = last;
      const result = element("div", "dot-result");
      result.dataset.dotResult = id;
      result.append(element("p", "dot-result-title", `${labels.labelResult} (${vote.voters} ${plural.select(vote.voters) === "one" ? labels.labelVoter : labels.labelVoters})`));
      const ranked = element("ol", "");
      ranked.append(...vote.results.map((r) => element("li", "", `${r.label} — ${dots(r.dots)}`)));
      result.append(ranked);
      parts.push(result);
    }
    box.replaceChildren(...parts);
    if (section) section.hidden = !open && !last;
    if (openForm) openForm.hidden = Boolean(open) || !(live.session && live.session.open);
    if (focused) {
      const target = box.querySelector(`[data-focus-key="${CSS.escape(focused)}"]`);
      if (target && !target.disabled) target.focus();
      else if (target) {
        const other = target.parentElement.querySelector("button:not([disabled])");
        if (other) other.focus();
      }
      focusAfter = null;
    }
  }
  live.onRender(draw);

  // The open form's agenda items: the one discussed is chosen, until the facilitator picks another.
  function fillItems(moved) {
    const select = openForm && openForm.querySelector("[data-dots-item]");
    if (!select || !live.session) return;
    const agenda = live.session.agenda || [];
    if (select.options.length !== agenda.length) {
      select.replaceChildren(
        ...agenda.map((label, index) => {
          const option = element("option", "", label);
          option.value = String(index);
          option.lang = "fr";
          return option;
        })
      );
      moved = true;
    }
    if (moved) {
      const pointer = pointers.has(live.session.meeting_id) ? pointers.get(live.session.meeting_id) : live.session.pointer;
      select.value = String(pointer === null || pointer === undefined ? 0 : pointer);
    }
  }
  live.onRender(() => fillItems(false));

  if (openForm) {
    openForm.addEventListener("submit", (event) => {
      event.preventDefault();
      if (!live.session) return;
      send("dot-vote-opened", {
        meeting_id: live.session.meeting_id,
        subject: openForm.elements.subject.value,
        dots: Number(openForm.elements.dots.value),
        ...(openForm.elements.item.value === "" ? {} : { item: Number(openForm.elements.item.value) }),
      });
    });
  }
})();
