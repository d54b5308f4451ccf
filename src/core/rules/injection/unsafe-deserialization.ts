import { defineJsRule, jsMessages } from './defineJsRule';

/** Deserializers that can run code: node-serialize, js-yaml with an unsafe schema, funcster, cryo. */
export const unsafeDeserialization = defineJsRule({
  id: 'injection/unsafe-deserialization',
  severity: 'critical',
  confidence: 'high',
  cwe: [502],
  keywords: ['unserialize', 'deserialize', 'js-yaml', 'cryo', 'funcster', 'yaml'],
  docs: {
    summary: 'Data decoded with a deserializer that can create functions (node-serialize, js-yaml with a full schema)',
    why: 'node-serialize revives `_$$ND_FUNC$$_` strings as functions and runs immediately invoked ones; js-yaml\'s JS types build functions from YAML. A crafted payload runs code on the server.',
    fix: 'Use JSON.parse for data, and js-yaml `load` with its default (safe) schema.',
    example: {
      bad: "const prefs = serialize.unserialize(Buffer.from(req.cookies.prefs, 'base64').toString());",
      good: "const prefs = JSON.parse(Buffer.from(req.cookies.prefs, 'base64').toString());",
    },
  },
  messages: jsMessages('a deserializer that can run code'),
});
