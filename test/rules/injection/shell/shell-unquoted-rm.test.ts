import { shellUnquotedRm } from '../../../../src/core/rules/injection/shell-unquoted-rm';
import { ruleTable } from '../../../helpers/treeSitterRuleCases';

ruleTable(shellUnquotedRm, 'injection/shell-unquoted-rm', 'scripts/clean.sh', {
  invalid: [
    { name: 'rm -rf $DIR/sub, with the fix', code: '#!/bin/bash\nrm -rf $BUILD_DIR/dist\n', severity: 'medium', fixed: '#!/bin/bash\nrm -rf "${BUILD_DIR:?}/dist"\n' },
    { name: 'rm -fr ${VAR}', code: '#!/bin/bash\nrm -fr ${TMPDIR}\n', fixed: '#!/bin/bash\nrm -fr "${TMPDIR:?}"\n' },
    { name: 'rm -r -f with a script argument', code: '#!/bin/bash\nrm -r -f -- $1\n', severity: 'high' },
    { name: 'rm --recursive --force with a command substitution', code: '#!/bin/bash\nrm --recursive --force $(cat dirs.txt)\n' },
    { name: 'two unquoted paths', code: '#!/bin/bash\nrm -rf $A $B/cache\n', count: 2 },
  ],
  valid: [
    { name: 'a quoted guarded path', code: '#!/bin/bash\nrm -rf -- "${BUILD_DIR:?}/dist"\n' },
    { name: 'a quoted variable', code: '#!/bin/bash\nrm -rf "$BUILD_DIR"\n' },
    { name: 'rm without -r', code: '#!/bin/bash\nrm -f $LOCKFILE\n' },
    { name: 'a literal path', code: '#!/bin/bash\nrm -rf ./dist node_modules/.cache\n' },
    { name: 'a variable assigned a literal', code: '#!/bin/bash\nOUT=/tmp/build-output\nrm -rf $OUT\n' },
  ],
});
