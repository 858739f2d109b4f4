// Reads a JSON list of HTML strings on stdin; prints, for each, what the page's guard decides
// and the markup it writes (tests/robust/test_sandbox_parity.py compares with Python's).
import { isActiveHtml } from "../../web/src/guard/active";
import { guardHtml } from "../../web/src/guard/sandbox";

let input = "";
process.stdin.on("data", (d) => (input += d));
process.stdin.on("end", () => {
  const items = JSON.parse(input) as string[];
  process.stdout.write(JSON.stringify(items.map((h) => [isActiveHtml(h), guardHtml(h)])));
});
