// A page that follows its dialogue live (templates/_live_page.html): the public dialogue page on
// /public (anyone; a notice once a public act has reached the read models), workspace pages on /live
// (members; every act). A notice of a position after the page's own fetches the page again, swaps
// the [data-live-region] elements whose server HTML changed (keeping the scroll, open <details>,
// the values picked in forms) and says so in the polite status line. Escaping and translations
// stay on the server.
"use strict";

(function () {
  const status = document.querySelector("[data-live-page]");
  if (!status || typeof io !== "function") return;
  const channel = status.dataset.channel === "public" ? "public" : "live";
  let shown = Number(status.dataset.position) || 0; // the page shows every act up to it
  let wanted = shown;
  let fetching = false;
  const served = new Map(); // region id -> the HTML the server sent for it
  for (const region of document.querySelectorAll("[data-live-region]")) served.set(region.id, region.innerHTML);

  // What the person did in a region: the values of its fields, and which <details> are open.
  function state(region) {
    const fields = [...region.querySelectorAll("input, select, textarea")]
      .filter((field) => field.name && field.type !== "hidden")
      .map((field) => [field.name, field.type === "checkbox" ? field.value : null, field.type === "checkbox" ? field.checked : field.value]);
    const open = [...region.querySelectorAll("details[open]")].map((details) => details.closest("[id]").id);
    return { fields, open, focused: region.contains(document.activeElement) && document.activeElement.name };
  }

  function restore(region, kept) {
    for (const [name, value, picked] of kept.fields) {
      for (const field of region.querySelectorAll(`[name="${CSS.escape(name)}"]`)) {
        if (value === null && (field.tagName !== "SELECT" || field.querySelector(`option[value="${CSS.escape(picked)}"]`))) {
          field.value = picked;
        } else if (value !== null && field.value === value) {
          field.checked = picked;
        }
      }
    }
    for (const id of kept.open) {
      const details = region.id === id ? region.querySelector("details") : region.querySelector(`#${CSS.escape(id)} details`);
      if (details) details.open = true;
    }
    if (kept.focused) {
      const field = region.querySelector(`[name="${CSS.escape(kept.focused)}"]`);
      if (field) field.focus({ preventScroll: true });
    }
  }

  // The region being read stays where it is on screen: the first one that starts in the window,
  // else the one across its top.
  function anchor() {
    const regions = [...document.querySelectorAll("[data-live-region]")];
    const region =
      regions.find((r) => r.getBoundingClientRect().top >= 0 && r.getBoundingClientRect().top < window.innerHeight) ||
      regions.find((r) => r.getBoundingClientRect().bottom > 0);
    return region ? { id: region.id, top: region.getBoundingClientRect().top } : null;
  }

  function swap(page) {
    const kept = anchor();
    let changed = 0;
    for (const fresh of page.querySelectorAll("[data-live-region]")) {
      const region = document.getElementById(fresh.id);
      if (!region || served.get(fresh.id) === fresh.innerHTML) continue;
      if (region.querySelector(".errors")) continue; // the person is correcting a refused form
      const before = state(region);
      served.set(fresh.id, fresh.innerHTML);
      region.innerHTML = fresh.innerHTML;
      restore(region, before);
      changed += 1;
    }
    if (kept) window.scrollBy(0, document.getElementById(kept.id).getBoundingClientRect().top - kept.top);
    return changed;
  }

  async function refresh() {
    if (fetching) return;
    fetching = true;
    try {
      while (wanted > shown) {
        const target = wanted;
        const response = await fetch(window.location.pathname + window.location.search, {
          cache: "no-store",
          credentials: "same-origin",
          headers: { Accept: "text/html" },
        });
        if (!response.ok) return; // e.g. the act is no longer open: the page stays as it is
        const page = new DOMParser().parseFromString(await response.text(), "text/html");
        const fresh = page.querySelector("[data-live-page]");
        shown = Math.max(target, Number(fresh && fresh.dataset.position) || 0);
        status.dataset.position = shown;
        const at = new Date().toLocaleTimeString(document.documentElement.lang, { hour: "2-digit", minute: "2-digit" });
        if (swap(page)) status.textContent = `${status.dataset.labelUpdated} (${at})`;
      }
    } finally {
      fetching = false;
    }
  }

  function notice(position) {
    if (position > wanted) {
      wanted = position;
      refresh();
    }
  }

  const socket = io("/" + channel, { transports: ["websocket", "polling"] });
  socket.on("connect", () => {
    // The ack's position covers what happened while the page was loading or disconnected.
    socket.emit(channel === "public" ? "follow" : "watch", { dialogue: status.dataset.dialogue }, (ack) => {
      if (!ack || !ack.ok) return;
      status.dataset.connected = "true";
      notice(ack.position);
    });
  });
  socket.on("disconnect", () => (status.dataset.connected = "false"));
  socket.on(channel === "public" ? "changed" : "act", (act) => notice(act.position));
  window.addEventListener("pagehide", () => socket.disconnect());
})();
