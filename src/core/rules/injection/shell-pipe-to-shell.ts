import { defineTreeSitterRule } from '../../analysis/treeSitter/defineRule';
import { bashAdapter } from '../../analysis/treeSitter/languages/bash';

/** curl | sh, wget | bash, bash <(curl …) and sh -c "$(curl …)". */
export const shellPipeToShell = defineTreeSitterRule({
  language: 'shellscript',
  adapter: bashAdapter,
  meta: {
    id: 'injection/shell-pipe-to-shell',
    severity: 'high',
    confidence: 'high',
    cwe: [494, 829],
    keywords: ['curl', 'wget'],
    docs: {
      summary: 'A script downloaded with curl or wget and run at once by a shell or interpreter (curl … | sh, bash <(curl …)).',
      why: 'Whatever the server (or anyone on the path, or whoever took over the domain) sends runs with the script\'s rights, often as root, with no review and no integrity check; a dropped connection can even run half a script.',
      fix: 'Download to a file, check it against a pinned checksum or signature, then run it; better, install a pinned package from a package manager.',
      example: {
        bad: 'curl -fsSL https://get.example.com/install.sh | sudo bash',
        good: 'curl -fsSLo install.sh https://get.example.com/install.sh\necho "3b0c…e1f2  install.sh" | sha256sum -c -\nsudo bash install.sh',
      },
    },
    messages: {
      pipe: 'Output of {{downloader}} is piped straight into {{shell}}: the downloaded code runs unreviewed.',
      substitution: 'A download is run by {{shell}} without being checked first.',
    },
  },
  visit(site, context) {
    if (site.kind !== 'shell-pipe') return;
    const form = site.detail?.form === 'pipe' ? 'pipe' : 'substitution';
    context.report({ messageId: form, data: { downloader: site.detail?.downloader ?? 'curl', shell: site.detail?.shell ?? 'sh' }, start: site.start, end: site.end });
  },
});
