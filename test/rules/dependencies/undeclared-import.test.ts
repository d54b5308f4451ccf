import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { jsImports, packageOfSpecifier, pythonImports } from '../../../src/core/deps/imports';
import { diffFindings, memoryProject, scanFindings } from './helpers';

const id = 'dependencies/undeclared-import';

describe('dependencies/undeclared-import', () => {
  const project = memoryProject({
    'package.json': JSON.stringify({ name: '@acme/root', workspaces: ['packages/*'], devDependencies: { typescript: '5.9.3' } }),
    'packages/web/package.json': JSON.stringify({ name: '@acme/web', dependencies: { react: '^18', lodash: '^4' }, devDependencies: { '@types/node': '^20', '@types/babel__core': '^7' } }),
    'packages/web/tsconfig.json': '{ // paths\n "compilerOptions": { "paths": { "@/*": ["src/*"], "~config": ["config.ts"] } } }',
    'pyproject.toml': '[project]\nname = "demo-app"\ndependencies = ["requests", "PyYAML", "scikit-learn", "google-cloud-storage"]\n',
    'packages/ui-kit/package.json': JSON.stringify({ name: 'ui-kit' }),
    'app/helpers.py': '',
    'app/utils/__init__.py': '',
  });

  // @babel/core (line 9) counts as declared through @types/babel__core: type-only imports are common;
  // ui-kit (line 12) is a workspace package found through the root's `workspaces: ["packages/*"]`.
  it('reports JS/TS imports no package.json declares, on the import', async () => {
    const text = "import React from 'react';\nimport fs from 'node:fs';\nimport path from 'path';\nimport _ from 'lodash/fp';\nimport x from './x';\nimport y from '@/lib/y';\nimport cfg from '~config';\nimport ts from 'typescript';\nimport core from '@babel/core';\nimport shared from '@acme/shared';\nimport axios from 'axios';\nimport kit from 'ui-kit';\nconst leftPad = require('left-pad');\nexport * from 'chalk';\nconst lazy = await import('zod');\n// import nope from 'in-a-comment';\nconst s = \"require('in-a-string')\";\n";
    const findings = await scanFindings('packages/web/src/app.ts', text, { ruleId: id, project });
    assert.deepEqual(findings.map((f) => [f.range.startLine, f.message]), [
      [11, 'Import of axios, which packages/web/package.json does not declare'],
      [13, 'Import of left-pad, which packages/web/package.json does not declare'],
      [14, 'Import of chalk, which packages/web/package.json does not declare'],
      [15, 'Import of zod, which packages/web/package.json does not declare'],
    ]);
    assert.equal(findings[0].severity, 'medium');
  });

  it('reports Python imports no manifest declares, mapping import names to distributions', async () => {
    const text = 'import os, sys\nimport requests\nimport yaml\nfrom sklearn import svm\nfrom google.cloud import storage\nimport helpers\nfrom utils import x\nfrom . import sibling\nimport cv2\nfrom bs4 import BeautifulSoup\nimport numpy as np\n"""\nimport inside_docstring\n"""\n';
    const findings = await scanFindings('app/main.py', text, { ruleId: id, project });
    assert.deepEqual(findings.map((f) => [f.range.startLine, f.message]), [
      [9, 'Import of cv2: no manifest declares opencv-python (the distribution that provides cv2)'],
      [10, 'Import of bs4: no manifest declares beautifulsoup4 (the distribution that provides bs4)'],
      [11, 'Import of numpy: no manifest declares numpy'],
    ]);
  });

  it('in diff mode reports only imports on added lines', async () => {
    const before = 'import axios from "axios";\n';
    const after = 'import axios from "axios";\nimport got from "got";\n';
    const findings = await diffFindings('packages/web/src/a.ts', before, after, { ruleId: id, project });
    assert.deepEqual(findings.map((f) => f.range.startLine), [2]);
  });

  it('stays silent without project access or without any manifest', async () => {
    assert.deepEqual(await scanFindings('src/a.ts', "import axios from 'axios';\n", { ruleId: id }), []);
    assert.deepEqual(await scanFindings('src/a.py', 'import numpy\n', { ruleId: id, project: memoryProject({}) }), []);
  });

  it('extracts specifiers', () => {
    assert.equal(packageOfSpecifier('@scope/name/sub/path'), '@scope/name');
    assert.equal(packageOfSpecifier('name/sub'), 'name');
    for (const s of ['./x', '/abs', '#internal', 'node:fs', 'https://x.example/m.js', '']) assert.equal(packageOfSpecifier(s), undefined);
    assert.deepEqual(jsImports('import { a } from "b"; export { c } from "d"; import e = require("f");', 'typescript').map((i) => i.specifier), ['b', 'd', 'f']);
    assert.deepEqual(jsImports('this is not ( valid', 'typescript'), []);
    assert.deepEqual(pythonImports('import a.b as c, d\nfrom e.f import (g,\n  h)\nx = 1; import i\n# import j\n').map((i) => i.specifier), ['a.b', 'd', 'e.f', 'i']);
  });
});
