import type { Severity } from '../../model/finding';
import { canonicalName } from '../names';
import type { Ecosystem } from '../types';
import type { AdvisoryEntry, AdvisoryRange, SeveritySource } from './types';
import { ecosystemOfOsv } from './types';

/** The parts of an OSV record (https://ossf.github.io/osv-schema/) that the index reads. */
export interface OsvRecord {
  id?: unknown;
  aliases?: unknown;
  summary?: unknown;
  details?: unknown;
  withdrawn?: unknown;
  severity?: unknown;
  database_specific?: unknown;
  affected?: unknown;
}

/** Scores a CVSS vector (v2, v3.0, v3.1 or v4.0); undefined when it is not one. */
export type CvssScorer = (vector: string) => number | undefined;

/** An index entry: which package of which ecosystem an advisory is about. */
export interface IndexedAdvisory {
  ecosystem: Ecosystem;
  /** Canonical package name (see canonicalName). */
  key: string;
  entry: AdvisoryEntry;
}

const MAX_SUMMARY = 200;

/**
 * Turns one OSV record into index entries, one per affected package of an ecosystem we check. Withdrawn
 * records and records without a usable id give none; unknown fields are ignored, wrong types skipped.
 */
export function indexRecord(record: OsvRecord, scoreCvss: CvssScorer): IndexedAdvisory[] {
  if (typeof record.id !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/.test(record.id)) return [];
  if (typeof record.withdrawn === 'string' && record.withdrawn) return [];
  const aliases = stringArray(record.aliases).filter((a) => a.length <= 100);
  aliases.sort((a, b) => Number(!a.startsWith('CVE-')) - Number(!b.startsWith('CVE-')));
  const summary = oneLine(typeof record.summary === 'string' && record.summary.trim() ? record.summary : typeof record.details === 'string' ? record.details : '') || record.id;
  const recordSeverity = severityOf(record.id, record.database_specific, record.severity, scoreCvss);

  const out: IndexedAdvisory[] = [];
  for (const affected of Array.isArray(record.affected) ? record.affected : []) {
    if (!isObject(affected) || !isObject(affected.package)) continue;
    const { ecosystem: osvName, name } = affected.package;
    if (typeof osvName !== 'string' || typeof name !== 'string' || !name) continue;
    const ecosystem = ecosystemOfOsv(osvName);
    if (!ecosystem) continue;
    const ranges: AdvisoryRange[] = [];
    for (const range of Array.isArray(affected.ranges) ? affected.ranges : []) {
      if (!isObject(range) || (range.type !== 'SEMVER' && range.type !== 'ECOSYSTEM') || !Array.isArray(range.events)) continue;
      const events = range.events.filter(isObject).map((e) => {
        const event: AdvisoryRange['events'][number] = {};
        for (const key of ['introduced', 'fixed', 'last_affected', 'limit'] as const) if (typeof e[key] === 'string') event[key] = e[key];
        return event;
      }).filter((e) => Object.keys(e).length === 1);
      if (events.length) ranges.push({ type: range.type, events });
    }
    const versions = stringArray(affected.versions);
    if (!ranges.length && !versions.length) continue;
    // A per-package severity (affected[].severity / ecosystem_specific) wins over the record's.
    const own = severityOf(record.id, affected.database_specific, affected.severity, scoreCvss);
    const severity = own.source === 'unknown' ? recordSeverity : own;
    out.push({
      ecosystem,
      key: canonicalName(ecosystem, name),
      entry: { id: record.id, aliases, summary, severity: severity.severity, severitySource: severity.source, score: severity.score, ranges, versions },
    });
  }
  return out;
}

const DATABASE_SEVERITY: Readonly<Record<string, Severity>> = { critical: 'critical', high: 'high', moderate: 'medium', medium: 'medium', low: 'low' };

/**
 * The severity of an advisory: the database's own word (GitHub's `database_specific.severity`) first, then
 * the highest CVSS score, then malicious-package records (MAL-) as critical; else medium, marked unknown.
 */
export function severityOf(id: string, databaseSpecific: unknown, severity: unknown, scoreCvss: CvssScorer): { severity: Severity; source: SeveritySource; score?: number } {
  const word = isObject(databaseSpecific) && typeof databaseSpecific.severity === 'string' ? DATABASE_SEVERITY[databaseSpecific.severity.toLowerCase()] : undefined;
  if (word) return { severity: word, source: 'database' };
  let best: number | undefined;
  for (const s of Array.isArray(severity) ? severity : []) {
    if (!isObject(s) || typeof s.score !== 'string' || typeof s.type !== 'string' || !s.type.startsWith('CVSS')) continue;
    const score = scoreCvss(s.score);
    if (score !== undefined && (best === undefined || score > best)) best = score;
  }
  if (best !== undefined) return { severity: best >= 9 ? 'critical' : best >= 7 ? 'high' : best >= 4 ? 'medium' : 'low', source: 'cvss', score: best };
  if (id.startsWith('MAL-')) return { severity: 'critical', source: 'malicious' };
  return { severity: 'medium', source: 'unknown' };
}

function oneLine(text: string): string {
  const first = text.split(/\r?\n/, 1)[0] ?? '';
  const clean = first.replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]/g, ' ').replace(/\s+/g, ' ').trim();
  return clean.length > MAX_SUMMARY ? `${clean.slice(0, MAX_SUMMARY - 1)}…` : clean;
}

function stringArray(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && v.length > 0 && v.length <= 256) : [];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Patterns of this module, for the ReDoS test. */
export const OSV_PATTERNS: readonly RegExp[] = [/^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/, /\r?\n/, /\s+/g];
