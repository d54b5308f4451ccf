import { shellPipeToShell } from '../../../../src/core/rules/injection/shell-pipe-to-shell';
import { ruleTable } from '../../../helpers/treeSitterRuleCases';

ruleTable(shellPipeToShell, 'injection/shell-pipe-to-shell', 'scripts/bootstrap.sh', {
  invalid: [
    { name: 'curl | sh', code: '#!/bin/sh\ncurl -fsSL https://get.example.com | sh\n', severity: 'high', message: /curl.*sh/ },
    { name: 'wget | sudo bash', code: '#!/bin/bash\nwget -qO- https://example.com/install.sh | sudo -E bash -\n', message: /wget.*bash/ },
    { name: 'curl | tee | bash', code: '#!/bin/bash\ncurl -s https://example.com/i.sh | tee /tmp/i.sh | bash\n' },
    { name: 'bash <(curl …)', code: '#!/bin/bash\nbash <(curl -s https://example.com/i.sh)\n' },
    { name: 'sh -c "$(curl …)"', code: '#!/bin/bash\nsh -c "$(curl -fsSL https://example.com/i.sh)"\n' },
    { name: 'curl | python3', code: '#!/bin/bash\ncurl -sSL https://install.python-poetry.org | python3 -\n' },
  ],
  valid: [
    { name: 'download then verify', code: '#!/bin/bash\ncurl -fsSLo install.sh https://example.com/install.sh\nsha256sum -c install.sh.sha256\nbash install.sh\n' },
    { name: 'curl | jq', code: '#!/bin/bash\ncurl -s https://api.example.com/v1/status | jq .state\n' },
    { name: 'cat | sh of a local file', code: '#!/bin/bash\ncat ./setup.sh | sh\n' },
  ],
});
