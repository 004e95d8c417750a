import type { Readable, Writable } from 'node:stream';
import { setImmediate } from 'node:timers/promises';
import PDFDocument from 'pdfkit';
import { csvStream } from '../../csv.js';
import type { Db, Queryable } from '../../db/db.js';
import { AppError } from '../../errors.js';
import { frenchDate } from '../../format.js';
import type { Theme } from '../../identity.rules.js';
import { registerPdfFonts } from '../../pdf-fonts.js';
import { drawQr } from '../../pdf-qr.js';
import { closeWith, drainOrClose, writeInTurn } from '../../streams.js';
import { type RequestContext, recordAudit } from '../audit/audit.service.js';
import { euros } from '../ledger/money.js';
import { type CodeKeys, decryptCode } from './code.crypto.js';
import { formatCode } from './code.rules.js';
import { getOrder } from './orders.service.js';

export interface PrintCarnet {
  serial: string;
  passes: { number: number; code: string }[];
}

interface PrintTerms {
  programme: string;
  faceValueCents: number;
  validity: string;
}

const BATCH = 200;

/**
 * The carnets of an order still in stock, with their codes decrypted, a batch at a time: a
 * print file of 10,000 carnets never holds more than one batch in memory. Carnets already
 * handed out are never printed again.
 */
export async function* carnetsToPrint(q: Queryable, keys: CodeKeys, orderId: string): AsyncGenerator<PrintCarnet> {
  let after = 0;
  for (;;) {
    const rows = await q.query<{ serial: string; sequence: number; number: number; code_sealed: Uint8Array }>(
      `SELECT c.serial, c.sequence, p.number, p.code_sealed
         FROM carnets c JOIN passes p ON p.carnet_id = c.id
        WHERE c.order_id = $1 AND c.sequence > $2 AND c.sequence <= (
                SELECT max(sequence) FROM (SELECT sequence FROM carnets WHERE order_id = $1 AND sequence > $2 ORDER BY sequence LIMIT $3) s)
          AND c.beneficiary_id IS NULL AND p.state = 'issued'
        ORDER BY c.sequence, p.number`,
      [orderId, after, BATCH],
    );
    if (rows.length === 0) return;
    let current = null as PrintCarnet | null;
    for (const r of rows) {
      if (current?.serial !== r.serial) {
        if (current) yield current;
        current = { serial: r.serial, passes: [] };
      }
      current.passes.push({ number: r.number, code: formatCode(decryptCode(keys, r.code_sealed)) });
      after = r.sequence;
    }
    if (current) yield current;
  }
}

export async function printTerms(q: Queryable, orderId: string): Promise<PrintTerms> {
  const rows = await q.query<{
    name: string;
    face_value_cents: number;
    validity_months: number | null;
    end_date: string | null;
  }>(
    `SELECT p.name, p.face_value_cents, p.validity_months, p.end_date
       FROM carnet_orders o JOIN programmes p ON p.id = o.programme_id WHERE o.id = $1`,
    [orderId],
  );
  const p = rows[0] as NonNullable<(typeof rows)[0]>;
  const end = p.end_date ? frenchDate(p.end_date) : null;
  const validity = [
    p.validity_months ? `Valable ${p.validity_months} mois après la remise` : null,
    end ? `au plus tard le ${end}` : null,
  ]
    .filter(Boolean)
    .join(', ');
  return { programme: p.name, faceValueCents: p.face_value_cents, validity };
}

const passUrl = (publicUrl: string, code: string) => `${publicUrl}/p/${code.replace(/-/g, '')}`;

/** CSV for a print shop: one line per pass. */
export async function writePrintCsv(
  out: Writable,
  carnets: AsyncIterable<PrintCarnet>,
  publicUrl: string,
): Promise<void> {
  const csv = csvStream({ header: true, columns: ['carnet', 'pass', 'numero_pass', 'code', 'url_qr'] });
  csv.pipe(out);
  closeWith(csv, out);
  for await (const c of carnets) {
    for (const p of c.passes) {
      const row = [c.serial, p.number, `${c.serial}-${p.number}`, p.code, passUrl(publicUrl, p.code)];
      if (!(await writeInTurn(csv, row))) return;
    }
  }
  csv.end();
}

/** Bytes of PDF the server may hold for a reader slower than the writer. */
const PDF_BACKLOG = 1 << 20;

/**
 * pdfkit pushes pages whatever the reader's pace; the next carnet waits until the download has
 * taken what is written, so that 10,000 carnets for a slow client never sit in the server's memory.
 */
export async function untilTaken(doc: Readable, out: Writable): Promise<void> {
  while (doc.readableLength > PDF_BACKLOG && !out.destroyed) {
    if (out.writableNeedDrain) await drainOrClose(out);
    else await setImmediate();
  }
}

/** A4, one carnet per page, each pass with its code in text and as a QR code; Marianne embedded. */
export async function writePrintPdf(
  out: Writable,
  carnets: AsyncIterable<PrintCarnet>,
  terms: PrintTerms,
  publicUrl: string,
  theme: Theme,
): Promise<void> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 36,
    autoFirstPage: false,
    info: { Title: `Carnets — ${terms.programme}` },
  });
  registerPdfFonts(doc, theme);
  doc.pipe(out);
  const done = new Promise<void>((resolve, reject) => {
    out.on('finish', resolve);
    out.on('error', reject);
  });
  let pages = 0;
  for await (const c of carnets) {
    doc.addPage();
    pages++;
    doc.font('bold').fontSize(16).text(terms.programme, { align: 'left' });
    doc
      .font('regular')
      .fontSize(11)
      .text(`Carnet ${c.serial} — ${c.passes.length} pass de ${euros(terms.faceValueCents, 0)}`);
    const top = 100;
    const height = 140;
    for (const [i, p] of c.passes.entries()) {
      const y = top + i * height;
      doc.rect(36, y, 523, height - 10).stroke('#000091');
      doc
        .font('bold')
        .fontSize(13)
        .fillColor('#000091')
        .text(`Pass numérique — ${euros(terms.faceValueCents, 0)}`, 50, y + 12);
      doc.font('regular').fontSize(10).fillColor('black');
      doc.text(terms.programme, 50, y + 32);
      doc.text(`N° ${c.serial}-${p.number}`, 50, y + 48);
      doc.text(terms.validity, 50, y + 64, { width: 330 });
      doc
        .font('bold')
        .fontSize(16)
        .text(p.code, 50, y + 92);
      drawQr(doc, passUrl(publicUrl, p.code), 440, y + 10, 110);
    }
    await untilTaken(doc, out);
    // The reader left (download cancelled): the remaining carnets are not drawn for nobody.
    if (out.destroyed) return;
  }
  if (pages === 0) {
    doc.addPage();
    doc.font('regular').fontSize(12).text("Aucun carnet de cette commande n'est encore en stock : rien à imprimer.");
  }
  doc.end();
  await done;
}

/**
 * The print file of an issued order, written to `out` (streamed: 10,000 carnets never sit in
 * memory), its download recorded in the audit log first. Resolves once the file is started;
 * `writing` settles when it is complete.
 */
export async function printOrder(
  db: Db,
  ctx: RequestContext,
  keys: CodeKeys,
  p: { orderId: string; format: 'pdf' | 'csv'; out: Writable; publicUrl: string; theme: Theme },
): Promise<{ writing: Promise<void> }> {
  const order = await getOrder(db, p.orderId);
  if (order.status !== 'done') throw new AppError('ORDER_NOT_READY');
  await db.tx((q) =>
    recordAudit(q, ctx, {
      programmeId: order.programmeId,
      action: 'order.print_download',
      entityType: 'carnet_order',
      entityId: order.orderId,
      after: { format: p.format },
    }),
  );
  const carnets = carnetsToPrint(db, keys, order.orderId);
  const writing =
    p.format === 'pdf'
      ? writePrintPdf(p.out, carnets, await printTerms(db, order.orderId), p.publicUrl, p.theme)
      : writePrintCsv(p.out, carnets, p.publicUrl);
  return { writing };
}
