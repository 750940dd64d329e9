// Large hook arguments, compressed. A manifest or reconcile list of a few hundred groups would
// pass the 128 KiB that one command-line argument may carry; its JSON is very repetitive, so
// deflate makes it about ten times smaller. Small ones stay plain JSON, readable in plans.

type Zlib = typeof import("node:zlib");
/** Loaded on use: every hook process would pay for node:zlib otherwise. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const zlib = (): Zlib => require("node:zlib") as Zlib;

/** What starts a compressed text. */
export const COMPACT_PREFIX = "deflate:";
const PREFIX = COMPACT_PREFIX;
/** Below this, JSON is kept as it is. */
const PLAIN_LIMIT = 16 * 1024;

export function compact(json: string): string {
  if (json.length <= PLAIN_LIMIT) return json;
  return PREFIX + zlib().deflateRawSync(Buffer.from(json, "utf8"), { level: 9 }).toString("base64");
}

/** The JSON text of `compact`'s output (or of plain JSON). */
export function expand(text: string): string {
  if (!text.startsWith(PREFIX)) return text;
  return zlib()
    .inflateRawSync(Buffer.from(text.slice(PREFIX.length), "base64"))
    .toString("utf8");
}

/** The text of Terraform's `base64gzip(text)`. */
export function expandBase64Gzip(text: string): string {
  return zlib().gunzipSync(Buffer.from(text, "base64")).toString("utf8");
}

/** The length of Terraform's `base64gzip(text)`, near enough to check a size limit. */
export function base64GzipLength(text: string): number {
  return Math.ceil(zlib().gzipSync(Buffer.from(text, "utf8")).length / 3) * 4;
}

/** A table of distinct values (equal JSON, one entry), referenced by index from the groups. */
export class Table<T> {
  private readonly json: string[] = [];

  /** The index of `value`, added if new. */
  index(value: T): number {
    const text = JSON.stringify(value);
    const at = this.json.indexOf(text);
    return at >= 0 ? at : this.json.push(text) - 1;
  }

  values(): T[] {
    return this.json.map((text) => JSON.parse(text) as T);
  }
}
