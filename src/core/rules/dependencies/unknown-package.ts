import { canonicalName } from '../../deps/names';
import { judgeAnswer } from '../../deps/online';
import { popularSet } from '../../deps/popular';
import type { Ecosystem } from '../../deps/types';
import type { Rule, RuleContext } from '../types';
import { dependencyAnalysis, isManifestPath, registryName, show, squatOf } from './shared';

/** Lockfiles beside a manifest that show a name was already installed before the change. */
const LOCKFILES: Partial<Record<Ecosystem, readonly string[]>> = {
  npm: ['package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml'],
  pypi: ['poetry.lock', 'uv.lock', 'Pipfile.lock', 'pdm.lock'],
};

/** Ecosystems with a popular list large enough that "not in it" means something offline. */
const OFFLINE_ECOSYSTEMS: readonly Ecosystem[] = ['npm', 'pypi'];

/** A new dependency that is neither popular nor already locked: possibly a name an agent invented. */
export const unknownPackage: Rule = {
  meta: {
    id: 'dependencies/unknown-package',
    category: 'dependency',
    severity: 'medium',
    confidence: 'low',
    cwe: [1357],
    changeAware: true,
    docs: {
      summary: 'A new dependency is not a known package: it may not exist, or may not be the one meant.',
      why: 'AI agents invent plausible package names; attackers register those names ("slopsquatting") so that the invented install pulls their code. A name that is neither popular nor already in the lockfile deserves a look.',
      fix: 'Verify that this package exists and is the one you meant: look it up on the registry, check its publisher, first publish date, downloads and repository. Turn on the online check to have Agent Guard ask the registry.',
    },
    messages: {
      unknown: '{{name}} is not a known {{ecosystem}} package: verify that this package exists and is the one you meant',
      missing: '{{name}} does not exist on the {{ecosystem}} registry: the name may be invented',
      suspicious: '{{name}} is a little-known {{ecosystem}} package: {{reason}}',
    },
  },
  appliesToPath: isManifestPath,
  async check(context) {
    const analysis = dependencyAnalysis(context);
    if (!analysis || analysis.mode !== 'diff' || analysis.manifest.lockfile) return;
    const ownScope = scopeOf(analysis.manifest.ownName);
    let locked: string | undefined;
    let lockedRead = false;
    for (const dep of analysis.added) {
      const name = registryName(dep);
      if (!name || squatOf(context, dep)) continue;
      if (ownScope && scopeOf(name) === ownScope) continue;
      const popular = popularSet(dep.ecosystem);
      if (popular.has(name)) continue;
      if (!lockedRead) {
        locked = await lockfileTextBefore(context, dep.ecosystem);
        lockedRead = true;
      }
      if (locked && mentions(locked, dep.ecosystem, name)) continue;
      if (context.registry) {
        const answer = await context.registry.lookup(dep.ecosystem, name);
        if (answer) {
          const verdict = judgeAnswer(answer);
          if (!verdict.severity) continue;
          context.report({
            messageId: answer.exists ? 'suspicious' : 'missing',
            data: { name: show(name), ecosystem: dep.ecosystem, reason: verdict.reason },
            severity: verdict.severity,
            confidence: 'high',
            start: dep.span.start,
            end: dep.span.end,
            explanation: answer.exists
              ? `The change adds ${show(name)}, and the registry says ${verdict.reason}. New and barely used packages are where typosquats and packages registered for invented names hide. Check who publishes it, its repository, and why this package rather than a well-known one.`
              : `The change adds ${show(name)}, but the ${dep.ecosystem} registry has no package of that name. Installing it fails today, and anyone can register the name tomorrow and have their code installed here. AI agents invent names like this.`,
          });
          continue;
        }
      }
      if (!OFFLINE_ECOSYSTEMS.includes(dep.ecosystem)) continue;
      context.report({
        messageId: 'unknown',
        data: { name: show(name), ecosystem: dep.ecosystem },
        start: dep.span.start,
        end: dep.span.end,
        explanation: `The change adds ${show(name)}, which is not among the ${popular.names.length.toLocaleString('en-US')} most used ${dep.ecosystem} packages that Agent Guard knows and was not in the project's lockfile before. AI agents invent package names, and attackers register such names. Verify that this package exists and is the one you meant: check its publisher, first publish date, downloads and repository.`,
      });
    }
  },
};

function scopeOf(name: string | undefined): string | undefined {
  return name?.startsWith('@') && name.includes('/') ? name.slice(0, name.indexOf('/')) : undefined;
}

async function lockfileTextBefore(context: RuleContext, ecosystem: Ecosystem): Promise<string | undefined> {
  const project = context.project;
  if (!project) return undefined;
  const read = project.readBeforeText ?? project.readText;
  const dir = context.path.includes('/') ? context.path.slice(0, context.path.lastIndexOf('/') + 1) : '';
  const texts: string[] = [];
  for (const name of LOCKFILES[ecosystem] ?? []) {
    const text = await read.call(project, dir + name);
    if (text) texts.push(text.toLowerCase());
  }
  return texts.length ? texts.join('\n') : undefined;
}

/** Whether lockfile text names a package, in any of the lockfile spellings (`"node_modules/x"`, `x@^1:`, `name = "x"`). */
function mentions(lockText: string, ecosystem: Ecosystem, name: string): boolean {
  const n = ecosystem === 'pypi' ? canonicalName('pypi', name) : name.toLowerCase();
  const variants = ecosystem === 'pypi' ? [n, n.replace(/-/g, '_')] : [n];
  return variants.some((v) => [`"${v}"`, `/${v}"`, `\n${v}@`, `"${v}@`, ` ${v}@`, `/${v}@`, `'${v}'`, `\n  ${v}@`].some((needle) => lockText.includes(needle)));
}

