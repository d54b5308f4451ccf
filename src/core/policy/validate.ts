import type { Node, ParseError } from 'jsonc-parser';
import { findNodeAtLocation, getNodeValue, parseTree, printParseErrorCode } from 'jsonc-parser';
import { CATEGORIES, SEVERITIES } from '../model/finding';
import { foldAgentName } from './agentName';
import { compileGlob, GlobError } from './glob';
import type { PolicyFile } from './policy';

/** One problem in a policy file: where (JSON pointer and line:column) and what. */
export interface PolicyProblem {
  /** JSON pointer to the value, e.g. "/autoApprove/paths/1"; "" for the whole file. */
  pointer: string;
  /** 1-based line and column in the file, when known. */
  line?: number;
  column?: number;
  message: string;
}

/** The result of reading a policy file: the policy when valid, and every problem found. */
export interface PolicyParseResult {
  policy?: PolicyFile;
  problems: PolicyProblem[];
}

type Path = (string | number)[];

const CHANNELS = ['api', 'tool', 'hook', 'guard'];
const RULE_ID = /^[A-Za-z0-9._-]{1,64}$/;
const ACTIONS = ['allow', 'ask', 'deny'];

/** Formats a problem for a person: "policy.json:12:5 /autoApprove/paths/1: …". */
export function formatProblem(source: string, problem: PolicyProblem): string {
  const where = problem.line ? `${source}:${problem.line}:${problem.column}` : source;
  return `${where} ${problem.pointer || '/'}: ${problem.message}`;
}

/**
 * Parses and validates a policy file (JSON with comments allowed). Unknown keys, wrong types, invalid
 * globs, an empty agent name and contradictory rules are problems; any problem means `policy` is
 * undefined, and the caller must fall back to the strict defaults and say so (see loadPolicy).
 */
export function parsePolicy(text: string): PolicyParseResult {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  const lineCol = (offset: number) => {
    const before = text.slice(0, offset);
    const line = before.split('\n').length;
    return { line, column: offset - before.lastIndexOf('\n') };
  };
  if (errors.length > 0 || !root) {
    const first = errors[0];
    return { problems: [{ pointer: '', ...(first ? lineCol(first.offset) : {}), message: first ? `not valid JSON: ${printParseErrorCode(first.error)}` : 'the file is empty' }] };
  }
  const problems: PolicyProblem[] = [];
  const report = (path: Path, message: string) => {
    const node = findNodeAtLocation(root, path);
    const pointer = path.map((p) => `/${String(p).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
    problems.push({ pointer, ...(node ? lineCol(node.offset) : {}), message });
  };
  const value: unknown = getNodeValue(root as Node);
  validatePolicy(value, report);
  return problems.length ? { problems } : { policy: value as PolicyFile, problems };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}

function checkKeys(value: Record<string, unknown>, allowed: string[], path: Path, report: (p: Path, m: string) => void): void {
  for (const key of Object.keys(value)) if (!allowed.includes(key)) report([...path, key], `unknown key '${key}' (allowed: ${allowed.join(', ')})`);
}

function checkGlobs(value: unknown, path: Path, report: (p: Path, m: string) => void): void {
  if (!Array.isArray(value)) return report(path, 'must be an array of glob strings');
  value.forEach((pattern, i) => {
    if (typeof pattern !== 'string') return report([...path, i], 'must be a string');
    try {
      compileGlob(pattern);
    } catch (error) {
      report([...path, i], error instanceof GlobError ? `invalid glob ${JSON.stringify(pattern)}: ${error.message}` : String(error));
    }
  });
}

function checkEnum(value: unknown, allowed: readonly string[], path: Path, report: (p: Path, m: string) => void): void {
  if (typeof value !== 'string' || !allowed.includes(value)) report(path, `must be one of ${allowed.join(', ')}`);
}

function validatePolicy(value: unknown, report: (p: Path, m: string) => void): void {
  if (!isObject(value)) return report([], 'the policy must be a JSON object');
  checkKeys(value, ['$schema', 'version', 'autoApprove', 'confirmSeverity', 'sensitivePaths', 'limits', 'agents', 'defaults'], [], report);
  if (value.defaults !== undefined && typeof value.defaults !== 'boolean') report(['defaults'], 'must be true or false');
  if (value.$schema !== undefined && typeof value.$schema !== 'string') report(['$schema'], 'must be a string');
  if (value.version !== undefined && value.version !== 1) report(['version'], 'must be 1');
  if (value.autoApprove !== undefined) {
    const auto = value.autoApprove;
    if (!isObject(auto)) report(['autoApprove'], 'must be an object');
    else {
      checkKeys(auto, ['enabled', 'paths'], ['autoApprove'], report);
      if (auto.enabled !== undefined && typeof auto.enabled !== 'boolean') report(['autoApprove', 'enabled'], 'must be true or false');
      if (auto.paths !== undefined) checkGlobs(auto.paths, ['autoApprove', 'paths'], report);
    }
  }
  if (value.confirmSeverity !== undefined) checkEnum(value.confirmSeverity, SEVERITIES, ['confirmSeverity'], report);
  if (value.sensitivePaths !== undefined) checkGlobs(value.sensitivePaths, ['sensitivePaths'], report);
  if (value.limits !== undefined) {
    const limits = value.limits;
    if (!isObject(limits)) report(['limits'], 'must be an object');
    else {
      checkKeys(limits, ['maxFiles', 'maxFileBytes'], ['limits'], report);
      for (const key of ['maxFiles', 'maxFileBytes'] as const) {
        const n = limits[key];
        if (n !== undefined && (typeof n !== 'number' || !Number.isInteger(n) || n < 1)) report(['limits', key], 'must be a positive integer');
      }
    }
  }
  if (value.agents !== undefined) {
    if (!Array.isArray(value.agents)) return report(['agents'], 'must be an array');
    value.agents.forEach((agent, i) => {
      const at: Path = ['agents', i];
      if (!isObject(agent)) return report(at, 'must be an object');
      checkKeys(agent, ['agent', 'channel', 'rules'], at, report);
      if (typeof agent.agent !== 'string' || foldAgentName(agent.agent) === '') report([...at, 'agent'], 'must be a non-empty agent name, or "*" for any agent');
      if (agent.channel !== undefined) checkEnum(agent.channel, CHANNELS, [...at, 'channel'], report);
      if (!Array.isArray(agent.rules) || agent.rules.length === 0) return report([...at, 'rules'], 'must be a non-empty array');
      const rules: unknown[] = agent.rules;
      const unconditional = new Map<string, number>();
      rules.forEach((rule, j) => {
        const ruleAt: Path = [...at, 'rules', j];
        if (!isObject(rule)) return report(ruleAt, 'must be an object');
        checkKeys(rule, ['action', 'id', 'paths', 'categories', 'minSeverity', 'reason'], ruleAt, report);
        if (rule.id !== undefined && (typeof rule.id !== 'string' || !RULE_ID.test(rule.id))) report([...ruleAt, 'id'], 'must be 1 to 64 letters, digits, dots, dashes or underscores');
        checkEnum(rule.action, ACTIONS, [...ruleAt, 'action'], report);
        if (rule.paths !== undefined) checkGlobs(rule.paths, [...ruleAt, 'paths'], report);
        if (rule.categories !== undefined) {
          if (!Array.isArray(rule.categories)) report([...ruleAt, 'categories'], 'must be an array');
          else rule.categories.forEach((c, k) => checkEnum(c, CATEGORIES, [...ruleAt, 'categories', k], report));
        }
        if (rule.minSeverity !== undefined) checkEnum(rule.minSeverity, SEVERITIES, [...ruleAt, 'minSeverity'], report);
        if (rule.reason !== undefined && typeof rule.reason !== 'string') report([...ruleAt, 'reason'], 'must be a string');
        // Two rules with the same conditions and different actions contradict each other.
        const key = JSON.stringify([rule.paths ?? null, rule.categories ?? null, rule.minSeverity ?? null]);
        const earlier = unconditional.get(key);
        const earlierRule = earlier === undefined ? undefined : rules[earlier];
        if (isObject(earlierRule) && earlierRule.action !== rule.action) {
          report(ruleAt, `contradicts rule ${earlier}: same conditions, different action`);
        }
        unconditional.set(key, j);
      });
    });
    checkCrossContradictions(value.agents, report);
  }
}

/**
 * Entries for the same agent (names folded) and road may not allow and deny the same glob under the same
 * finding conditions: deny would win, but the file says two things, and the person should pick one.
 */
function checkCrossContradictions(agents: unknown[], report: (p: Path, m: string) => void): void {
  const seen = new Map<string, { at: Path; action: string }>();
  agents.forEach((agent, i) => {
    if (!isObject(agent) || typeof agent.agent !== 'string' || !Array.isArray(agent.rules)) return;
    const who = `${foldAgentName(agent.agent)}|${typeof agent.channel === 'string' ? agent.channel : '*'}`;
    agent.rules.forEach((rule: unknown, j: number) => {
      if (!isObject(rule) || (rule.action !== 'allow' && rule.action !== 'deny')) return;
      const conditions = JSON.stringify([rule.categories ?? null, rule.minSeverity ?? null]);
      const globs = Array.isArray(rule.paths) ? rule.paths.filter((g): g is string => typeof g === 'string') : ['(every path)'];
      for (const glob of globs) {
        const key = `${who}|${conditions}|${glob}`;
        const earlier = seen.get(key);
        if (earlier && earlier.action !== rule.action && earlier.at[1] !== i) {
          report(['agents', i, 'rules', j], `contradicts /agents/${earlier.at[1]}/rules/${earlier.at[3]}: one allows and the other denies ${JSON.stringify(glob)} for agent ${JSON.stringify(agent.agent)}${typeof agent.channel === 'string' ? ` on the ${agent.channel} road` : ''}`);
        }
        if (!earlier) seen.set(key, { at: ['agents', i, 'rules', j], action: rule.action });
      }
    });
  });
}
