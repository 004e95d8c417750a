import { describe, expect, it } from 'vitest';
import { decodeText, detectEncoding, encodingSniffer, holdsReplacementCharacters } from './text-encoding.js';

describe('the encoding of an imported file', () => {
  it('reads UTF-8 with or without its BOM, and Windows-1252 when the bytes are not UTF-8', () => {
    const utf8 = new TextEncoder().encode('Montbéliard;Besançon');
    expect(decodeText(utf8)).toEqual({ text: 'Montbéliard;Besançon', encoding: 'utf-8' });
    expect(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8]))).toEqual({
      text: 'Montbéliard;Besançon',
      encoding: 'utf-8',
    });
    // "Montbéliard" saved by a spreadsheet in Windows-1252: é is the single byte 0xE9.
    const latin = new Uint8Array([...new TextEncoder().encode('Montb'), 0xe9, ...new TextEncoder().encode('liard')]);
    expect(decodeText(latin)).toEqual({ text: 'Montbéliard', encoding: 'windows-1252' });
  });

  it('finds a non-UTF-8 byte split across chunks, and refuses a file with NUL bytes (UTF-16, binary)', () => {
    const sniff = encodingSniffer();
    // A valid two-byte sequence cut in two chunks stays UTF-8…
    sniff.push(new Uint8Array([0x4d, 0xc3]));
    sniff.push(new Uint8Array([0xa9, 0x41]));
    expect(sniff.result()).toBe('utf-8');
    // …a lone 0xE9 followed by ASCII does not.
    const latin = encodingSniffer();
    latin.push(new Uint8Array([0x4d, 0xe9]));
    latin.push(new Uint8Array([0x41, 0x42]));
    expect(latin.result()).toBe('windows-1252');
    expect(() => detectEncoding(new Uint8Array([0xff, 0xfe, 0x4d, 0x00]))).toThrow();
    expect(holdsReplacementCharacters('Montb\uFFFDliard')).toBe(true);
  });
});
