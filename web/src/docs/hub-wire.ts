// What crosses between a docs page and its one shared worker (docs/hub.ts on the page,
// docs/hub-worker.ts in the worker). Each message names the notebook it belongs to; inside it
// travels exactly what a one-notebook page and its worker exchange (wire.ts): the boot message,
// command strings, and event strings. So each notebook's Controller is the page's own, unchanged.

export interface HubBoot {
  readonly kind: "hub";
  readonly notebook: string;
  readonly boot: string; // JSON of wire.ts's BootConfig
  readonly interrupt: SharedArrayBuffer | null;
}

export interface HubCommand {
  readonly kind: "hub";
  readonly notebook: string;
  readonly text: string; // a command JSON string (py/cove/protocol.py)
}

// The page replaced this notebook's kernel (a restart that did not need a new worker): the
// worker drops its session and forgets its queued commands.
export interface HubClose {
  readonly kind: "hub";
  readonly notebook: string;
  readonly close: true;
}

export type ToHub = HubBoot | HubCommand | HubClose;

// The notebook id of messages about the worker itself ("dead": its interpreter crashed).
export const RUNTIME = "";

export interface FromHub {
  readonly notebook: string;
  readonly text: string; // an event JSON string, as a one-notebook worker would post it
}

export function isToHub(data: unknown): data is ToHub {
  return typeof data === "object" && data !== null && (data as { kind?: unknown }).kind === "hub" &&
    typeof (data as { notebook?: unknown }).notebook === "string";
}

export function isFromHub(data: unknown): data is FromHub {
  return typeof data === "object" && data !== null && typeof (data as { notebook?: unknown }).notebook === "string" &&
    typeof (data as { text?: unknown }).text === "string";
}
