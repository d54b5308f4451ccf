import type { Ecosystem } from './types';

/** What a registry says about a package. */
export interface RegistryAnswer {
  exists: boolean;
  /** When the package was first published. */
  created?: Date;
  /** Downloads in the last month, where the registry publishes them. */
  monthlyDownloads?: number;
}

/**
 * Asks a package registry about a name. Answers undefined when it can't tell (offline, timeout, an
 * ecosystem it doesn't know), so callers fall back to the offline verdict.
 */
export interface PackageRegistry {
  lookup(ecosystem: Ecosystem, name: string): Promise<RegistryAnswer | undefined>;
}

/** The slice of `fetch` the client uses; tests pass a fake, so they never touch the network. */
export type Fetcher = (url: string, init: { signal: AbortSignal; headers: Record<string, string> }) => Promise<{ status: number; json(): Promise<unknown> }>;

export interface RegistryClientOptions {
  fetcher?: Fetcher;
  /** Per request, in milliseconds (default 2,000). */
  timeoutMs?: number;
  /** How long an answer is kept, in milliseconds (default one hour). */
  ttlMs?: number;
  now?: () => number;
}

/** Published less than this long ago counts as new. */
export const NEW_PACKAGE_DAYS = 30;
/** Fewer monthly downloads than this counts as barely used. */
export const FEW_DOWNLOADS = 500;

/**
 * A registry client for npm and PyPI with a short timeout and an in-memory cache (misses are cached
 * too, so a slow registry is asked once per name). Off unless the user turns on the online check.
 */
export function createRegistryClient(options: RegistryClientOptions = {}): PackageRegistry {
  const fetcher: Fetcher = options.fetcher ?? ((url, init) => fetch(url, init));
  const timeoutMs = options.timeoutMs ?? 2000;
  const ttlMs = options.ttlMs ?? 60 * 60 * 1000;
  const now = options.now ?? Date.now;
  const cache = new Map<string, { at: number; answer: Promise<RegistryAnswer | undefined> }>();

  async function getJson(url: string): Promise<{ status: number; body?: unknown } | undefined> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    try {
      const response = await fetcher(url, { signal: controller.signal, headers: { accept: 'application/json' } });
      if (response.status === 404) return { status: 404 };
      if (response.status !== 200) return undefined;
      return { status: 200, body: await response.json() };
    } catch {
      return undefined;
    } finally {
      clearTimeout(timer);
    }
  }

  async function ask(ecosystem: Ecosystem, name: string): Promise<RegistryAnswer | undefined> {
    if (ecosystem === 'npm') {
      const encoded = name.startsWith('@') ? `@${encodeURIComponent(name.slice(1))}` : encodeURIComponent(name);
      const doc = await getJson(`https://registry.npmjs.org/${encoded}`);
      if (!doc) return undefined;
      if (doc.status === 404) return { exists: false };
      const created = (doc.body as { time?: { created?: string } }).time?.created;
      const downloads = await getJson(`https://api.npmjs.org/downloads/point/last-month/${encoded}`);
      const count = (downloads?.body as { downloads?: unknown } | undefined)?.downloads;
      return { exists: true, created: created ? new Date(created) : undefined, monthlyDownloads: typeof count === 'number' ? count : undefined };
    }
    if (ecosystem === 'pypi') {
      const doc = await getJson(`https://pypi.org/pypi/${encodeURIComponent(name)}/json`);
      if (!doc) return undefined;
      if (doc.status === 404) return { exists: false };
      const releases = (doc.body as { releases?: Record<string, { upload_time_iso_8601?: string }[]> }).releases ?? {};
      let first: number | undefined;
      for (const files of Object.values(releases)) {
        for (const file of files ?? []) {
          const t = file.upload_time_iso_8601 ? Date.parse(file.upload_time_iso_8601) : NaN;
          if (!Number.isNaN(t) && (first === undefined || t < first)) first = t;
        }
      }
      return { exists: true, created: first === undefined ? undefined : new Date(first) };
    }
    return undefined;
  }

  return {
    lookup(ecosystem, name) {
      const key = `${ecosystem}\0${name}`;
      const hit = cache.get(key);
      if (hit && now() - hit.at < ttlMs) return hit.answer;
      const answer = ask(ecosystem, name);
      cache.set(key, { at: now(), answer });
      return answer;
    },
  };
}

/** The online verdict on a package that is not among the popular ones. */
export function judgeAnswer(answer: RegistryAnswer, now = Date.now()): { severity: 'critical' | 'high' | undefined; reason: string } {
  if (!answer.exists) return { severity: 'critical', reason: 'the registry has no package of this name' };
  if (answer.created && now - answer.created.getTime() < NEW_PACKAGE_DAYS * 24 * 3600 * 1000) {
    const days = Math.max(0, Math.floor((now - answer.created.getTime()) / (24 * 3600 * 1000)));
    return { severity: 'high', reason: `it was first published ${days} day${days === 1 ? '' : 's'} ago` };
  }
  if (answer.monthlyDownloads !== undefined && answer.monthlyDownloads < FEW_DOWNLOADS) {
    return { severity: 'high', reason: `it had only ${answer.monthlyDownloads} downloads last month` };
  }
  return { severity: undefined, reason: 'the registry knows it and it is established' };
}
