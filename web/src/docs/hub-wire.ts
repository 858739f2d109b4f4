// What crosses between a docs page and its one shared worker (docs/hub.ts on the page,
// docs/hub-worker.ts in the worker). Each message names the notebook it belongs to; inside it
// travels exactly what a one-notebook page and its worker exchange (wire.ts): the boot message,
// numbered requests, and event strings. So each notebook's Controller is the page's own, unchanged.
import type { Request } from "../wire";

export interface HubBoot {
  readonly kind: "hub";
  readonly notebook: string;
  readonly boot: string; // JSON of wire.ts's BootConfig
  readonly interrupt: SharedArrayBuffer | null;
}

export interface HubRequest {
  readonly kind: "hub";
  readonly notebook: string;
  readonly request: Request; // a command or an install, as wire.ts defines them
}

// The page replaced this notebook's kernel (a restart that did not need a new worker): the
// worker drops its session and forgets its queued commands.
export interface HubClose {
  readonly kind: "hub";
  readonly notebook: string;
  readonly close: true;
}

export type ToHub = HubBoot | HubRequest | HubClose;

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
