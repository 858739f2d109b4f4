// For test_render_parity.py: reads {"bundles": [...], "errors": [...], "consoles": [...],
// "cells": [...]} on stdin and prints what the page's renderers make of them, as JSON.
import { readFileSync } from "node:fs";
import { cellBarHtml, codeHtml, outputHtml } from "../../web/src/render/cells";
import { renderBundle, renderConsole, renderError } from "../../web/src/render/registry";

const input = JSON.parse(readFileSync(0, "utf8"));
process.stdout.write(
  JSON.stringify({
    bundles: input.bundles.map(renderBundle),
    errors: input.errors.map(renderError),
    consoles: input.consoles.map((c: [string, string][]) => renderConsole(c.map(([stream, text]) => ({ stream, text })))),
    bar: cellBarHtml(),
    code: input.cells.flatMap((c: { code: string; hide_code: boolean }) =>
      (["edit", "run"] as const).map((mode) => codeHtml({ code: c.code, hideCode: c.hide_code }, mode)),
    ),
    outputs: input.cells.map((c: { outputs: Record<string, string>[]; error: never }) => outputHtml({ outputs: c.outputs, error: c.error ?? null })),
  }),
);
