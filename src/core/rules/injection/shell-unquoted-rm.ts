import { defineTreeSitterRule } from '../../analysis/treeSitter/defineRule';
import { bashAdapter } from '../../analysis/treeSitter/languages/bash';

const EXPANSION = /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))/g;

/** rm -rf with an unquoted variable: an empty or space-containing value deletes the wrong tree. */
export const shellUnquotedRm = defineTreeSitterRule({
  language: 'shellscript',
  adapter: bashAdapter,
  patterns: [EXPANSION],
  meta: {
    id: 'injection/shell-unquoted-rm',
    severity: 'medium',
    confidence: 'medium',
    cwe: [78, 73],
    keywords: ['rm '],
    docs: {
      summary: 'rm -rf with an unquoted $VARIABLE, ${VARIABLE} or $(command) in a path.',
      why: 'Unquoted, an empty value turns `rm -rf $DIR/` into `rm -rf /`, and a value with spaces or * splits into several paths: one unset variable wipes the machine or the home folder.',
      fix: 'Quote every expansion and make empty values fail: rm -rf -- "${BUILD_DIR:?}/dist".',
      example: {
        bad: 'rm -rf $BUILD_DIR/dist',
        good: 'rm -rf -- "${BUILD_DIR:?}/dist"',
      },
    },
    messages: {
      unquoted: 'rm -rf with the unquoted expansion {{word}}: an empty or split value deletes the wrong files.',
      tainted: 'rm -rf with the unquoted script argument in {{word}}: the caller chooses what is deleted.',
    },
  },
  visit(site, context) {
    if (site.kind !== 'shell-rm') return;
    for (const word of site.operands) {
      // A variable holding a literal path is safe; the output of a command is not, even a fixed one.
      if (word.constant && !word.text.includes('$(') && !word.text.includes('`')) continue;
      // "${NAME:?}" fails on an empty value; quoting stops word splitting and globbing.
      const guarded = word.text.replace(EXPANSION, (_whole, braced: string | undefined, plain: string | undefined) => `\${${braced ?? plain}:?}`);
      context.report({
        messageId: word.taint ? 'tainted' : 'unquoted',
        data: { word: word.text },
        start: word.start,
        end: word.end,
        severity: word.taint ? 'high' : 'medium',
        fix: { title: 'Quote the path and fail on an empty variable', edits: [{ start: word.start, end: word.end, text: `"${guarded}"` }] },
      });
    }
  },
});
