import type * as TreeSitter from '@vscode/tree-sitter-wasm';
import type { LanguageAdapter } from '../analyze';
import type { Site, Value } from '../model';
import { CONSTANT, Scopes, UNKNOWN, combine } from '../model';
import type { Node } from '../nodes';
import { MAX_EVAL_DEPTH, namedChildren, operand } from '../nodes';

const DOWNLOADERS = new Set(['curl', 'wget', 'fetch']);
const SHELLS = new Set(['sh', 'bash', 'zsh', 'ksh', 'dash', 'fish', 'python', 'python3', 'perl', 'ruby', 'node']);
/** Wrappers that run their first non-option argument as the command. */
const WRAPPERS = new Set(['sudo', 'env', 'exec', 'command', 'nohup', 'time']);
/** Script arguments: whoever calls the script chooses them. */
const POSITIONAL = new Set(['1', '2', '3', '4', '5', '6', '7', '8', '9', '@', '*']);

const QUERY = `
(function_definition) @function
(variable_assignment) @assign
(command) @command
(pipeline) @pipeline
`;

class BashExtractor {
  readonly sites: Site[] = [];
  private readonly scopes = new Scopes();

  constructor(private readonly text: string) {}

  handle(name: string, node: Node): void {
    this.scopes.leaveBefore(node.startIndex);
    switch (name) {
      case 'function': this.scopes.enter(node.endIndex); return;
      case 'assign': {
        const target = node.childForFieldName('name');
        const value = node.childForFieldName('value');
        if (target) this.scopes.set(target.text, () => this.evaluate(value, 0));
        return;
      }
      case 'command': return this.command(node);
      case 'pipeline': return this.pipeline(node);
    }
  }

  private command(node: Node): void {
    const words = this.words(node);
    if (words.length === 0) return;
    const name = words[0].text;
    const args = words.slice(1);
    if (name === 'eval') {
      const operands = args.map((a) => operand(a, this.evaluate(a, 0), this.text));
      this.sites.push({ kind: 'shell-eval', start: node.startIndex, end: node.endIndex, operands });
      return;
    }
    if (name === 'rm') {
      const flags = args.filter((a) => a.type === 'word' && a.text.startsWith('-')).map((a) => a.text);
      const recursive = flags.some((f) => f === '--recursive' || (SHORT_FLAGS.test(f) && RECURSIVE_FLAG.test(f)));
      const force = flags.some((f) => f === '--force' || (SHORT_FLAGS.test(f) && f.includes('f')));
      if (!recursive || !force) return;
      const unquoted = args.filter((a) => isUnquotedExpansion(a));
      if (unquoted.length) this.sites.push({ kind: 'shell-rm', start: node.startIndex, end: node.endIndex, operands: unquoted.map((a) => operand(a, this.evaluate(a, 0), this.text)) });
      return;
    }
    // bash <(curl …) and sh -c "$(curl …)" run a download as well as a pipe does.
    if (SHELLS.has(baseName(name)) && args.some((a) => this.downloads(a))) {
      this.sites.push({ kind: 'shell-pipe', start: node.startIndex, end: node.endIndex, operands: [], detail: { shell: baseName(name), form: 'substitution' } });
    }
  }

  private pipeline(node: Node): void {
    const commands = namedChildren(node).filter((c) => c.type === 'command');
    let downloader: string | undefined;
    for (const command of commands) {
      const words = this.words(command);
      if (words.length === 0) continue;
      const program = this.program(words);
      if (DOWNLOADERS.has(program)) downloader = program;
      else if (downloader && SHELLS.has(program)) {
        this.sites.push({ kind: 'shell-pipe', start: node.startIndex, end: node.endIndex, operands: [], detail: { downloader, shell: program, form: 'pipe' } });
        return;
      }
    }
  }

  /** The program a command runs, looking through sudo/env wrappers and their options. */
  private program(words: Node[]): string {
    let i = 0;
    while (i < words.length && (WRAPPERS.has(words[i].text) || words[i].text.startsWith('-') || words[i].text.includes('='))) i++;
    return baseName(words[Math.min(i, words.length - 1)].text);
  }

  private words(command: Node): Node[] {
    const out: Node[] = [];
    const name = command.childForFieldName('name');
    if (name) out.push(name);
    for (const arg of command.childrenForFieldName('argument')) if (arg) out.push(arg);
    return out;
  }

  private downloads(node: Node): boolean {
    if (node.type !== 'process_substitution' && node.type !== 'string' && node.type !== 'command_substitution') return false;
    const text = this.text.slice(node.startIndex, Math.min(node.endIndex, node.startIndex + 200));
    return text.includes('curl ') || text.includes('wget ');
  }

  evaluate(node: Node | null, depth: number): Value {
    if (!node || depth > MAX_EVAL_DEPTH) return UNKNOWN;
    const next = depth + 1;
    switch (node.type) {
      case 'word': case 'raw_string': case 'ansi_c_string': case 'number': case 'string_content':
        return CONSTANT;
      case 'command_name':
        return this.evaluate(node.namedChild(0), next);
      case 'string': case 'concatenation': case 'arithmetic_expansion': {
        const raw = this.text.slice(node.startIndex, node.endIndex);
        if (!raw.includes('$') && !raw.includes('`')) return CONSTANT;
        return combine(namedChildren(node).map((c) => this.evaluate(c, next)), 'interpolation');
      }
      case 'simple_expansion': case 'expansion': {
        const variable = namedChildren(node).find((c) => c.type === 'variable_name' || c.type === 'special_variable_name');
        if (!variable) return UNKNOWN;
        if (POSITIONAL.has(variable.text)) return { constant: false, taint: { label: `script argument $${variable.text}`, start: node.startIndex, end: node.endIndex } };
        return this.scopes.get(variable.text) ?? UNKNOWN;
      }
      case 'command_substitution': {
        // $(ssh-agent -s) runs a fixed command: its output is as trusted as the command.
        const commands = namedChildren(node);
        const fixed = commands.every((c) => c.type === 'command' && this.words(c).every((w) => this.evaluate(w, next).constant));
        return fixed ? CONSTANT : UNKNOWN;
      }
      default:
        return UNKNOWN;
    }
  }
}

function isUnquotedExpansion(node: Node): boolean {
  if (node.type === 'simple_expansion' || node.type === 'expansion' || node.type === 'command_substitution') return true;
  if (node.type === 'concatenation') return namedChildren(node).some((c) => c.type === 'simple_expansion' || c.type === 'expansion' || c.type === 'command_substitution');
  return false;
}

function baseName(program: string): string {
  return program.slice(program.lastIndexOf('/') + 1);
}

const SHORT_FLAGS = /^-[a-zA-Z]+$/;
const RECURSIVE_FLAG = /[rR]/;

export const bashAdapter: LanguageAdapter = {
  grammar: 'bash',
  query: QUERY,
  patterns: [SHORT_FLAGS, RECURSIVE_FLAG],
  extract(captures: readonly TreeSitter.QueryCapture[], text: string, timedOut: () => boolean) {
    const extractor = new BashExtractor(text);
    for (let i = 0; i < captures.length; i++) {
      if ((i & 255) === 0 && timedOut()) break;
      extractor.handle(captures[i].name, captures[i].node);
    }
    return { sites: extractor.sites, aliases: new Map<string, string>() };
  },
};
