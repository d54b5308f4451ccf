import { defineJsRule, jsMessages } from './defineJsRule';

/** File paths taken from request data: fs.*, res.sendFile, res.download. */
export const pathTraversal = defineJsRule({
  id: 'injection/path-traversal',
  severity: 'high',
  confidence: 'high',
  cwe: [22],
  keywords: ['fs', 'sendfile', 'download', 'readfile', 'createreadstream', 'writefile', 'unlink'],
  docs: {
    summary: 'A file path from request data used by fs, res.sendFile or res.download without a containment check',
    why: '`../` segments (or an absolute path) walk out of the intended folder: `?file=../../.env` returns your secrets, and a write or delete can replace code.',
    fix: 'Resolve the path against the base folder and check it stays inside: `const p = path.resolve(base, name); if (!p.startsWith(base + path.sep)) return res.sendStatus(400);`, or use `path.basename(name)`, or `res.sendFile(name, { root: base })`.',
    example: {
      bad: "res.sendFile(path.join(__dirname, 'uploads', req.params.name));",
      good: "res.sendFile(req.params.name, { root: path.join(__dirname, 'uploads') });",
    },
  },
  messages: jsMessages('a file path'),
});
