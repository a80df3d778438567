import type { Timestamp } from "@bufbuild/protobuf/wkt";

const UNITS = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];

export function bytes(n: bigint | number): string {
  let v = Number(n);
  let unit = 0;
  while (v >= 1024 && unit < UNITS.length - 1) {
    v /= 1024;
    unit++;
  }
  return unit === 0 ? `${v} B` : `${v.toFixed(v < 10 ? 2 : 1)} ${UNITS[unit]}`;
}

export function duration(ms: bigint | number): string {
  const total = Math.floor(Number(ms) / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return h > 0 ? `${h} h ${m} min` : m > 0 ? `${m} min ${s} s` : `${s} s`;
}

export function count(n: bigint | number): string {
  return Number(n).toLocaleString("en-US");
}

/** A timestamp as "2026-11-30 22:59:01 UTC" (the server works in UTC); "—" when unset. */
export function time(ts: Timestamp | undefined): string {
  if (!ts || (ts.seconds === 0n && ts.nanos === 0)) {
    return "—";
  }
  return new Date(Number(ts.seconds) * 1000).toISOString().replace("T", " ").replace(/\.\d+Z$/, " UTC");
}

/** Today's UTC day, "YYYY-MM-DD", the day the server's daily metrics use. */
export function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}

export function percent(fraction: number): string {
  return `${Math.round(fraction * 100)} %`;
}
