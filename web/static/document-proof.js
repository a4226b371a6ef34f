// The SHA-256 of a file chosen by the reader, computed in the browser and compared with the published one.
document.addEventListener("DOMContentLoaded", () => {
  const input = document.getElementById("check-file");
  const result = document.getElementById("check-result");
  if (!input || !result || !window.crypto || !crypto.subtle) return;
  input.addEventListener("change", async () => {
    const file = input.files[0];
    if (!file) return;
    const digest = await crypto.subtle.digest("SHA-256", await file.arrayBuffer());
    const hex = Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
    const same = hex === input.dataset.expected;
    result.textContent = `${same ? input.dataset.same : input.dataset.different} (${hex})`;
  });
});
