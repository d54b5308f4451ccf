import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ScanInputError, decodeForScan, looksBinary } from '../../src/core/scan/input';

describe('decodeForScan', () => {
  it('decodes UTF-8 and drops a leading BOM so columns match the editor', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...Buffer.from('const café = 1;\n')]);
    assert.equal(decodeForScan('a.ts', bytes), 'const café = 1;\n');
  });

  it('refuses invalid UTF-8 with a reason', () => {
    assert.throws(() => decodeForScan('latin1.txt', new Uint8Array([0x63, 0xe9, 0x0a])), (e) => ScanInputError.is(e, 'invalid-utf8') && /latin1\.txt: not valid UTF-8/.test(e.message));
  });

  it('refuses binary files by a NUL byte near the start', () => {
    assert.ok(looksBinary(new Uint8Array([1, 2, 0, 3])));
    assert.ok(!looksBinary(Buffer.from('plain text')));
    assert.throws(() => decodeForScan('x.bin', new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 0, 1])), (e) => ScanInputError.is(e, 'binary'));
  });

  it('refuses files over the limit before decoding them', () => {
    assert.throws(() => decodeForScan('big.js', new Uint8Array(2048).fill(0x61), 1024), (e) => ScanInputError.is(e, 'too-large') && /2\.0 KB is over the 1\.0 KB limit/.test(e.message));
  });
});
