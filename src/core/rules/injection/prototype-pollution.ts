import { defineJsRule, jsMessages } from './defineJsRule';

/** Writes through keys from request data, and deep merges of request bodies. */
export const prototypePollution = defineJsRule({
  id: 'injection/prototype-pollution',
  severity: 'high',
  confidence: 'high',
  cwe: [1321],
  keywords: ['[', 'merge', 'extend', 'defaultsdeep', 'set'],
  docs: {
    summary: 'An assignment through computed keys from request data, or a deep merge of a request body',
    why: 'A key of `__proto__` or `constructor.prototype` writes to Object.prototype, so every object in the process gains the attacker\'s property: checks like `if (user.isAdmin)` pass, and some template engines turn it into code execution.',
    fix: 'Reject `__proto__`, `constructor` and `prototype` keys, use `Object.create(null)` or a Map for dictionaries, and merge only the fields you expect.',
    example: {
      bad: 'settings[req.body.section][req.body.key] = req.body.value;',
      good: "if (!['display', 'privacy'].includes(req.body.section)) return res.sendStatus(400);\nsettings[req.body.section].set(req.body.key, req.body.value);",
    },
  },
  messages: {
    ...jsMessages('a property write through computed keys'),
    taintedMerge: '{{source}} is deep-merged by {{sink}}',
  },
});
