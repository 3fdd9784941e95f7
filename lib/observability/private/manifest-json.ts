/** Helpers the audit manifest's validator and writer share. */

/** Keys a tier may give a default for; `p` and `k` apply to every signal, the others to metric signals. */
export const INHERITED = ['ns', 'd', 's', 'r', 'p', 'k'] as const;
export type InheritedKey = (typeof INHERITED)[number];

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
