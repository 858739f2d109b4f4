// For test_render_parity.py: reads {"consoles": [...], "cells": [...], "events": [...]} on stdin
// and prints, as JSON, the page's cell chrome and the output HTML its state holds after the events.
import { readFileSync } from "node:fs";
import { cellBarHtml, codeHtml, outputHtml, renderConsole } from "../../web/src/render/cells";
import { fromEvents } from "../../web/src/state";

const input = JSON.parse(readFileSync(0, "utf8"));
process.stdout.write(
  JSON.stringify({
    consoles: input.consoles.map((c: [string, string][]) => renderConsole(c.map(([stream, text]) => ({ stream: stream as "stdout" | "stderr", text })))),
    bar: cellBarHtml(),
    code: input.cells.flatMap((c: { code: string; hide_code: boolean }) =>
      (["edit", "run"] as const).map((mode) => codeHtml({ code: c.code, hideCode: c.hide_code }, mode)),
    ),
    outputs: fromEvents(input.events).cells.map(outputHtml),
  }),
);
