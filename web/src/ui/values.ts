// The front-end value of each UI element kind (see py/cove/ui/_base.py): read from its native
// controls, and written back into them when Python changes it. Pure DOM, no sending.

export type Props = Record<string, unknown>;

export function props(root: HTMLElement): Props {
  try {
    const p: unknown = JSON.parse(root.dataset["coveProps"] ?? "{}");
    return typeof p === "object" && p !== null ? (p as Props) : {};
  } catch {
    return {};
  }
}

function currentValue(root: HTMLElement): unknown {
  try {
    return JSON.parse(root.dataset["coveValue"] ?? "null");
  } catch {
    return null;
  }
}

// A slider with explicit `steps` ranges over their indices; the value is the step itself.
function fromRange(input: HTMLInputElement, p: Props): number {
  const steps = Array.isArray(p["steps"]) ? (p["steps"] as number[]) : null;
  const x = Number(input.value);
  return steps ? (steps[Math.round(x)] ?? x) : x;
}

function toRange(value: number, p: Props): string {
  const steps = Array.isArray(p["steps"]) ? (p["steps"] as number[]) : null;
  if (!steps) return String(value);
  const i = steps.findIndex((s) => Math.abs(s - value) < 1e-12);
  return String(i < 0 ? 0 : i);
}

const q = <T extends Element>(root: HTMLElement, sel: string) => root.querySelector<T>(sel);
const all = <T extends Element>(root: HTMLElement, sel: string) => [...root.querySelectorAll<T>(sel)];

function rangeSliderValue(root: HTMLElement, p: Props): [number, number] {
  const low = q<HTMLInputElement>(root, "input.cove-range-low");
  const high = q<HTMLInputElement>(root, "input.cove-range-high");
  const a = low ? fromRange(low, p) : 0;
  const b = high ? fromRange(high, p) : a;
  return a <= b ? [a, b] : [b, a];
}

/**
 * The value to send after the reader used `control` inside element `root`; `undefined` when
 * that control does not set the value (e.g. a label click).
 */
export function readValue(root: HTMLElement, control: Element): unknown {
  const kind = root.dataset["coveUi"];
  const p = props(root);
  const input = control instanceof HTMLInputElement ? control : null;
  switch (kind) {
    case "slider":
      if (input?.type === "range") return fromRange(input, p);
      if (input?.type === "number") return input.value === "" ? undefined : Number(input.value);
      return undefined;
    case "range_slider":
      return rangeSliderValue(root, p);
    case "number":
      return input ? (input.value === "" ? null : Number(input.value)) : undefined;
    case "text":
    case "text_area":
    case "date":
      return (control as HTMLInputElement | HTMLTextAreaElement).value;
    case "checkbox":
    case "switch":
      return input ? input.checked : undefined;
    case "dropdown": {
      const select = control as HTMLSelectElement;
      return select.value === "" && select.selectedOptions[0]?.hasAttribute("data-cove-none") ? [] : [select.value];
    }
    case "multiselect":
    case "file_browser":
      return [...(control as HTMLSelectElement).selectedOptions].map((o) => o.value);
    case "radio":
      return all<HTMLInputElement>(root, "input[type=radio]").find((r) => r.checked)?.value ?? null;
    case "refresh":
    case "button":
    case "run_button": {
      if (kind === "refresh" && !(control instanceof HTMLButtonElement)) return undefined; // its interval picker
      // The value is the click count; count on from what the page shows so fast clicks add up
      // before the kernel re-renders the button.
      const count = Number(currentValue(root) ?? 0) + 1;
      root.dataset["coveValue"] = JSON.stringify(count);
      return count;
    }
    case "tabs":
      return input?.classList.contains("cove-tab-radio") ? input.value : undefined;
    case "form":
    case "array":
    case "dictionary":
    case "anywidget":
    case "table":
      // Children send their own values, a form sends on submit; anywidgets and tables (which
      // do not show all their rows) send from ui/anywidget.ts and ui/table.ts.
      return undefined;
    default:
      // An element kind this page does not know: its native control's plain value.
      if (input?.type === "checkbox") return input.checked;
      return (control as HTMLInputElement).value;
  }
}

/** Which event sends a control's value: every keystroke / drag step, or only on commit. */
export function sendsOn(root: HTMLElement, control: Element): "input" | "change" | "click" | number {
  const kind = root.dataset["coveUi"];
  if (kind === "button" || kind === "run_button" || kind === "refresh") return "click";
  const debounce = props(root)["debounce"];
  if (control instanceof HTMLSelectElement) return "change";
  if (control instanceof HTMLInputElement && ["checkbox", "radio", "file", "date"].includes(control.type)) return "change";
  if (typeof debounce === "number") return debounce; // milliseconds after the last keystroke
  return debounce === true ? "change" : "input";
}

/** Keep a slider's visible number (and its companion number field) in step while dragging. */
export function showValue(root: HTMLElement, changed?: Element): void {
  const kind = root.dataset["coveUi"];
  const out = q<HTMLOutputElement>(root, "output.cove-value");
  const p = props(root);
  if (kind === "slider") {
    const range = q<HTMLInputElement>(root, "input[type=range]");
    const number = q<HTMLInputElement>(root, "input[type=number]");
    if (range && number && changed === range) number.value = String(fromRange(range, p));
    if (range && number && changed === number && number.value !== "") range.value = toRange(Number(number.value), p);
    if (out && range) out.textContent = String(fromRange(range, p));
  } else if (kind === "range_slider" && out) {
    const [a, b] = rangeSliderValue(root, p);
    out.textContent = `${a} – ${b}`;
  }
}

export async function readFiles(input: HTMLInputElement): Promise<{ name: string; contents: string }[]> {
  const files = [...(input.files ?? [])];
  return Promise.all(
    files.map(async (f) => {
      const bytes = new Uint8Array(await f.arrayBuffer());
      let binary = "";
      for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      return { name: f.name, contents: btoa(binary) };
    }),
  );
}
