// The proof of an act, checked in the reader's browser, trusting nothing of the page but what it computes:
// the act's bytes give its leaf hash (SHA-256 of 0x00 || canonical event), the audit path leads from it to
// the root hash of the signed checkpoint (RFC 9162, 2.1.3.2), and the checkpoint (a C2SP signed note) is
// signed by the log's published verifier key (Ed25519: WebCrypto, else the vendored noble-ed25519).
// The element #browser-check names the proof's JSON, the key and the messages in data attributes;
// the result goes in #browser-check-result with data-outcome = verified | leaf | path | signature | key | error.

const encoder = new TextEncoder();

class CheckFailed extends Error {
  constructor(outcome, detail) {
    super(detail || outcome);
    this.outcome = outcome;
  }
}

function fromBase64(text) {
  const binary = atob(text);
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

function fromHex(text) {
  if (!/^([0-9a-f]{2})*$/.test(text)) throw new CheckFailed("error", "not hex");
  return Uint8Array.from(text.match(/../g) || [], (pair) => parseInt(pair, 16));
}

function toHex(bytes) {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

function same(a, b) {
  return a.length === b.length && a.every((value, i) => value === b[i]);
}

function concat(...parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

async function sha256(bytes) {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
}

// A C2SP note verifier key: <name>+<hex key ID>+base64(type || key); its ID is SHA-256(name \n type key)[:4].
async function parseVerifierKey(text) {
  const parts = text.trim().split("+");
  if (parts.length < 3) throw new CheckFailed("key", "not a verifier key");
  const [name, hexId] = parts;
  const raw = fromBase64(parts.slice(2).join("+"));
  if (raw.length !== 33 || raw[0] !== 0x01) throw new CheckFailed("key", "not an Ed25519 key");
  const id = (await sha256(concat(encoder.encode(name + "\n"), raw))).slice(0, 4);
  if (toHex(id) !== hexId) throw new CheckFailed("key", "the key ID does not match the key");
  return { name, id, publicKey: raw.slice(1) };
}

// A C2SP signed note: its text, then a blank line and signature lines "— <name> base64(key ID || signature)".
function parseNote(note) {
  const cut = note.lastIndexOf("\n\n");
  if (cut < 0 || !note.endsWith("\n")) throw new CheckFailed("error", "not a signed note");
  const text = note.slice(0, cut + 1);
  const signatures = note
    .slice(cut + 2, -1)
    .split("\n")
    .map((line) => {
      const parts = line.split(" ");
      if (parts.length !== 3 || parts[0] !== "\u2014") throw new CheckFailed("error", "bad signature line");
      const blob = fromBase64(parts[2]);
      return { name: parts[1], id: blob.slice(0, 4), signature: blob.slice(4) };
    });
  const lines = text.split("\n");
  if (lines.length < 4 || !/^(0|[1-9][0-9]*)$/.test(lines[1])) throw new CheckFailed("error", "not a checkpoint");
  return { text, signatures, origin: lines[0], size: Number(lines[1]), root: fromBase64(lines[2]) };
}

async function ed25519Verify(publicKey, signature, message, fallback) {
  try {
    const key = await crypto.subtle.importKey("raw", publicKey, { name: "Ed25519" }, false, ["verify"]);
    return await crypto.subtle.verify({ name: "Ed25519" }, key, signature, message);
  } catch (error) {
    if (error instanceof DOMException && error.name === "DataError") return false;
    const noble = await import(fallback); // no Ed25519 in this browser's WebCrypto
    return noble.verifyAsync(signature, message, publicKey);
  }
}

// RFC 9162, 2.1.3.2: the root that the leaf hash and the path give, for a leaf index in a tree size.
async function rootFromPath(index, size, leafHash, path) {
  if (index >= size) throw new CheckFailed("path", "index out of the tree");
  let fn = index;
  let sn = size - 1;
  let r = leafHash;
  const node = new Uint8Array([1]);
  for (const p of path) {
    if (sn === 0) throw new CheckFailed("path", "path too long");
    if (fn % 2 === 1 || fn === sn) {
      r = await sha256(concat(node, p, r));
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = await sha256(concat(node, r, p));
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  if (sn !== 0) throw new CheckFailed("path", "path too short");
  return r;
}

// The position written in a canonical event: after 0x00 and "DT-EVENT-1", 8 bytes big-endian.
function positionOf(leafInput) {
  const lead = concat(new Uint8Array([0]), encoder.encode("DT-EVENT-1"));
  if (leafInput.length < lead.length + 8 || !same(leafInput.slice(0, lead.length), lead)) return -1;
  const view = new DataView(leafInput.buffer, leafInput.byteOffset + lead.length, 8);
  return Number(view.getBigUint64(0));
}

export async function check(proof, keyText, fallback) {
  const key = await parseVerifierKey(keyText);
  if (!proof.checkpoint) throw new CheckFailed("error", "no signed checkpoint");
  const note = parseNote(proof.checkpoint);
  const own = note.signatures.find((s) => s.name === key.name && same(s.id, key.id));
  if (!own) throw new CheckFailed("key");
  if (!(await ed25519Verify(key.publicKey, own.signature, encoder.encode(note.text), fallback))) {
    throw new CheckFailed("signature");
  }
  const leafHash = fromHex(proof.leaf_hash);
  let leafChecked = false;
  if (proof.leaf_input) {
    const input = fromBase64(proof.leaf_input);
    if (positionOf(input) !== proof.position || !same(await sha256(input), leafHash)) {
      throw new CheckFailed("leaf");
    }
    leafChecked = true;
  }
  if (proof.tree_size !== note.size) throw new CheckFailed("path", "the proof is not for this checkpoint");
  const root = await rootFromPath(proof.leaf_index, note.size, leafHash, proof.proof.map(fromHex));
  if (!same(root, note.root)) throw new CheckFailed("path");
  return { leafChecked, size: note.size, origin: note.origin };
}

async function fetched(url, as) {
  const response = await fetch(url, { headers: { Accept: as === "json" ? "application/json" : "text/plain" } });
  if (!response.ok) throw new CheckFailed("error", `${url}: ${response.status}`);
  return as === "json" ? response.json() : response.text();
}

async function run(box) {
  const result = document.getElementById("browser-check-result");
  const say = (outcome, text) => {
    result.dataset.outcome = outcome;
    result.textContent = text;
    box.classList.toggle("check-failed", outcome !== "verified");
    box.classList.toggle("check-verified", outcome === "verified");
  };
  if (!window.crypto || !crypto.subtle) {
    say("error", box.dataset.unavailable);
    return;
  }
  say("checking", box.dataset.checking);
  try {
    const [proof, keyText] = await Promise.all([
      fetched(box.dataset.proof, "json"),
      fetched(box.dataset.key, "text"),
    ]);
    const outcome = await check(proof, keyText, box.dataset.fallback);
    say("verified", outcome.leafChecked ? box.dataset.verified : box.dataset.verifiedLeafNotShown);
  } catch (error) {
    const outcome = error instanceof CheckFailed ? error.outcome : "error";
    const text = box.dataset[`failed${outcome[0].toUpperCase()}${outcome.slice(1)}`] || box.dataset.failedError;
    say(outcome, outcome === "error" ? `${text} (${error.message})` : text);
  }
}

const box = document.getElementById("browser-check");
if (box) run(box);
