import QRCode from 'qrcode';

/** A QR code's dark modules as horizontal runs (row, first column, length), on a square of `size` modules. */
export interface QrRuns {
  size: number;
  runs: [row: number, column: number, length: number][];
}

export function qrRuns(text: string): QrRuns {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const runs: QrRuns['runs'] = [];
  for (let row = 0; row < modules.size; row++) {
    let start = -1;
    for (let column = 0; column <= modules.size; column++) {
      const dark = column < modules.size && modules.get(row, column) === 1;
      if (dark && start < 0) start = column;
      if (!dark && start >= 0) {
        runs.push([row, start, column - start]);
        start = -1;
      }
    }
  }
  return { size: modules.size, runs };
}

/**
 * A QR code drawn in the PDF as vector rectangles, one per run of dark modules, with a quiet
 * zone of one module: sharp at any print resolution and about ten times cheaper than rendering
 * a PNG that pdfkit would decode and compress again (the 50,000 codes of a 10,000-carnet print).
 */
export function drawQr(doc: PDFKit.PDFDocument, text: string, x: number, y: number, width: number): void {
  const { size, runs } = qrRuns(text);
  const cell = width / (size + 2);
  doc.save();
  for (const [row, column, length] of runs)
    doc.rect(x + (column + 1) * cell, y + (row + 1) * cell, length * cell, cell);
  doc.fill('black');
  doc.restore();
}
