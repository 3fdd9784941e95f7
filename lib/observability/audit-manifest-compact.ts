// Writing an audit manifest: the compact (version 2) form a stack publishes. Free of dependencies.
import {
  AUDIT_MANIFEST_VERSION,
  AuditManifest,
  AuditSignal,
  PublishedAuditManifest,
  PublishedAuditSignal,
  PublishedAuditTier,
} from './audit-manifest-format';
import { InheritedKey, isObject } from './private/manifest-json';

/** A stable text for comparing default candidates (dimension order does not matter). */
function canonical(value: unknown): string {
  return isObject(value)
    ? JSON.stringify(Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1))))
    : JSON.stringify(value);
}

/** The most frequent value among `values` (first seen wins a tie), when it occurs at least twice. */
function mostFrequent(values: unknown[]): unknown {
  const counts = new Map<string, { value: unknown; count: number }>();
  for (const value of values) {
    if (value === undefined) continue;
    const key = canonical(value);
    const entry = counts.get(key) ?? { value, count: 0 };
    entry.count += 1;
    counts.set(key, entry);
  }
  let best: { value: unknown; count: number } | undefined;
  for (const entry of counts.values()) if (!best || entry.count > best.count) best = entry;
  return best && best.count >= 2 ? best.value : undefined;
}

/**
 * The published (version 2) form of a manifest: per tier, the most frequent namespace, dimensions,
 * statistic, region, period and kind become the tier's defaults, and each signal keeps only what
 * differs. `validateAuditManifest(JSON.parse(JSON.stringify(compactAuditManifest(m))))` gives `m` back.
 * Values may be CDK tokens (compared as their string form).
 */
export function compactAuditManifest(manifest: AuditManifest): PublishedAuditManifest {
  const tiers = manifest.tiers.map((tier): PublishedAuditTier => {
    const metrics = tier.signals.filter((s) => s.expression === undefined);
    const dims = (s: AuditSignal): { [name: string]: string } => s.dimensions ?? {};
    const regionOf = (s: AuditSignal): string => s.region ?? manifest.region;
    const defaults: Partial<Record<InheritedKey, unknown>> = {
      ns: mostFrequent(metrics.map((s) => s.namespace)),
      d: mostFrequent(metrics.map((s) => (Object.keys(dims(s)).length > 0 ? dims(s) : undefined))),
      s: mostFrequent(metrics.map((s) => s.stat)),
      r: mostFrequent(metrics.map((s) => (regionOf(s) !== manifest.region ? regionOf(s) : undefined))),
      p: mostFrequent(tier.signals.map((s) => s.period)),
      k: mostFrequent(tier.signals.map((s) => s.kind)),
    };
    const differs = (key: InheritedKey, value: unknown): boolean =>
      defaults[key] === undefined || canonical(defaults[key]) !== canonical(value);
    const signals = tier.signals.map((s): PublishedAuditSignal => {
      const metric = s.expression === undefined;
      const tierRegion = (defaults.r as string | undefined) ?? manifest.region;
      return {
        id: s.id,
        l: s.label,
        ...(differs('k', s.kind) && { k: s.kind }),
        ...(metric && differs('ns', s.namespace) && { ns: s.namespace }),
        ...(metric && { m: s.metricName }),
        ...(metric &&
          (defaults.d === undefined ? Object.keys(dims(s)).length > 0 : differs('d', dims(s))) && {
            d: dims(s),
          }),
        ...(metric && differs('s', s.stat) && { s: s.stat }),
        ...(differs('p', s.period) && { p: s.period }),
        ...(metric && regionOf(s) !== tierRegion && { r: regionOf(s) }),
        ...(s.unit !== undefined && { u: s.unit }),
        ...(s.scale !== undefined && { x: s.scale }),
        ...(s.concern !== undefined && { c: s.concern }),
        ...(s.slo !== undefined && { o: s.slo }),
        ...(s.threshold !== undefined && { [s.threshold.comparison]: s.threshold.value }),
        ...(s.capacity !== undefined && { cap: s.capacity }),
        ...(s.expression !== undefined && { e: s.expression }),
      };
    });
    const given = Object.fromEntries(Object.entries(defaults).filter(([, value]) => value !== undefined));
    return { tier: tier.tier, name: tier.name, ...given, signals };
  });
  return {
    version: AUDIT_MANIFEST_VERSION,
    ...(manifest.blueprint !== undefined && { blueprint: manifest.blueprint }),
    stackName: manifest.stackName,
    region: manifest.region,
    slo: manifest.slo,
    tiers,
    alarms: manifest.alarms,
  };
}
