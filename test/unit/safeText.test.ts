import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { showInvisibles } from '../../src/core/model/safeText';

describe('showInvisibles', () => {
  it('names bidi, zero-width, tag and control characters instead of passing them through', () => {
    const out = showInvisibles('a\u202Eb\u200Bc\u{E0041}d\u001b[31m');
    assert.equal(out, 'a<U+202E RIGHT-TO-LEFT OVERRIDE>b<U+200B ZERO WIDTH SPACE>c<U+E0041 TAG LATIN CAPITAL LETTER A>d<U+001B CONTROL>[31m');
    assert.doesNotMatch(out, /[\u0000-\u0008\u000b-\u001f\u202a-\u202e\u2066-\u2069\u200b]/u);
  });

  it('keeps tabs, and newlines when asked', () => {
    assert.equal(showInvisibles('a\tb\nc', { keepNewlines: true }), 'a\tb\nc');
    assert.equal(showInvisibles('a\nb'), 'a<U+000A CONTROL>b');
  });
});
