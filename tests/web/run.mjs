// Runs the page's unit tests (tests/web/*.test.ts) with node:test. Node cannot run TypeScript,
// so each test file is bundled by esbuild (the project's own, from node_modules) into a
// temporary folder first. Usage: node tests/web/run.mjs [name filter]
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const here = dirname(fileURLToPath(import.meta.url));
const filter = process.argv[2] ?? "";
const tests = readdirSync(here).filter((f) => f.endsWith(".test.ts") && f.includes(filter));
const out = mkdtempSync(join(tmpdir(), "cove-web-tests-"));
try {
  await build({
    entryPoints: tests.map((f) => join(here, f)),
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    outdir: out,
    outExtension: { ".js": ".mjs" },
    sourcemap: "inline",
    logLevel: "warning",
  });
  const files = readdirSync(out).filter((f) => f.endsWith(".mjs")).map((f) => resolve(out, f));
  const result = spawnSync(process.execPath, ["--enable-source-maps", "--test", ...files], { stdio: "inherit" });
  process.exitCode = result.status ?? 1;
} finally {
  rmSync(out, { recursive: true, force: true });
}
