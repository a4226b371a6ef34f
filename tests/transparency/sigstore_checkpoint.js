// Verifies a checkpoint with Sigstore's own checkpoint code (@sigstore/verify, from the npm registry).
// Reads {"note", "pem", "key_id", "origin"} as JSON on its standard input; writes what it read of the
// checkpoint ({"origin", "size", "root"}) or {"error"} as JSON. Sigstore finds the log's key by the
// first four bytes of its log ID: here the note's key ID, then zeros.
const crypto = require("node:crypto");
const { verifyCheckpoint } = require("@sigstore/verify/dist/tlog/checkpoint");

let input = "";
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () => {
  const { note, pem, key_id, origin } = JSON.parse(input);
  const tlog = {
    logID: Buffer.concat([Buffer.from(key_id, "hex"), Buffer.alloc(28)]),
    baseURL: `https://${origin}`,
    publicKey: crypto.createPublicKey(pem),
  };
  try {
    const checkpoint = verifyCheckpoint({ inclusionProof: { checkpoint: { envelope: note } } }, [tlog]);
    const root = Buffer.from(checkpoint.logHash).toString("base64");
    console.log(JSON.stringify({ origin: checkpoint.origin, size: checkpoint.logSize.toString(), root }));
  } catch (error) {
    console.log(JSON.stringify({ error: error.message }));
  }
});
