// The wall of cards of the live board (workspace/live.html), built on window.liveBoard (live.js).
// Each contribution is a card (its kind by colour, icon and word; its author; its endorsements),
// each cluster a column. A card moves to a cluster by drag and drop (SortableJS, vendored from npm)
// or by its "Move to…" menu of buttons, for the keyboard and screen readers; either sends
// contribution-clustered, and the card moves on every screen when the act comes back recorded.
// New cards and moves are announced in the board's polite live region.
"use strict";

(function () {
  const live = window.liveBoard;
  if (!live) return;
  const { element, may, send, labels } = live;
  const wall = live.board.querySelector("[data-clusters]");
  const kinds = JSON.parse(labels.kinds || "{}");
  const contributions = new Map(); // id -> {kind, text, author, cluster, endorsements}
  const canMove = may.has("contribution-clustered");
  const PREFIX = "cluster-";
  let sortables = [];
  let dragging = false;
  let drawLater = false;
  let focusAfter = null; // the data-focus key of the control to focus once redrawn

  function button(label, focusKey, onClick) {
    const node = element("button", "", label);
    node.type = "button";
    node.dataset.focusKey = focusKey;
    node.addEventListener("click", onClick);
    return node;
  }

  const clusterName = live.clusterName; // its name, not its key

  function clusterKeys() {
    const keys = new Set([...contributions.values()].map((c) => c.cluster || ""));
    for (const key of live.clusterNames.keys()) keys.add(key);
    keys.delete("");
    return [...keys].sort((a, b) => clusterName(a).localeCompare(clusterName(b)));
  }

  function newClusterKey() {
    const numbers = clusterKeys().filter((k) => k.startsWith(PREFIX)).map((k) => Number(k.slice(PREFIX.length)) || 0);
    return PREFIX + (Math.max(0, ...numbers) + 1);
  }

  function move(id, cluster) {
    if ((contributions.get(id).cluster || "") === cluster) return;
    focusAfter = `${id}:menu`;
    send("contribution-clustered", { contribution_id: id, cluster: cluster }, () => live.render());
  }

  function endorsements(count) {
    return `${count} ${count === 1 ? labels.labelEndorsement : labels.labelEndorsements}`;
  }

  // The "Move to…" menu: a button per other cluster, and one for a new cluster.
  function moveMenu(id, contribution) {
    const menu = element("details", "move");
    const summary = element("summary", "", labels.labelMove);
    summary.dataset.focusKey = `${id}:menu`;
    const targets = element("ul", "move-targets");
    const here = contribution.cluster || "";
    for (const key of [...clusterKeys().filter((k) => k !== here), newClusterKey()]) {
      const label = key === newClusterKey() ? labels.labelNewCluster : clusterName(key);
      const item = element("li", "");
      item.append(button(label, `${id}:to:${key}`, () => move(id, key)));
      targets.append(item);
    }
    menu.append(summary, targets);
    menu.addEventListener("keydown", (event) => {
      if (event.key === "Escape") {
        menu.open = false;
        summary.focus();
      }
    });
    return menu;
  }

  function card(id, contribution) {
    const kind = kinds[contribution.kind] || { label: contribution.kind, icon: "•" };
    const item = element("li", `card kind-${contribution.kind}`);
    item.dataset.contribution = id;
    const head = element("p", "card-kind");
    const icon = element("span", "icon", kind.icon);
    icon.setAttribute("aria-hidden", "true");
    head.append(icon, " " + kind.label);
    const author = live.person(contribution.author);
    const meta = element("p", "card-meta", `${labels.labelBy} ${author.name} · ${endorsements(contribution.endorsements)}`);
    item.append(head, element("p", "card-text", contribution.text), meta);
    const tools = element("div", "card-tools");
    if (may.has("contribution-endorsed")) {
      tools.append(button(labels.labelEndorse, `${id}:endorse`, () => send("contribution-endorsed", { contribution_id: id })));
    }
    if (canMove) tools.append(moveMenu(id, contribution));
    item.append(tools);
    return item;
  }

  // Rename a cluster in place: its heading becomes a field; Enter records cluster-named, Escape cancels.
  function renameButton(key, heading) {
    return button(labels.labelRename, `cluster:${key}:rename`, () => {
      const input = element("input", "cluster-name");
      input.value = clusterName(key);
      input.setAttribute("aria-label", labels.labelClusterName);
      input.dataset.focusKey = `cluster:${key}:name`;
      input.addEventListener("keydown", (event) => {
        if (event.key === "Enter") {
          event.preventDefault();
          focusAfter = `cluster:${key}:rename`;
          send("cluster-named", { meeting_id: live.session.meeting_id, cluster: key, name: input.value });
          input.blur();
        } else if (event.key === "Escape") {
          focusAfter = `cluster:${key}:rename`;
          input.blur();
        }
      });
      input.addEventListener("blur", () => live.render());
      heading.replaceChildren(input);
      input.focus();
      input.select();
    });
  }

  // What the facilitator does with a whole cluster during a live session: name it, draft a proposal.
  function clusterTools(key, members) {
    const session = live.session;
    const tools = element("div", "cluster-tools");
    if (!session || !session.open || key === "" || !members.length) return tools;
    if (may.has("proposal-drafted")) {
      const draft = button(labels.labelToProposal, `cluster:${key}:proposal`, () => {
        const title = clusterName(key);
        send("proposal-drafted", {
          instance_id: session.instance_id,
          topic: title,
          title: title,
          text: members.map(([, c]) => "- " + c.text).join("\n"),
          contribution_ids: members.map(([id]) => id),
        });
      });
      draft.dataset.toProposal = key;
      tools.append(draft);
    }
    return tools;
  }

  function column(key, members, isNew) {
    const section = element("section", isNew ? "cluster new-cluster" : "cluster");
    section.dataset.cluster = isNew ? "" : key;
    if (isNew) section.dataset.newCluster = key;
    const heading = element("h3", "", isNew ? labels.labelNewCluster : clusterName(key));
    heading.id = "cluster-" + (isNew ? "new" : encodeURIComponent(key).replace(/%/g, "_"));
    section.setAttribute("aria-labelledby", heading.id);
    section.append(heading);
    if (!isNew && key !== "" && may.has("cluster-named") && live.session && live.session.open) {
      section.append(renameButton(key, heading));
    }
    if (!isNew) section.append(clusterTools(key, members));
    const list = element("ul", "cards");
    list.dataset.drop = key;
    list.append(...members.map(([id, c]) => card(id, c)));
    section.append(list);
    if (isNew) section.append(element("p", "hint", labels.labelDrop));
    return section;
  }

  function draw() {
    if (dragging) {
      drawLater = true;
      return;
    }
    if (document.activeElement && document.activeElement.classList.contains("cluster-name")) return; // being renamed
    const open = wall.querySelector("details.move[open]");
    const openCard = open && open.closest("[data-contribution]").dataset.contribution;
    const focused = focusAfter || (document.activeElement && document.activeElement.dataset.focusKey);
    const groups = new Map([["", []], ...clusterKeys().map((key) => [key, []])]);
    for (const [id, contribution] of contributions) groups.get(contribution.cluster || "").push([id, contribution]);
    const columns = [...groups].map(([key, members]) => column(key, members, false));
    if (canMove) columns.push(column(newClusterKey(), [], true));
    for (const sortable of sortables) sortable.destroy();
    wall.replaceChildren(...columns);
    sortables = canMove && typeof Sortable === "function" ? [...wall.querySelectorAll("ul.cards")].map(sortable) : [];
    if (openCard) {
      const again = wall.querySelector(`[data-contribution="${CSS.escape(openCard)}"] details.move`);
      if (again) again.open = true;
    }
    if (focused) {
      const target = wall.querySelector(`[data-focus-key="${CSS.escape(focused)}"]`);
      if (target) target.focus({ preventScroll: false });
      focusAfter = null;
    }
  }

  function sortable(list) {
    return Sortable.create(list, {
      group: { name: "wall", pull: true, put: list.dataset.drop !== "" },
      sort: false,
      animation: 150,
      forceFallback: true, // the same pointer events for a mouse, a pen and a finger
      delayOnTouchOnly: true,
      delay: 150, // a finger that only scrolls the page does not drag
      filter: "button, summary, input, a",
      preventOnFilter: false,
      onStart: () => (dragging = true),
      onEnd: (event) => {
        dragging = false;
        const id = event.item.dataset.contribution;
        if (event.to !== event.from) move(id, event.to.dataset.drop);
        if (event.to === event.from || drawLater) {
          drawLater = false;
          live.render();
        }
      },
    });
  }

  live.onAct((act, announced) => {
    const id = act.subject_id;
    const contribution = contributions.get(id);
    if (act.act === "contribution-posted") {
      contributions.set(id, { kind: act.fields.kind, text: act.fields.text, author: act.actor_id, cluster: null, endorsements: 0 });
      if (announced) {
        const kind = kinds[act.fields.kind] || { label: act.fields.kind };
        live.announce(`${labels.labelNewCard} ${kind.label} — ${act.fields.text} (${labels.labelBy} ${live.actorOf(act)})`);
      }
    } else if (act.act === "contribution-clustered" && contribution) {
      contribution.cluster = act.fields.cluster;
      if (announced) live.announce(`${labels.labelMoved} ${clusterName(act.fields.cluster)} — ${contribution.text}`);
    } else if (act.act === "contribution-endorsed" && contribution) {
      contribution.endorsements += 1;
    } else if (act.act === "cluster-named") {
      live.clusterNames.set(act.fields.cluster, act.fields.name);
    }
  });
  live.onRender(draw);

  const post = live.board.querySelector("[data-live-post]");
  if (post) {
    post.addEventListener("submit", (event) => {
      event.preventDefault();
      const fields = { kind: post.elements.kind.value, text: post.elements.text.value };
      if (live.session && live.session.open) fields.meeting_id = live.session.meeting_id;
      send("contribution-posted", fields);
      post.elements.text.value = "";
    });
  }
})();
