import { isPinnedRef } from '../../deps/specs';
import type { DeclaredDependency } from '../../deps/types';
import type { Rule } from '../types';
import { DEFAULT_REGISTRY_HOSTS, allowedLockHosts, dependencyAnalysis, hostOf, isManifestPath, show, showSpec } from './shared';

const SOURCE_WORDS: Record<string, string> = {
  git: 'a git repository',
  url: 'a URL',
  tarball: 'a downloaded archive',
  file: 'a local path',
  link: 'a linked folder',
};

/** Dependencies that bypass the package registry, lockfile entries without integrity, and registry changes. */
export const unsafeSource: Rule = {
  meta: {
    id: 'dependencies/unsafe-source',
    category: 'dependency',
    severity: 'high',
    confidence: 'high',
    cwe: [829, 494],
    changeAware: true,
    docs: {
      summary: 'A dependency comes from outside the package registry, a lockfile entry has no integrity hash, or a registry or index URL changed.',
      why: 'Git, URL, tarball and path dependencies skip the registry’s immutability and integrity checks: what they point to can change under the same name. A changed registry or extra index lets another server supply packages (dependency confusion).',
      fix: 'Depend on a published release from the usual registry. If a git source is unavoidable, pin a full commit hash. Keep registry settings pointing at registries the team controls, and regenerate lockfiles so every entry has an integrity hash.',
      example: { bad: '"left-pad": "git+https://github.com/someone/left-pad.git#main"', good: '"left-pad": "1.3.0"' },
    },
    messages: {
      source: '{{name}} comes from {{where}}: {{spec}}',
      alias: '{{name}} installs a different package, {{target}}, under its name',
      offRegistry: 'Locked package {{name}} is fetched from {{host}}, not from the registry',
      noIntegrity: 'Locked package {{name}} has no integrity hash',
      registry: 'Package source setting {{key}} now points at {{url}}',
      insecure: 'Package source setting {{key}} uses plain http: {{url}}',
    },
  },
  appliesToPath: isManifestPath,
  check(context) {
    const analysis = dependencyAnalysis(context);
    if (!analysis) return;
    const { manifest } = analysis;
    const scan = analysis.mode === 'scan';
    const allowedHosts = manifest.lockfile ? allowedLockHosts(analysis) : undefined;

    for (const dep of analysis.subject) {
      if (!manifest.lockfile) {
        reportManifestSource(dep);
        continue;
      }
      if (dep.source === 'link' || dep.source === 'workspace' || dep.source === 'file') continue;
      const host = dep.resolved ? hostOf(dep.resolved) : undefined;
      if (dep.source === 'git' || (host && allowedHosts && !allowedHosts.has(host))) {
        context.report({
          messageId: 'offRegistry',
          data: { name: show(dep.name), host: host ?? 'a git repository' },
          start: dep.span.start,
          end: dep.span.end,
          evidence: dep.resolved?.slice(0, 200),
          explanation: `The lockfile resolves ${show(dep.name)} ${dep.spec} to ${dep.resolved ?? 'a git source'}, not to the registry the rest of the project uses. Whoever controls that server decides what gets installed. Check that the URL belongs to the package's real publisher or your own registry, and why it is not fetched from the registry.`,
        });
      } else if (!scan && !dep.integrity) {
        context.report({
          messageId: 'noIntegrity',
          data: { name: show(dep.name) },
          start: dep.span.start,
          end: dep.span.end,
          explanation: `The lockfile entry for ${show(dep.name)} ${dep.spec} has no integrity hash, so the package manager cannot tell whether the archive it downloads is the one that was locked. Regenerate the lockfile with the package manager and check the entry again.`,
        });
      }
    }

    for (const setting of analysis.registries) {
      const insecure = setting.url.toLowerCase().startsWith('http://') || setting.key === 'strict-ssl' || setting.key === '--trusted-host' || setting.key === 'trusted-host';
      const known = DEFAULT_REGISTRY_HOSTS[manifest.ecosystem].includes(hostOf(setting.url) ?? '');
      const extraIndex = /extra-index|find-links/.test(setting.key);
      // A plain scan reports what is unsafe on its own: plain http, disabled TLS, extra indexes.
      if (scan && !insecure && !extraIndex) continue;
      if (!scan && known && !insecure) continue;
      context.report({
        messageId: insecure ? 'insecure' : 'registry',
        data: { key: setting.key, url: setting.url.slice(0, 200) },
        severity: scan && !insecure ? 'medium' : undefined,
        start: setting.span.start,
        end: setting.span.end,
        explanation: `${scan ? 'This file sets' : 'The change sets'} ${setting.key} to ${setting.url.slice(0, 200)}. ${insecure ? 'Without TLS, anyone on the network path can swap the packages installed.' : extraIndex ? 'An extra index is searched alongside the default one, so a public package with the same name as a private one can win (dependency confusion).' : 'Every package will now be fetched from that server, which decides what code is installed.'} Check that the server is one your team controls and trusts, and why the setting changed.`,
      });
    }

    function reportManifestSource(dep: DeclaredDependency): void {
      if (dep.source === 'alias') {
        context.report({
          messageId: 'alias',
          data: { name: show(dep.name), target: show(dep.aliasOf ?? '?') },
          severity: 'medium',
          start: dep.span.start,
          end: dep.span.end,
          explanation: `${show(dep.name)} is an alias: the package installed is ${show(dep.aliasOf ?? '?')}, while code imports it as ${show(dep.name)}. Aliases can hide a substitute package behind a familiar name. Check that ${show(dep.aliasOf ?? '?')} is the package meant and who publishes it.`,
        });
        return;
      }
      const where = SOURCE_WORDS[dep.source];
      if (!where) return;
      const pin = dep.source === 'git' ? isPinnedRef(dep.ref) : undefined;
      context.report({
        messageId: 'source',
        data: { name: show(dep.name), where, spec: showSpec(dep.spec).slice(0, 200) },
        severity: dep.source === 'file' || dep.source === 'link' ? 'medium' : undefined,
        start: dep.span.start,
        end: dep.span.end,
        explanation: `${show(dep.name)} is installed from ${where} (${showSpec(dep.spec).slice(0, 200)}), not from the package registry, so the registry's checks do not apply${pin === 'branch' ? ' and, with no commit pinned, whatever is pushed next is installed' : ''}. Check who controls that source, that it is the package's real home, and pin ${dep.source === 'git' ? 'a full commit hash' : 'an exact, checksummed artifact'} or use the registry release instead.`,
      });
    }
  },
  patterns: [/extra-index|find-links/],
};
