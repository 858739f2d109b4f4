import assert from "node:assert/strict";
import { test } from "node:test";
import { ConfigError, filesFor, parseConfig, resolveUrls } from "../../web/src/config";
import { closure, lockFileName, missingPackages, packagesForModules, readLock } from "../../web/src/lock";

const LOCK = JSON.stringify({
  info: { python: "3.14.2", abi_version: "2026_0", arch: "wasm32", platform: "emscripten_5_0_3" },
  packages: {
    cove: { name: "cove", version: "0.1.0", file_name: "wheels/cove-0.1.0-py3-none-any.whl", imports: ["cove"], depends: ["markdown-it-py"], sha256: "", install_dir: "site", package_type: "package" },
    "markdown-it-py": { name: "markdown-it-py", version: "4", file_name: "wheels/markdown_it_py-4.whl", imports: ["markdown_it"], depends: ["mdurl"], sha256: "", install_dir: "site", package_type: "package" },
    mdurl: { name: "mdurl", version: "1", file_name: "wheels/mdurl-1.whl", imports: ["mdurl"], depends: [], sha256: "", install_dir: "site", package_type: "package" },
  },
});

test("closure follows depends", () => {
  assert.deepEqual([...closure(readLock(LOCK), ["cove"])].sort(), ["cove", "markdown-it-py", "mdurl"]);
});

test("missingPackages names what Pyodide did not load", () => {
  const lock = readLock(LOCK);
  assert.deepEqual(missingPackages(lock, closure(lock, ["cove"]), { cove: "default channel", mdurl: "x" }), ["markdown-it-py"]);
  assert.deepEqual(missingPackages(lock, closure(lock, ["cove"]), { cove: "", markdown_it_py: "", mdurl: "" }), []);
});

test("wheel URLs resolve against the lock's folder; modules map to packages", () => {
  const lock = readLock(LOCK);
  assert.equal(lockFileName(lock, "cove", "https://h/site/sub/"), "https://h/site/sub/wheels/cove-0.1.0-py3-none-any.whl");
  assert.deepEqual(packagesForModules(lock, ["markdown_it.main", "numpy"]), { packages: ["markdown-it-py"], unknown: ["numpy"] });
});

test("a broken lock is refused with a reason", () => {
  assert.throws(() => readLock("{}"), /info.python/);
  assert.throws(() => readLock('{"info": {"python": "3.14"}, "packages": {"x": {}}}'), /x has no file_name/);
});

test("config: defaults, validation, and URLs under any sub-path", () => {
  const c = parseConfig(JSON.stringify({ mode: "run", filename: "a.py", code: "x", worker: "web/worker-AB.js" }));
  assert.equal(c.base, "./");
  assert.equal(c.save, null);
  const u = resolveUrls(c, "https://user.github.io/repo/notes/index.html?embed=1#code=zz");
  assert.equal(u.pyodide, "https://user.github.io/repo/notes/pyodide/");
  assert.equal(u.lock, "https://user.github.io/repo/notes/pyodide-lock.json");
  assert.equal(u.worker, "https://user.github.io/repo/notes/web/worker-AB.js");
  const nested = resolveUrls({ ...c, base: "../", pyodide: "https://cdn.example/pyodide" }, "https://h/a/b/page.html");
  assert.equal(nested.pyodide, "https://cdn.example/pyodide/");
  assert.equal(nested.lock, "https://h/a/pyodide-lock.json");
  assert.throws(() => parseConfig("{"), ConfigError);
  assert.throws(() => parseConfig('{"mode": "view", "code": ""}'), /"mode"/);
  assert.throws(() => parseConfig(null), /cove-config/);
});

test("config: the notebook's files, their base made absolute for the worker", () => {
  const files = { folder: "/home/pyodide/notebook", base: "./", sizes: { "data.csv": 12, "public/x.json": 9 } };
  const c = parseConfig(JSON.stringify({ code: "x", files }));
  assert.deepEqual(c.files, { ...files, probe: false });
  const f = filesFor(c, resolveUrls(c, "https://user.github.io/repo/notes/index.html"));
  assert.equal(f?.base, "https://user.github.io/repo/notes/");
  assert.equal(parseConfig('{"code": "x"}').files, null);
  assert.throws(() => parseConfig(JSON.stringify({ code: "x", files: { folder: "/f", base: "./", sizes: { a: "big" } } })), /"files"/);
  assert.throws(() => parseConfig(JSON.stringify({ code: "x", files: "public/" })), /"files"/);
});
