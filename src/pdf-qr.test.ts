import { BinaryBitmap, HybridBinarizer, QRCodeReader, RGBLuminanceSource } from '@zxing/library';
import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { qrRuns } from './pdf-qr.js';

/** The runs painted on a white bitmap (4 pixels a module, 4 modules of quiet zone), as a scanner would see them. */
function paint(text: string): { pixels: Uint8ClampedArray; side: number } {
  const { size, runs } = qrRuns(text);
  const scale = 4;
  const side = (size + 8) * scale;
  const pixels = new Uint8ClampedArray(side * side).fill(255);
  for (const [row, column, length] of runs) {
    for (let y = (row + 4) * scale; y < (row + 5) * scale; y++) {
      pixels.fill(0, y * side + (column + 4) * scale, y * side + (column + 4 + length) * scale);
    }
  }
  return { pixels, side };
}

describe('QR codes drawn as runs of modules', () => {
  it('paints exactly the dark modules of the code', () => {
    const text = 'https://passnum.example.fr/p/ABCDEFGHJKMNPQRS';
    const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
    const { size, runs } = qrRuns(text);
    const painted = new Set<number>();
    for (const [row, column, length] of runs) {
      for (let c = column; c < column + length; c++) {
        expect(painted.has(row * size + c)).toBe(false);
        painted.add(row * size + c);
      }
    }
    for (let i = 0; i < size * size; i++) expect(painted.has(i)).toBe(modules.data[i] === 1);
  });

  it('reads back as the address it encodes', () => {
    for (const text of [
      'https://passnum.example.fr/p/ABCDEFGHJKMNPQRS',
      'https://a.fr/attestations/ABCDEFGHJKMNPQRSTVWX',
    ]) {
      const { pixels, side } = paint(text);
      // RGBLuminanceSource takes one value per pixel when given a grey image.
      const source = new RGBLuminanceSource(pixels, side, side);
      const result = new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(source)));
      expect(result.getText()).toBe(text);
    }
  });
});
