import { defineJsRule, jsMessages } from './defineJsRule';

/** Strings run as code: eval, new Function, setTimeout with a string, vm, require() and import() of non-literals. */
export const codeInjection = defineJsRule({
  id: 'injection/code-injection',
  severity: 'critical',
  confidence: 'high',
  cwe: [94, 95],
  keywords: ['eval', 'function', 'settimeout', 'setinterval', 'setimmediate', 'vm', 'require', 'import'],
  docs: {
    summary: 'A non-literal string run as code (eval, new Function, setTimeout with a string, vm) or a non-literal module path',
    why: 'Code built from data runs with every privilege of the process: reading secrets, spawning shells, changing files. A module path taken from input loads whatever file the attacker names.',
    fix: 'Parse data instead of evaluating it (`JSON.parse`), pass functions to setTimeout, and map names to modules with an allow-list object instead of `require(name)`.',
    example: {
      bad: "const result = eval('(' + req.body.expression + ')');",
      good: "const result = JSON.parse(req.body.expression);",
    },
  },
  messages: {
    ...jsMessages('code that is run'),
    taintedModule: '{{source}} chooses the module that is loaded ({{sink}})',
    unknownModule: 'The module loaded by {{sink}} is chosen by {{what}}, a non-literal of unknown origin',
  },
});
