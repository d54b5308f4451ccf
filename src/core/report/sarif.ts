import type * as Sarif from 'sarif';
import type { Finding, Severity } from '../model/finding';
import type { SkippedFile } from '../scan/input';
import type { Rule } from '../rules/types';

/** GitHub code scanning ranks alerts by this number (0.1–10). */
const SECURITY_SEVERITY: Record<Severity, string> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0' };
const LEVEL: Record<Severity, Sarif.ReportingConfiguration.level> = { critical: 'error', high: 'error', medium: 'warning', low: 'note' };
const PRECISION = { high: 'high', medium: 'medium', low: 'low' } as const;

export interface SarifOptions {
  toolVersion: string;
  rules: readonly Rule[];
  skipped?: readonly SkippedFile[];
}

/** Writes SARIF 2.1.0 with one run, describing every rule that fired, as GitHub code scanning expects. */
export function toSarif(findings: readonly Finding[], options: SarifOptions): Sarif.Log {
  const firedIds = [...new Set(findings.map((f) => f.ruleId))].sort();
  const rulesById = new Map(options.rules.map((rule) => [rule.meta.id, rule]));
  const ruleIndex = new Map(firedIds.map((id, i) => [id, i]));

  const driverRules: Sarif.ReportingDescriptor[] = firedIds.map((id) => {
    const rule = rulesById.get(id);
    const sample = findings.find((f) => f.ruleId === id)!;
    const docs = rule?.meta.docs ?? { summary: sample.message, why: sample.explanation, fix: sample.remediation };
    const cwe = rule?.meta.cwe ?? sample.cwe;
    const severity = rule?.meta.severity ?? sample.severity;
    return {
      id,
      name: toPascalCase(id),
      shortDescription: { text: docs.summary },
      fullDescription: { text: docs.why },
      help: {
        text: `${docs.why}\n\nHow to fix: ${docs.fix}`,
        markdown: `${docs.why}\n\n**How to fix:** ${docs.fix}${cwe.length ? `\n\n${cwe.map((n) => `[CWE-${n}](https://cwe.mitre.org/data/definitions/${n}.html)`).join(', ')}` : ''}`,
      },
      defaultConfiguration: { level: LEVEL[severity] },
      properties: {
        tags: ['security', rule?.meta.category ?? sample.category, ...cwe.map((n) => `external/cwe/cwe-${n}`)],
        'security-severity': SECURITY_SEVERITY[severity],
        precision: PRECISION[rule?.meta.confidence ?? sample.confidence],
      },
    };
  });

  const results: Sarif.Result[] = findings.map((finding) => ({
    ruleId: finding.ruleId,
    ruleIndex: ruleIndex.get(finding.ruleId),
    level: LEVEL[finding.severity],
    message: { text: finding.evidence ? `${finding.message}: ${finding.evidence}` : finding.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: encodeUriPath(finding.file) },
          region: {
            startLine: finding.range.startLine,
            startColumn: finding.range.startColumn,
            endLine: finding.range.endLine,
            endColumn: Math.max(finding.range.endColumn, finding.range.endLine === finding.range.startLine ? finding.range.startColumn + 1 : 1),
          },
        },
      },
    ],
    partialFingerprints: { 'agentGuardFingerprint/v1': finding.fingerprint },
    relatedLocations: finding.related?.map((related, i) => ({
      id: i + 1,
      message: { text: related.message },
      physicalLocation: {
        artifactLocation: { uri: encodeUriPath(finding.file) },
        region: { startLine: related.range.startLine, startColumn: related.range.startColumn, endLine: related.range.endLine, endColumn: related.range.endColumn },
      },
    })),
    properties: { category: finding.category, severity: finding.severity, confidence: finding.confidence, 'security-severity': SECURITY_SEVERITY[finding.severity] },
  }));

  return {
    version: '2.1.0',
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    runs: [
      {
        tool: {
          driver: {
            name: 'Agent Guard',
            version: options.toolVersion,
            semanticVersion: options.toolVersion,
            informationUri: 'https://github.com/agent-guard/agent-guard',
            rules: driverRules,
          },
        },
        columnKind: 'utf16CodeUnits',
        results,
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: (options.skipped ?? []).map((skip) => ({
              level: 'note',
              message: { text: `skipped: ${skip.detail}` },
              locations: [{ physicalLocation: { artifactLocation: { uri: encodeUriPath(skip.file) } } }],
            })),
          },
        ],
      },
    ],
  };
}

/** `secrets/private-key` → `SecretsPrivateKey`. */
function toPascalCase(id: string): string {
  return id.split(/[^a-zA-Z0-9]+/).filter(Boolean).map((part) => part[0].toUpperCase() + part.slice(1)).join('');
}

/** Relative URI reference with forward slashes; characters that are not URI-safe are percent-encoded. */
function encodeUriPath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}
