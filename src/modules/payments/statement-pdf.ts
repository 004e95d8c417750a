import type { Writable } from 'node:stream';
import PDFDocument from 'pdfkit';
import { frenchDate as day } from '../../format.js';
import type { Theme } from '../../identity.rules.js';
import { registerPdfFonts } from '../../pdf-fonts.js';
import { euros } from '../ledger/money.js';
import type { Statement } from './payments.contract.js';
import { STATEMENT_STATUS_LABELS } from './statement.rules.js';

const LINE_LABELS = { included: 'retenue', returned: 'reportée', cancelled: 'annulée' } as const;

/** A statement as a PDF for the venue's records: one line per pass, its state and the total. */
/** The workshop a line paid for, with its theme; the theme alone for a redemption that named none. */
export function workshopLabel(l: { workshopTitle: string | null; serviceId: string | null }): string {
  if (l.workshopTitle) return l.serviceId ? `${l.workshopTitle} (${l.serviceId})` : l.workshopTitle;
  return l.serviceId ?? 'Atelier non précisé';
}

export async function writeStatementPdf(
  out: Writable,
  s: Statement,
  programmeName: string,
  theme: Theme,
): Promise<void> {
  const doc = new PDFDocument({ size: 'A4', margin: 48, info: { Title: `Relevé ${s.reference}` } });
  registerPdfFonts(doc, theme);
  const done = new Promise<void>((resolve, reject) => {
    out.on('finish', resolve);
    out.on('error', reject);
  });
  doc.pipe(out);
  doc.font('bold').fontSize(18).text(`Relevé de Pass numériques ${s.reference}`);
  doc.moveDown(0.5).font('regular').fontSize(11);
  doc.text(programmeName);
  doc.text(`Lieu : ${s.venueName}`);
  doc.text(`Période : du ${day(s.periodStart)} au ${day(s.periodEnd)}`);
  doc.text(`État : ${STATEMENT_STATUS_LABELS[s.status]}${s.paidOn ? ` le ${day(s.paidOn)}` : ''}`);
  doc.moveDown();
  const columns = [
    { title: 'Date', x: 48, width: 70, align: 'left' as const },
    { title: 'Pass', x: 120, width: 150, align: 'left' as const },
    { title: 'Atelier', x: 272, width: 150, align: 'left' as const },
    { title: 'Montant', x: 424, width: 60, align: 'right' as const },
    { title: 'Ligne', x: 494, width: 60, align: 'left' as const },
  ];
  const row = (cells: string[], font: 'regular' | 'bold') => {
    if (doc.y > doc.page.height - 72) doc.addPage();
    const y = doc.y;
    doc.font(font);
    cells.forEach((cell, i) => {
      const c = columns[i] as (typeof columns)[number];
      doc.text(cell, c.x, y, { width: c.width, align: c.align, lineBreak: false, ellipsis: true });
    });
    doc.x = 48;
    doc.moveDown(0.4);
  };
  row(
    columns.map((c) => c.title),
    'bold',
  );
  for (const l of s.lines ?? []) {
    row([day(l.redeemedAt), l.serial, workshopLabel(l), euros(l.amountCents, 2), LINE_LABELS[l.status]], 'regular');
    if (l.rejectReason) doc.fontSize(9).text(`motif : ${l.rejectReason}`, 120).fontSize(11);
  }
  doc
    .moveDown()
    .font('bold')
    .text(`Total retenu : ${euros(s.amountCents, 2)}`, 48);
  doc.end();
  await done;
}
