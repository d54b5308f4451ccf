import type { Document, Node as YamlNode, Scalar, YAMLMap } from 'yaml';
import { isMap, isScalar, isSeq } from 'yaml';
import type { RuleContext } from '../types';
import { yamlOf } from './support';

/**
 * The parts of a GitHub Actions workflow (or composite action) the workflow rules read, with source offsets.
 * Built once per file from the YAML document and shared among the rules.
 */
export interface WorkflowModel {
  /** Event names under `on:`. */
  triggers: Set<string>;
  jobs: WorkflowJob[];
  /** Every `permissions:` value node. */
  permissions: YamlNode[];
}

export interface WorkflowJob {
  /** Job-level `uses:` (a reusable workflow), if any. */
  uses?: Scalar;
  steps: WorkflowStep[];
}

export interface WorkflowStep {
  /** Source offsets of the whole step mapping. */
  start: number;
  end: number;
  uses?: Scalar;
  run?: Scalar;
  /** `with:` values by key. */
  with: Map<string, Scalar>;
}

/** Events whose payload (titles, bodies, branch names, fork code) is written by people outside the repository. */
export const UNTRUSTED_TRIGGERS = new Set([
  'pull_request_target', 'issue_comment', 'issues', 'discussion', 'discussion_comment',
  'pull_request_review', 'pull_request_review_comment', 'workflow_run',
]);

export function isWorkflowPath(path: string): boolean {
  return /^\.github\/(?:workflows|actions)\//.test(path) && /\.ya?ml$/i.test(path);
}

export function workflowOf(context: RuleContext): WorkflowModel | undefined {
  return context.shared('files/github-workflow', () => {
    const doc = yamlOf(context);
    return doc ? buildModel(doc) : undefined;
  });
}

function buildModel(doc: Document): WorkflowModel | undefined {
  const root = doc.contents;
  if (!isMap(root)) return undefined;
  const model: WorkflowModel = { triggers: new Set(), jobs: [], permissions: [] };

  const on: unknown = root.get('on', true);
  if (isScalar(on)) {
    model.triggers.add(String(on.value));
  } else if (isSeq(on)) {
    for (const item of on.items) if (isScalar(item)) model.triggers.add(String(item.value));
  } else if (isMap(on)) {
    for (const pair of on.items) if (isScalar(pair.key)) model.triggers.add(String(pair.key.value));
  }

  const permissions = root.get('permissions', true);
  if (permissions) model.permissions.push(permissions as YamlNode);

  const jobs = root.get('jobs', true);
  if (isMap(jobs)) {
    for (const pair of jobs.items) {
      if (!isMap(pair.value)) continue;
      const job = pair.value;
      const jobPermissions = job.get('permissions', true);
      if (jobPermissions) model.permissions.push(jobPermissions as YamlNode);
      model.jobs.push({ uses: scalarAt(job, 'uses'), steps: stepsOf(job.get('steps', true)) });
    }
  }
  // A composite action keeps its steps under runs.steps.
  const runs = root.get('runs', true);
  if (isMap(runs)) model.jobs.push({ steps: stepsOf(runs.get('steps', true)) });
  return model;
}

function stepsOf(node: unknown): WorkflowStep[] {
  if (!isSeq(node)) return [];
  const steps: WorkflowStep[] = [];
  for (const item of node.items) {
    if (!isMap(item) || !item.range) continue;
    const withNode = item.get('with', true);
    const withValues = new Map<string, Scalar>();
    if (isMap(withNode)) {
      for (const pair of withNode.items) if (isScalar(pair.key) && isScalar(pair.value)) withValues.set(String(pair.key.value), pair.value);
    }
    steps.push({ start: item.range[0], end: item.range[1], uses: scalarAt(item, 'uses'), run: scalarAt(item, 'run'), with: withValues });
  }
  return steps;
}

function scalarAt(map: YAMLMap, key: string): Scalar | undefined {
  const node = map.get(key, true);
  return isScalar(node) && node.range ? node : undefined;
}

/** A `${{ … }}` expression found in the source, with offsets of the whole `${{ … }}`. */
export interface Expression {
  start: number;
  end: number;
  body: string;
}

/**
 * Every `${{ … }}` between two source offsets. Found with indexOf, not a regex: the body may hold braces
 * and quotes, and a bounded scan keeps hostile input linear.
 */
export function expressionsIn(text: string, start: number, end: number): Expression[] {
  const found: Expression[] = [];
  let at = text.indexOf('${{', start);
  while (at >= 0 && at < end) {
    const close = text.indexOf('}}', at + 3);
    if (close < 0 || close >= end || close - at > 500) break;
    found.push({ start: at, end: close + 2, body: text.slice(at + 3, close).trim() });
    at = text.indexOf('${{', close + 2);
  }
  return found;
}

/** Fields of an event payload an outside contributor can write: titles, bodies, branch names, commit messages. */
export const ATTACKER_CONTROLLED = /\bgithub\.(?:head_ref\b|event\.(?:issue\.(?:title|body)|pull_request\.(?:title|body|head\.(?:ref|label|repo\.default_branch))|comment\.body|review\.body|review_comment\.body|pages\.[\w*[\]]{0,20}\.page_name|commits\.[\w*[\]]{0,20}\.(?:message|author\.(?:email|name))|head_commit\.(?:message|author\.(?:email|name))|workflow_run\.(?:head_branch|display_title|head_commit\.(?:message|author\.(?:email|name)))|discussion\.(?:title|body)))/;
/** Any event payload field, or the head branch name. */
export const EVENT_DATA = /\bgithub\.(?:event\.|head_ref\b)/;
/** A ref naming the pull request's head: code from the fork. */
export const PR_HEAD_REF = /\bgithub\.(?:event\.pull_request\.head\.(?:sha|ref)|head_ref\b|event\.workflow_run\.head_(?:sha|branch))|refs\/pull\//;

/** The source offsets of a scalar's value (the `|` of a block scalar included). */
export function scalarSpan(node: Scalar): { start: number; end: number } {
  const [start, end] = node.range ?? [0, 0];
  return { start, end };
}

/** True when the step checks out the pull request's head (fork code). */
export function checksOutPrHead(step: WorkflowStep): boolean {
  const action = typeof step.uses?.value === 'string' ? step.uses.value : '';
  if (!/^actions\/checkout@/i.test(action)) return false;
  const ref = step.with.get('ref');
  return ref !== undefined && PR_HEAD_REF.test(String(ref.value));
}
