// Reading our pyodide-lock.json: which packages a set of names needs, which of them failed to
// load, and which package provides an importable module. Pure, for the worker and for tests.

export interface LockPackage {
  readonly name: string;
  readonly version: string;
  readonly file_name: string;
  readonly imports: readonly string[];
  readonly depends: readonly string[];
  readonly sha256: string;
  readonly install_dir: "site" | "dynlib";
  readonly package_type: "package" | "cpython_module" | "shared_library" | "static_library";
}

export interface Lockfile {
  readonly info: { readonly python: string; readonly abi_version: string; readonly arch: string; readonly platform: string; readonly version?: string };
  readonly packages: Readonly<Record<string, LockPackage>>;
}

/** Parse and check the shape we rely on; throws an Error whose message says what is wrong. */
export function readLock(text: string): Lockfile {
  const data: unknown = JSON.parse(text);
  if (typeof data !== "object" || data === null) throw new Error("not a JSON object");
  const lock = data as Partial<Lockfile>;
  if (typeof lock.info?.python !== "string") throw new Error('no "info.python"');
  if (typeof lock.packages !== "object" || lock.packages === null) throw new Error('no "packages"');
  for (const [key, p] of Object.entries(lock.packages)) {
    if (typeof p?.file_name !== "string") throw new Error(`package ${key} has no file_name`);
  }
  return lock as Lockfile;
}

export function normalize(name: string): string {
  return name.replace(/[-_.]+/g, "-").toLowerCase();
}

function entry(lock: Lockfile, name: string): [string, LockPackage] | undefined {
  const key = normalize(name);
  const p = lock.packages[key] ?? lock.packages[name];
  return p ? [key, p] : undefined;
}

/** `names` and everything they depend on, as lock keys. */
export function closure(lock: Lockfile, names: Iterable<string>): Set<string> {
  const out = new Set<string>();
  const todo = [...names];
  while (todo.length) {
    const name = todo.pop()!;
    const found = entry(lock, name);
    const key = found ? found[0] : normalize(name);
    if (out.has(key)) continue;
    out.add(key);
    if (found) todo.push(...found[1].depends);
  }
  return out;
}

/** The packages of `wanted` that Pyodide did not load (it reports names as the lock spells them). */
export function missingPackages(lock: Lockfile, wanted: Iterable<string>, loaded: Readonly<Record<string, string>>): string[] {
  const have = new Set(Object.keys(loaded).map(normalize));
  const missing: string[] = [];
  for (const key of wanted) {
    const p = entry(lock, key);
    if (!have.has(normalize(p ? p[1].name : key))) missing.push(p ? p[1].name : key);
  }
  return missing.sort();
}

/** The absolute URL of a package's wheel. */
export function lockFileName(lock: Lockfile, name: string, base: string): string {
  const p = entry(lock, name);
  return p ? new URL(p[1].file_name, base).href : name;
}

/** Which lock packages provide these top-level modules; the rest are `unknown`. */
export function packagesForModules(lock: Lockfile, modules: readonly string[]): { packages: string[]; unknown: string[] } {
  const byImport = new Map<string, string>();
  for (const p of Object.values(lock.packages)) for (const m of p.imports) byImport.set(m, p.name);
  const packages = new Set<string>();
  const unknown: string[] = [];
  for (const m of modules) {
    const top = m.split(".")[0]!;
    const p = byImport.get(top) ?? entry(lock, top)?.[1].name;
    if (p) packages.add(p);
    else unknown.push(m);
  }
  return { packages: [...packages].sort(), unknown };
}
