// Which output HTML may run code: the boundary between HTML written into the page and HTML
// isolated in a sandboxed frame (sandbox.ts). py/cove/_site/sandbox.py is the same algorithm, so
// a prerendered page and the live page make the same choice (tests/robust checks both agree).
//
// "Active" means: an element that runs or loads code or documents (script, iframe, object,
// base, meta, ...), an event handler attribute (on...=), or a javascript:/vbscript: URL in an
// attribute that holds a URL (href, action, src, ...). The check may say "active" for inert HTML (that HTML then shows in a frame), never
// the reverse:
// 1. A scan of the raw text finds every candidate, whatever the parsing context; most HTML has
//    none and is inert.
// 2. For a candidate, a tokenizer that follows the HTML spec's tag and attribute states decides,
//    so that "turn it on = yes" in a paragraph or in a UI element's value does not count. Where
//    the tokenizer would need the tree builder (raw-text elements, comments, SVG/MathML), the
//    candidate counts as active.
// The text is ASCII-lowercased first (HTML matches tag and attribute names ASCII-only), so no
// regex needs a case-insensitive flag, whose Unicode folding differs between JS and Python.

const DANGEROUS = [
  "script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "meta", "link",
  "portal", "fencedframe", "animate", "set", "animatemotion", "animatetransform", "handler", "listener",
];
const DANGEROUS_SET = new Set(DANGEROUS);
const RAW_TAG = new RegExp(`</?(?:${DANGEROUS.join("|")})(?![a-z0-9-])`);
const RAW_HANDLER = /[\t\n\f\r /"']on[a-z]+[\t\n\f\r ]*=/;
// Elements after which the tokenizer state depends on the tree builder, and markup declarations.
const SPECIAL = /<(?:style|textarea|title|xmp|iframe|noembed|noframes|noscript|script|plaintext|svg|math)(?![a-z0-9-])|<[!?]|<\/(?![a-z>])/;
const ENTITY = /&#(?:x([0-9a-f]+)|([0-9]+));?|&(colon|tab|newline);?/g;
const BAD_SCHEME = /javascript:|vbscript:/;
// Attributes whose URL a browser may navigate to or run (a javascript: URL in any other one, such
// as an option's value, is only text).
const URL_ATTRIBUTES = new Set(["href", "xlink:href", "action", "formaction", "src", "data", "srcdoc", "poster", "background", "values", "to", "from", "by"]);
const WS = new Set(["\t", "\n", "\f", "\r", " "]);

export function asciiLower(text: string): string {
  return text.replace(/[A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 32));
}

// Character references as a browser decodes them in attribute values, as far as they can spell
// a URL scheme; characters a URL parser drops (tabs, newlines, spaces, controls) are dropped.
function urlText(lowered: string): string {
  const decoded = lowered.replace(ENTITY, (_m, hex: string | undefined, dec: string | undefined, name: string | undefined) => {
    if (name !== undefined) return name === "colon" ? ":" : "";
    const digits = hex ?? dec ?? "";
    // Long digit runs are huge numbers: never an ASCII character.
    const code = digits.length > 7 ? -1 : parseInt(digits, hex !== undefined ? 16 : 10);
    if (code >= 0 && code <= 0x20) return "";
    return code > 0x20 && code < 0x7f ? String.fromCharCode(code) : "\ufffd";
  });
  let out = "";
  for (const ch of decoded) if (ch > " ") out += ch;
  return out;
}

function badUrl(lowered: string): boolean {
  return lowered.includes(":") || lowered.includes("&") ? BAD_SCHEME.test(urlText(lowered)) : false;
}

/** Whether `html` may run code or load documents when inserted into the page. */
export function isActiveHtml(html: string): boolean {
  const s = asciiLower(html);
  if (RAW_TAG.test(s)) return true;
  if (!RAW_HANDLER.test(s) && !badUrl(s)) return false;
  if (SPECIAL.test(s)) return true;
  return tokensActive(s);
}

const isAlpha = (c: string | undefined): boolean => c !== undefined && c >= "a" && c <= "z";

// The HTML tokenizer's data, tag-name and attribute states (no raw-text or comment states:
// SPECIAL sends those inputs elsewhere). Returns true at the first dangerous tag or attribute.
function tokensActive(s: string): boolean {
  const n = s.length;
  let i = 0;
  for (;;) {
    const lt = s.indexOf("<", i);
    if (lt < 0) return false;
    let j = lt + 1;
    if (s[j] === "/") j++;
    if (!isAlpha(s[j])) {
      i = j; // "<" or "</" not followed by a letter is text ("</>" is dropped)
      continue;
    }
    const start = j;
    while (j < n && !WS.has(s[j]!) && s[j] !== "/" && s[j] !== ">") j++;
    if (DANGEROUS_SET.has(s.slice(start, j))) return true;
    // attributes, until the tag's ">"
    for (;;) {
      while (j < n && (WS.has(s[j]!) || s[j] === "/")) j++;
      if (j >= n) return false;
      if (s[j] === ">") {
        j++;
        break;
      }
      const nameStart = j++;
      while (j < n && !WS.has(s[j]!) && s[j] !== "/" && s[j] !== ">" && s[j] !== "=") j++;
      const name = s.slice(nameStart, j);
      while (j < n && WS.has(s[j]!)) j++;
      if (s[j] !== "=") continue;
      j++;
      while (j < n && WS.has(s[j]!)) j++;
      let value: string;
      const q = s[j];
      if (q === '"' || q === "'") {
        const end = s.indexOf(q, j + 1);
        value = s.slice(j + 1, end < 0 ? n : end);
        j = end < 0 ? n : end + 1;
      } else {
        const vs = j;
        while (j < n && !WS.has(s[j]!) && s[j] !== ">") j++;
        value = s.slice(vs, j);
      }
      if (/^on[a-z]+$/.test(name) || (URL_ATTRIBUTES.has(name) && badUrl(value))) return true;
    }
    i = j;
  }
}
