import assert from "node:assert/strict";
import { test } from "node:test";
import { codeFromHash, decodeCode, encodeCode, fromBase64Url, shareHash, toBase64Url } from "../../web/src/share";

const NB = `import cove\n\napp = cove.App()\n\n\n@app.cell\ndef _():\n    x = "héllo ✓ 🐍 </script> #code=&+/"\n    return (x,)\n`;

test("code survives encode/decode, including non-ASCII and URL-hostile characters", async () => {
  const encoded = await encodeCode(NB);
  assert.match(encoded, /^[A-Za-z0-9_-]+$/, "base64url only: safe in a URL hash");
  assert.equal(await decodeCode(encoded), NB);
});

test("share links are compressed", async () => {
  const big = NB.repeat(50);
  assert.ok((await encodeCode(big)).length < big.length / 5);
});

test("#code= in a hash round-trips; no code gives null; damage throws", async () => {
  const hash = await shareHash(NB);
  assert.ok(hash.startsWith("#code="));
  assert.equal(await codeFromHash(hash), NB);
  assert.equal(await codeFromHash(""), null);
  assert.equal(await codeFromHash("#other=1"), null);
  await assert.rejects(codeFromHash("#code=AAAA$$$"));
});

test("base64url of every byte value", () => {
  const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
  assert.deepEqual(fromBase64Url(toBase64Url(bytes)), bytes);
  for (let n = 0; n < 5; n++) assert.deepEqual(fromBase64Url(toBase64Url(bytes.subarray(0, n))), bytes.subarray(0, n));
});
