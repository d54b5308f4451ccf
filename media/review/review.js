// @ts-check
// The review panel. Everything an agent supplied (paths, code, messages, comments) reaches the page only
// through textContent or setAttribute on a fixed list of safe attributes: never as HTML.

/** @typedef {import('../../src/extension/review/protocol').ViewChangeSet} ViewChangeSet */
/** @typedef {import('../../src/extension/review/protocol').ViewFile} ViewFile */
/** @typedef {import('../../src/extension/review/protocol').ViewHunk} ViewHunk */
/** @typedef {import('../../src/extension/review/protocol').ViewFinding} ViewFinding */
/** @typedef {import('../../src/extension/review/protocol').HostToView} HostToView */
/** @typedef {import('../../src/extension/review/protocol').ViewToHost} ViewToHost */
/** @typedef {import('../../src/extension/review/protocol').ViewLockdown} ViewLockdown */

(function () {
  const vscode = acquireVsCodeApi();
  const app = /** @type {HTMLElement} */ (document.getElementById('app'));
  const announcer = /** @type {HTMLElement} */ (document.getElementById('announcer'));

  /** Lines a hunk renders at once before it is scrolled into view; the rest wait for the observer. */
  const EAGER_LINES = 400;
  const LINE_HEIGHT_PX = 18;

  /** @type {{ openDetails: string[], comments: Record<string, string> }} */
  const saved = vscode.getState() || { openDetails: [], comments: {} };
  const openDetails = new Set(saved.openDetails);
  /** @type {Map<string, { json: string, element: HTMLElement }>} */
  const rendered = new Map();

  const SAFE_ATTRIBUTES = new Set(['role', 'tabindex', 'title', 'type', 'placeholder', 'id', 'for', 'disabled']);

  /** The lockdown as the host last sent it; while locked, every Approve button is disabled (Reject stays). */
  /** @type {ViewLockdown} */
  let lockdown = { locked: false };
  const LOCKED_TITLE = 'Approving is off during a lockdown. Release the lockdown first; rejecting still works.';

  /**
   * Creates an element. Strings become text nodes; attributes are limited to a safe list plus aria-* and
   * data-*, so no event handler or URL attribute can ever be set from agent text.
   * @param {string} tag
   * @param {Record<string, string | number | boolean | undefined>} [attributes]
   * @param {...(Node | string | undefined | false)} children
   * @returns {HTMLElement}
   */
  function h(tag, attributes = {}, ...children) {
    const element = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) {
      if (value === undefined || value === false) continue;
      if (name === 'class') element.className = String(value);
      else if (SAFE_ATTRIBUTES.has(name) || name.startsWith('aria-') || name.startsWith('data-')) element.setAttribute(name, String(value));
      else throw new Error(`attribute not allowed: ${name}`);
    }
    for (const child of children) {
      if (child === undefined || child === false) continue;
      element.append(typeof child === 'string' ? document.createTextNode(child) : child);
    }
    return element;
  }

  /** @param {string} name */
  function icon(name) {
    return h('span', { class: `codicon codicon-${name}`, 'aria-hidden': 'true' });
  }

  /**
   * @param {string} label
   * @param {string} iconName
   * @param {() => void} onClick
   * @param {{ kind?: string, title?: string, key?: string, disabled?: boolean }} [options]
   */
  function button(label, iconName, onClick, options = {}) {
    const element = h('button', { type: 'button', class: `btn ${options.kind || ''}`, title: options.title, 'aria-keyshortcuts': options.key, disabled: options.disabled }, icon(iconName), h('span', {}, label));
    element.addEventListener('click', (event) => {
      event.stopPropagation();
      onClick();
    });
    return element;
  }

  /** @param {ViewToHost} message */
  function send(message) {
    vscode.postMessage(message);
  }

  function persist() {
    vscode.setState({ openDetails: [...openDetails], comments: saved.comments });
  }

  /** @param {string} text */
  function announce(text) {
    announcer.textContent = text;
  }

  const SEVERITY_ICON = { critical: 'error', high: 'error', medium: 'warning', low: 'info', none: 'pass' };

  /**
   * An Approve button: disabled, saying why, while Agent Guard is locked down.
   * @param {string} label
   * @param {string} iconName
   * @param {() => void} onClick
   * @param {{ title?: string, key?: string }} [options]
   */
  function approveButton(label, iconName, onClick, options = {}) {
    return button(label, iconName, onClick, { ...options, kind: 'approve', disabled: lockdown.locked, title: lockdown.locked ? LOCKED_TITLE : options.title });
  }

  /** @param {string} risk */
  function riskBadge(risk) {
    return h('span', { class: `risk risk-${risk}`, title: `risk: ${risk}` }, icon(SEVERITY_ICON[/** @type {keyof typeof SEVERITY_ICON} */ (risk)] || 'info'), risk.toUpperCase());
  }

  /** @param {string} changeSetId */
  function commentOf(changeSetId) {
    return (saved.comments[changeSetId] || '').trim() || undefined;
  }

  /**
   * @param {ViewFinding} finding
   * @param {string} key
   */
  function renderFinding(finding, key) {
    const details = /** @type {HTMLDetailsElement} */ (h('details', { class: 'finding-details', 'data-key': key }));
    if (openDetails.has(key)) details.setAttribute('open', '');
    details.addEventListener('toggle', () => {
      if (details.open) openDetails.add(key);
      else openDetails.delete(key);
      persist();
    });
    const cweButtons = finding.cwe.map((cwe) => {
      const link = h('button', { type: 'button', class: 'link', title: `Open CWE-${cwe} in your browser` }, `CWE-${cwe}`);
      link.addEventListener('click', () => send({ type: 'openCwe', cwe }));
      return link;
    });
    details.append(
      h('summary', {}, 'Why it matters · How to fix'),
      h('div', { class: 'why' }, h('strong', {}, 'Why it matters: '), finding.explanation),
      h('div', { class: 'fix' }, h('strong', {}, 'How to fix: '), finding.remediation),
    );
    if (finding.evidence) details.append(h('div', { class: 'evidence' }, h('strong', {}, 'Evidence: '), h('code', {}, finding.evidence)));
    if (cweButtons.length) details.append(h('div', { class: 'cwe' }, ...cweButtons));
    return h(
      'div',
      { class: `finding sev-${finding.severity}`, role: 'note', 'aria-label': `${finding.severity} finding: ${finding.message}` },
      h('div', { class: 'finding-head' }, icon(SEVERITY_ICON[finding.severity]), h('span', { class: 'sev' }, finding.severity.toUpperCase()), h('span', { class: 'rule' }, finding.ruleId), h('span', { class: 'message' }, finding.message)),
      details,
    );
  }

  /**
   * Renders the lines of a hunk, each followed by the findings on it.
   * @param {ViewHunk} hunk
   * @param {HTMLElement} container
   * @param {string} keyPrefix
   */
  function renderLines(hunk, container, keyPrefix) {
    /** @type {Map<number, ViewFinding[]>} */
    const byLine = new Map();
    for (const finding of hunk.findings) {
      const list = byLine.get(finding.line) || [];
      list.push(finding);
      byLine.set(finding.line, list);
    }
    const placed = new Set();
    const fragment = document.createDocumentFragment();
    for (const line of hunk.lines) {
      const marker = line.kind === 'add' ? '+' : line.kind === 'del' ? '-' : line.kind === 'note' ? '\\' : ' ';
      fragment.append(
        h(
          'div',
          { class: `line ${line.kind}`, role: 'row' },
          h('span', { class: 'num', 'aria-hidden': 'true' }, line.oldLine === undefined ? '' : String(line.oldLine)),
          h('span', { class: 'num', 'aria-hidden': 'true' }, line.newLine === undefined ? '' : String(line.newLine)),
          h('span', { class: 'marker', 'aria-label': line.kind === 'add' ? 'added' : line.kind === 'del' ? 'removed' : undefined }, marker),
          h('span', { class: 'code' }, line.text),
        ),
      );
      if (line.newLine !== undefined && line.kind !== 'del' && byLine.has(line.newLine) && !placed.has(line.newLine)) {
        placed.add(line.newLine);
        const findings = /** @type {ViewFinding[]} */ (byLine.get(line.newLine));
        findings.forEach((finding, i) => fragment.append(renderFinding(finding, `${keyPrefix}:${line.newLine}:${i}`)));
      }
    }
    // Findings whose line is outside the shown lines still appear, under the hunk.
    for (const [line, findings] of byLine) {
      if (!placed.has(line)) findings.forEach((finding, i) => fragment.append(renderFinding(finding, `${keyPrefix}:${line}:${i}`)));
    }
    container.replaceChildren(fragment);
  }

  const lazyObserver = new IntersectionObserver(
    (entries) => {
      for (const entry of entries) {
        if (!entry.isIntersecting) continue;
        const target = /** @type {HTMLElement & { renderLater?: () => void }} */ (entry.target);
        lazyObserver.unobserve(target);
        target.renderLater?.();
      }
    },
    { rootMargin: '800px 0px' },
  );

  /**
   * @param {ViewChangeSet} changeSet
   * @param {ViewFile} file
   * @param {ViewHunk} hunk
   */
  function renderHunk(changeSet, file, hunk) {
    const decided = hunk.decision !== 'pending';
    const label = `${file.path}, hunk ${hunk.index} of ${file.hunks.length}, risk ${hunk.risk}${decided ? `, ${hunk.decision}` : ''}`;
    const section = h('section', {
      class: `hunk ${decided ? `decided ${hunk.decision}` : 'pending'}`,
      tabindex: 0,
      'aria-label': label,
      'data-change-set': changeSet.id,
      'data-path': file.path,
      'data-hunk': hunk.index,
    });
    const decide = (/** @type {'approved' | 'rejected' | 'pending'} */ decision) =>
      send({ type: 'decideHunk', changeSetId: changeSet.id, path: file.path, hunkIndex: hunk.index, decision, comment: decision === 'rejected' ? commentOf(changeSet.id) : undefined });
    const actions = changeSet.state === 'pending'
      ? decided
        ? [button('Undo', 'discard', () => decide('pending'), { title: 'Undo this decision' })]
        : [approveButton('Approve', 'check', () => decide('approved'), { key: 'a', title: 'Approve this hunk (a)' }), button('Reject', 'close', () => decide('rejected'), { kind: 'reject', key: 'r', title: 'Reject this hunk (r)' })]
      : [];
    const state = decided ? h('span', { class: `state ${hunk.decision}` }, hunk.decision === 'rejected' && hunk.comment ? `rejected: ${hunk.comment}` : hunk.decision) : false;
    section.append(h('div', { class: 'hunk-head' }, h('code', { class: 'hunk-range' }, hunk.header), h('span', { class: 'hunk-count' }, `hunk ${hunk.index} of ${file.hunks.length}`), riskBadge(hunk.risk), state || '', h('span', { class: 'spacer' }), ...actions));
    if (decided) return section;

    const body = /** @type {HTMLElement & { renderLater?: () => void }} */ (h('div', { class: 'hunk-body', role: 'table', 'aria-label': `diff of hunk ${hunk.index}` }));
    const keyPrefix = `${changeSet.id}:${file.path}:${hunk.index}`;
    if (hunk.lines.length <= EAGER_LINES) {
      renderLines(hunk, body, keyPrefix);
    } else {
      body.classList.add('lazy');
      body.style.minHeight = `${hunk.lines.length * LINE_HEIGHT_PX}px`;
      body.append(h('div', { class: 'lazy-note' }, `${hunk.lines.length} lines; rendered when scrolled into view`));
      body.renderLater = () => {
        renderLines(hunk, body, keyPrefix);
        body.classList.remove('lazy');
        body.style.minHeight = '';
      };
      lazyObserver.observe(body);
    }
    section.append(body);
    return section;
  }

  /**
   * @param {ViewChangeSet} changeSet
   * @param {ViewFile} file
   */
  function renderFile(changeSet, file) {
    const pending = changeSet.state === 'pending' && file.hunks.some((hunk) => hunk.decision === 'pending');
    const decideFile = (/** @type {'approved' | 'rejected'} */ decision) =>
      send({ type: 'decideFile', changeSetId: changeSet.id, path: file.path, decision, comment: decision === 'rejected' ? commentOf(changeSet.id) : undefined });
    const head = h(
      'div',
      { class: 'file-head' },
      icon(file.status === 'added' ? 'diff-added' : file.status === 'deleted' ? 'diff-removed' : file.status === 'renamed' ? 'diff-renamed' : 'diff-modified'),
      h('span', { class: 'path' }, file.previousPath ? `${file.previousPath} → ${file.path}` : file.path),
      h('span', { class: 'status' }, `(${file.status})`),
      riskBadge(file.risk),
      h('span', { class: 'spacer' }),
      button('Open diff', 'diff', () => send({ type: 'openDiff', changeSetId: changeSet.id, path: file.path }), { key: 'o', title: 'Open in the diff editor (o)' }),
      pending ? approveButton('Approve file', 'check-all', () => decideFile('approved')) : false,
      pending ? button('Reject file', 'close-all', () => decideFile('rejected'), { kind: 'reject' }) : false,
    );
    const section = h('section', { class: 'file', 'aria-label': `${file.path} (${file.status}), risk ${file.risk}` }, head);
    if (file.conflict) section.append(h('div', { class: 'conflict', role: 'alert' }, icon('warning'), file.conflict));
    if (file.policy) section.append(h('div', { class: 'policy', title: file.policy.rule }, icon('law'), file.policy.text));
    if (file.fileFindings.length) {
      const container = h('div', { class: 'file-findings' });
      file.fileFindings.forEach((finding, i) => container.append(renderFinding(finding, `${changeSet.id}:${file.path}:file:${i}`)));
      section.append(container);
    }
    if (file.binary) section.append(h('div', { class: 'note' }, 'Binary file: no diff shown.'));
    for (const hunk of file.hunks) section.append(renderHunk(changeSet, file, hunk));
    return section;
  }

  /** @param {ViewChangeSet} changeSet */
  function renderChangeSet(changeSet) {
    const hunkCount = changeSet.files.reduce((n, f) => n + f.hunks.length, 0);
    const when = new Date(changeSet.createdAt);
    const time = Number.isNaN(when.getTime()) ? '' : when.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
    const pending = changeSet.state === 'pending';
    const comment = h('input', { type: 'text', class: 'comment', placeholder: 'Comment for the agent (sent with rejections)', 'aria-label': 'Comment for the agent' });
    const commentInput = /** @type {HTMLInputElement} */ (comment);
    commentInput.value = saved.comments[changeSet.id] || '';
    commentInput.addEventListener('input', () => {
      saved.comments[changeSet.id] = commentInput.value;
      persist();
    });
    const decideAll = (/** @type {'approved' | 'rejected' | 'approveClean'} */ decision) =>
      send({ type: 'decideChangeSet', changeSetId: changeSet.id, decision, comment: commentOf(changeSet.id) });

    const header = h(
      'header',
      { class: 'cs-head' },
      h(
        'div',
        { class: 'cs-line' },
        h('span', { class: 'source' }, changeSet.sourceLabel),
        time ? h('span', { class: 'time' }, time) : false,
        h('span', { class: 'counts' }, `${changeSet.files.length} file${changeSet.files.length === 1 ? '' : 's'} · ${hunkCount} hunk${hunkCount === 1 ? '' : 's'}`),
        h('span', { class: 'spacer' }),
        h('span', { class: `cs-state state-${changeSet.state}` }, changeSet.state.replace('-', ' ')),
        riskBadge(changeSet.risk),
      ),
      h('div', { class: 'summary' }, changeSet.summary),
      changeSet.policyNote ? h('div', { class: 'policy' }, icon('law'), changeSet.policyNote) : false,
      pending
        ? h(
            'div',
            { class: 'cs-actions' },
            approveButton('Approve all without findings', 'pass', () => decideAll('approveClean')),
            approveButton('Approve all…', 'check-all', () => decideAll('approved')),
            button('Reject all', 'close-all', () => decideAll('rejected'), { kind: 'reject' }),
            comment,
          )
        : false,
    );
    const section = h('article', { class: `change-set state-${changeSet.state}`, 'aria-label': `Change set from ${changeSet.sourceLabel}, risk ${changeSet.risk}`, 'data-id': changeSet.id }, header);
    for (const file of changeSet.files) section.append(renderFile(changeSet, file));
    return section;
  }

  function renderEmpty() {
    return h('div', { class: 'empty', id: 'empty' }, icon('shield'), h('p', {}, 'No agent changes are waiting for review.'), h('p', { class: 'hint' }, 'Changes that agents propose appear here, with their findings, before anything is written.'));
  }

  /**
   * Shows, updates or removes the lockdown banner above the change sets. The reason may quote an alert about
   * agent activity: text only, like everything else.
   * @param {ViewLockdown} next
   */
  function renderLockdown(next) {
    document.getElementById('lockdown')?.remove();
    if (!next.locked) return;
    const when = next.since ? new Date(next.since) : undefined;
    const since = when && !Number.isNaN(when.getTime()) ? when.toLocaleString() : 'an unknown time';
    const banner = h(
      'section',
      { id: 'lockdown', class: 'lockdown-banner', role: 'alert', 'aria-label': 'Lockdown' },
      h('div', { class: 'lockdown-head' }, icon('lock'), h('strong', { class: 'lockdown-text' }, next.text || 'Agent Guard is in lockdown'), h('span', { class: 'spacer' }), button('Release Lockdown', 'unlock', () => send({ type: 'releaseLockdown' }), { kind: 'release', title: 'Release the lockdown (asks why it is safe again)' })),
      h('div', { class: 'lockdown-since' }, `Since ${since}${next.actor ? `, engaged by ${next.actor}` : ''}.`),
      next.reason ? h('div', { class: 'lockdown-reason' }, h('strong', {}, 'Reason: '), next.reason) : false,
      h('div', { class: 'lockdown-note' }, 'Hook requests are denied and agent changes are held. Approving is off until the lockdown is released; rejecting still works.'),
    );
    app.before(banner);
  }

  /**
   * Updates the page in place: unchanged change sets keep their elements, changed ones are replaced where
   * they stand, and new ones are appended, so nothing moves under the person's eyes.
   * @param {ViewChangeSet[]} next
   */
  function update(next) {
    const focusKey = currentFocusKey();
    // Buttons depend on the lockdown too: a change of it re-renders every change set.
    const lockKey = lockdown.locked ? 'locked:' : '';
    const seen = new Set();
    document.getElementById('empty')?.remove();
    for (const changeSet of next) {
      seen.add(changeSet.id);
      const json = lockKey + JSON.stringify(changeSet);
      const existing = rendered.get(changeSet.id);
      if (existing && existing.json === json) continue;
      const element = renderChangeSet(changeSet);
      if (existing) existing.element.replaceWith(element);
      else app.append(element);
      rendered.set(changeSet.id, { json, element });
    }
    for (const [id, entry] of rendered) {
      if (!seen.has(id)) {
        entry.element.remove();
        rendered.delete(id);
      }
    }
    if (next.length === 0) app.append(renderEmpty());
    restoreFocus(focusKey);
  }

  /** @returns {HTMLElement[]} */
  function hunkElements() {
    return /** @type {HTMLElement[]} */ ([...app.querySelectorAll('section.hunk')]);
  }

  function currentFocusKey() {
    const active = document.activeElement;
    const hunk = active instanceof HTMLElement ? active.closest('section.hunk') : null;
    return hunk instanceof HTMLElement ? { changeSet: hunk.dataset.changeSet, path: hunk.dataset.path, index: Number(hunk.dataset.hunk) } : undefined;
  }

  /**
   * After a decision the decided hunk collapses; focus moves on to the next undecided hunk.
   * @param {{ changeSet?: string, path?: string, index: number } | undefined} key
   */
  function restoreFocus(key) {
    if (!key) return;
    const hunks = hunkElements();
    const at = hunks.findIndex((el) => el.dataset.changeSet === key.changeSet && el.dataset.path === key.path && Number(el.dataset.hunk) === key.index);
    if (at < 0) return;
    if (!hunks[at].classList.contains('decided')) {
      hunks[at].focus({ preventScroll: true });
      return;
    }
    const nextPending = hunks.slice(at + 1).find((el) => el.classList.contains('pending')) || hunks.find((el) => el.classList.contains('pending'));
    (nextPending || hunks[at]).focus({ preventScroll: false });
    if (nextPending) announce(`Next: ${nextPending.getAttribute('aria-label')}`);
  }

  /** @param {number} step */
  function moveFocus(step) {
    const hunks = hunkElements();
    if (hunks.length === 0) return;
    const active = document.activeElement instanceof HTMLElement ? document.activeElement.closest('section.hunk') : null;
    const at = active ? hunks.indexOf(/** @type {HTMLElement} */ (active)) : -1;
    const target = hunks[Math.min(Math.max(at + step, 0), hunks.length - 1)];
    target.focus();
    target.scrollIntoView({ block: 'nearest' });
  }

  function focusedHunk() {
    const active = document.activeElement instanceof HTMLElement ? document.activeElement.closest('section.hunk') : null;
    return active instanceof HTMLElement ? active : undefined;
  }

  let helpShown = false;
  function toggleHelp() {
    helpShown = !helpShown;
    document.getElementById('help')?.remove();
    if (!helpShown) return;
    const help = h(
      'aside',
      { id: 'help', class: 'help', role: 'dialog', 'aria-label': 'Keyboard shortcuts' },
      h('h2', {}, 'Keyboard'),
      h('p', {}, 'j / k: next / previous hunk · a: approve · r: reject · c: comment · o: open diff · ?: this help'),
    );
    document.body.append(help);
  }

  document.addEventListener('keydown', (event) => {
    const target = /** @type {HTMLElement} */ (event.target);
    if (target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement) {
      if (event.key === 'Escape') target.blur();
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const hunk = focusedHunk();
    switch (event.key) {
      case 'j':
        moveFocus(1);
        break;
      case 'k':
        moveFocus(-1);
        break;
      case 'a':
      case 'r': {
        if (!hunk || !hunk.classList.contains('pending')) return;
        if (event.key === 'a' && lockdown.locked) {
          announce('Approving is off during a lockdown.');
          break;
        }
        const changeSetId = hunk.dataset.changeSet || '';
        send({
          type: 'decideHunk',
          changeSetId,
          path: hunk.dataset.path || '',
          hunkIndex: Number(hunk.dataset.hunk),
          decision: event.key === 'a' ? 'approved' : 'rejected',
          comment: event.key === 'r' ? commentOf(changeSetId) : undefined,
        });
        break;
      }
      case 'c': {
        const article = (hunk || document.activeElement)?.closest('article.change-set') || app.querySelector('article.change-set');
        /** @type {HTMLInputElement | null | undefined} */ (article?.querySelector('input.comment'))?.focus();
        break;
      }
      case 'o':
        if (hunk) send({ type: 'openDiff', changeSetId: hunk.dataset.changeSet || '', path: hunk.dataset.path || '' });
        break;
      case '?':
        toggleHelp();
        break;
      default:
        return;
    }
    event.preventDefault();
  });

  window.addEventListener('message', (event) => {
    /** @type {HostToView} */
    const message = event.data;
    if (!message || typeof message !== 'object') return;
    if (message.type === 'state' && Array.isArray(message.changeSets)) {
      const next = message.lockdown && message.lockdown.locked === true ? message.lockdown : { locked: false };
      if (JSON.stringify(next) !== JSON.stringify(lockdown)) renderLockdown(next);
      lockdown = next;
      update(message.changeSets);
    } else if (message.type === 'focus') {
      const selector = `article.change-set[data-id="${CSS.escape(message.changeSetId)}"]`;
      const article = app.querySelector(selector);
      const hunk = article && (message.path !== undefined
        ? [...article.querySelectorAll('section.hunk')].find((el) => el instanceof HTMLElement && el.dataset.path === message.path && (message.hunkIndex === undefined || Number(el.dataset.hunk) === message.hunkIndex))
        : article.querySelector('section.hunk.pending'));
      if (hunk instanceof HTMLElement) {
        hunk.focus();
        hunk.scrollIntoView({ block: 'start' });
      } else if (article instanceof HTMLElement) {
        article.scrollIntoView({ block: 'start' });
      }
    }
  });

  app.append(renderEmpty());
  send({ type: 'ready' });
})();
