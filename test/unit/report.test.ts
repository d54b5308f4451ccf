import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Finding } from '../../src/core/model/finding';
import { chartSvg, escapeHtml, styleHash, toHtml } from '../../src/core/report/html';
import { escapeMarkdown, toMarkdown } from '../../src/core/report/markdown';
import { countMatrix } from '../../src/core/report/reportInput';

const HOSTILE = `<script>alert(1)</script><img src=x onerror=alert(2)>"'\`&amp; [link](javascript:alert(3)) ![img](http://evil.example/x.png) **bold** | pipe \u202Eevil\u202C www.evil.example`;

function finding(overrides: Partial<Finding> = {}): Finding {
  return {
    ruleId: 'secrets/private-key',
    category: 'secret',
    severity: 'critical',
    confidence: 'high',
    message: 'RSA private key',
    explanation: 'Whoever holds it can impersonate you.',
    remediation: 'Revoke it and load it at run time.',
    cwe: [798],
    file: 'src/a.ts',
    range: { startLine: 3, startColumn: 5, endLine: 3, endColumn: 40 },
    evidence: '-----BEGIN RSA PRIVATE KEY-----',
    fingerprint: 'abc:0',
    ...overrides,
  };
}

const hostileFinding = finding({ file: `src/${HOSTILE}.ts`, message: HOSTILE, evidence: HOSTILE, explanation: HOSTILE, remediation: HOSTILE, ruleId: `x/${HOSTILE}` });

describe('HTML report', () => {
  const input = { findings: [hostileFinding, finding({ category: 'injection', severity: 'high', file: 'b.py' })], toolVersion: '0.1.0', generatedAt: new Date(0), scope: HOSTILE };

  it('escapes every hostile string: no tag, attribute or entity from a finding survives', () => {
    const html = toHtml(input);
    assert.ok(!html.includes('<script'), 'a script tag got through');
    assert.ok(!html.includes('<img'), 'an img tag got through');
    assert.ok(!/onerror=/i.test(html.replace(/onerror=alert\(2\)&gt;/g, '')), 'an event attribute got through');
    assert.ok(!html.includes('&amp; [link]') || html.includes('&amp;amp;'), 'an entity was passed through');
    assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.ok(html.includes('&lt;U+202E RIGHT-TO-LEFT OVERRIDE&gt;'), 'bidi controls must be shown by name');
    assert.ok(!html.includes('\u202E'));
  });

  it('is self-contained and needs no script: strict CSP, no external loads, style allowed by hash', () => {
    const html = toHtml(input);
    assert.match(html, /Content-Security-Policy" content="default-src 'none'; style-src 'sha256-[A-Za-z0-9+/=]+'; img-src 'none'; script-src 'none'/);
    assert.ok(html.includes(styleHash()));
    // Text is escaped, so every remaining `<` opens a real tag: none may load or run anything.
    assert.ok(!/<(?:script|link|iframe|object|embed|img|base|form)\b/i.test(html));
    assert.ok(!/<[a-z][^>]*\s(?:src|href|on\w+)=/i.test(html));
  });

  it('includes an inline SVG chart by category and severity', () => {
    const html = toHtml(input);
    assert.match(html, /<svg [^>]*role="img"/);
    assert.ok(html.includes('<title>secret: 1 critical</title>'));
    assert.ok(html.includes('<title>injection: 1 high</title>'));
  });

  it('draws bars only for categories with findings, and scales to the largest', () => {
    const svg = chartSvg(countMatrix([finding(), finding(), finding({ category: 'injection', severity: 'low' })]));
    assert.ok(svg.includes('>secret<'));
    assert.ok(svg.includes('>injection<'));
    assert.ok(!svg.includes('>dependency<'));
    assert.match(svg, /width="420" height="18" fill="#8e24aa"/);
  });

  it('says so when there is nothing to report', () => {
    assert.match(toHtml({ findings: [], toolVersion: '1', generatedAt: new Date(0) }), /No findings/);
  });

  it('escapeHtml handles quotes and backticks for attribute contexts', () => {
    assert.equal(escapeHtml(`"'\`<>&`), '&quot;&#39;&#96;&lt;&gt;&amp;');
  });
});

describe('Markdown report', () => {
  it('escapes markup so that no link, image, HTML or emphasis comes from a finding', () => {
    const md = toMarkdown({ findings: [hostileFinding], toolVersion: '0.1.0', generatedAt: new Date(0) });
    assert.ok(!md.includes('<script>'));
    assert.ok(!md.includes('](javascript'));
    assert.ok(!md.includes('![img]('));
    assert.ok(!md.includes('**bold**'));
    assert.ok(!md.includes('www.evil'), 'GFM autolinks need the dot escaped');
    assert.ok(md.includes('\\<script\\>'));
    assert.ok(!md.includes('\u202E'));
  });

  it('keeps a finding on one line even when its strings hold newlines', () => {
    const md = toMarkdown({ findings: [finding({ message: 'one\n# two\n- three' })], toolVersion: '1', generatedAt: new Date(0) });
    assert.ok(md.includes('one \\# two - three'));
    assert.ok(!/^# two/m.test(md));
  });

  it('has a summary table by category and severity and groups findings by file', () => {
    const md = toMarkdown({ findings: [finding(), finding({ file: 'b.ts', category: 'injection', severity: 'medium' })], toolVersion: '1', generatedAt: new Date(0), filesScanned: 7 });
    assert.match(md, /\| secret \| 1 \| 0 \| 0 \| 0 \| 1 \|/);
    assert.match(md, /\| injection \| 0 \| 0 \| 1 \| 0 \| 1 \|/);
    assert.match(md, /### src\/a\\\.ts/);
    assert.match(md, /Files scanned: 7/);
  });

  it('escapeMarkdown escapes table pipes and backslashes', () => {
    assert.equal(escapeMarkdown('a|b\\c'), 'a\\|b\\\\c');
  });
});
