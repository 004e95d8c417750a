/**
 * The encodings a spreadsheet or an old tool saves a French list in: UTF-8 (with or without the
 * BOM Excel adds) or Windows-1252, the superset of Latin-1 that Windows uses. A file that is not
 * valid UTF-8 is read as Windows-1252, where every byte is a character; one that holds NUL bytes
 * (UTF-16, a binary file) is refused rather than imported as garbage. Pure: the web uses it too.
 */
export type TextEncodingName = 'utf-8' | 'windows-1252';

export class UnreadableEncoding extends Error {
  constructor() {
    super('encodage non reconnu');
  }
}

const UTF8_BOM = [0xef, 0xbb, 0xbf];

function hasUtf8Bom(bytes: Uint8Array): boolean {
  return UTF8_BOM.every((b, i) => bytes[i] === b);
}

/** Which encoding `bytes` are in (the whole content, or every chunk of it through `sniffer`). */
export function detectEncoding(bytes: Uint8Array): TextEncodingName {
  const sniff = encodingSniffer();
  sniff.push(bytes);
  return sniff.result();
}

/**
 * Detection over a stream, chunk by chunk, in constant memory: a UTF-8 decoder in strict mode
 * fails on the first byte sequence UTF-8 does not allow, even when it is split across chunks.
 */
export function encodingSniffer(): { push(chunk: Uint8Array): void; result(): TextEncodingName } {
  const strict = new TextDecoder('utf-8', { fatal: true });
  let utf8 = true;
  let nul = false;
  return {
    push(chunk) {
      if (chunk.includes(0)) nul = true;
      if (!utf8) return;
      try {
        strict.decode(chunk, { stream: true });
      } catch {
        utf8 = false;
      }
    },
    result() {
      if (nul) throw new UnreadableEncoding();
      if (utf8) {
        try {
          strict.decode();
        } catch {
          utf8 = false;
        }
      }
      return utf8 ? 'utf-8' : 'windows-1252';
    },
  };
}

/**
 * The text of a whole file in the browser, whichever of the two encodings it is in, without its
 * BOM. (Node's own TextDecoder reads windows-1252 as Latin-1, losing œ, €, ’: the server decodes
 * with iconv-lite.)
 */
export function decodeText(bytes: Uint8Array): { text: string; encoding: TextEncodingName } {
  const encoding = detectEncoding(bytes);
  const start = encoding === 'utf-8' && hasUtf8Bom(bytes) ? 3 : 0;
  return { text: new TextDecoder(encoding).decode(bytes.subarray(start)), encoding };
}

/** A text already decoded with the wrong encoding carries U+FFFD where letters were lost. */
export const holdsReplacementCharacters = (text: string): boolean => text.includes('\uFFFD');
