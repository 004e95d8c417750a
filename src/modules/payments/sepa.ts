import { DOMImplementation, XMLSerializer } from '@xmldom/xmldom';
import SEPA from 'sepa';

export interface SepaBatch {
  reference: string;
  createdAt: Date;
  executionDate: string;
  debtor: { name: string; iban: string; bic: string };
  transfers: { endToEndId: string; creditorName: string; iban: string; bic: string; amountCents: number }[];
}

// sepa.js builds the XML with the browser's DOM API; on the server, xmldom provides it.
const dom = globalThis as unknown as { document?: unknown; XMLSerializer?: unknown };
dom.document ??= { implementation: new DOMImplementation() };
dom.XMLSerializer ??= XMLSerializer;

/**
 * Characters outside the SEPA set that have a faithful equivalent in it. The EPC's basic Latin
 * set is a-z A-Z 0-9 / - ? : ( ) . , ' + and space: French quotation marks and curly quotes
 * become the apostrophe, since the straight double quote is not in the set either.
 */
const SEPA_EQUIVALENTS: Record<string, string> = {
  œ: 'oe',
  Œ: 'OE',
  æ: 'ae',
  Æ: 'AE',
  ß: 'ss',
  '’': "'",
  '‘': "'",
  '‚': "'",
  '«': "'",
  '»': "'",
  '“': "'",
  '”': "'",
  '"': "'",
  '–': '-',
  '—': '-',
  '‐': '-',
  '&': '+',
  '\u00A0': ' ',
  '\u202F': ' ',
};

/**
 * A name or text in the SEPA character set: equivalents first (œ → oe, ’ → ', – → -), accents
 * dropped, anything else a space, runs of spaces collapsed, then cut to the field's length.
 */
export const sepaText = (s: string, max = 70) =>
  // French quotation marks hold their text between spaces: the apostrophes hold it closely.
  [
    ...s
      .normalize('NFC')
      .replace(/«[\s\u00A0\u202F]*/g, '«')
      .replace(/[\s\u00A0\u202F]*»/g, '»'),
  ]
    .map((c) => SEPA_EQUIVALENTS[c] ?? c)
    .join('')
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .replace(/[^A-Za-z0-9/?:().,'+ -]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, max)
    .trim();

/**
 * The ISO 20022 customer credit transfer initiation (pain.001.001.03) of a payment batch: one
 * transfer per statement, its end-to-end id the statement reference. Built with sepa.js; amounts
 * are whole cents in Passnum and written with two decimals.
 */
export function sepaCreditTransfer(batch: SepaBatch): string {
  const doc = new SEPA.Document('pain.001.001.03');
  doc.grpHdr.id = batch.reference;
  doc.grpHdr.created = batch.createdAt;
  doc.grpHdr.initiatorName = sepaText(batch.debtor.name);
  const info = doc.createPaymentInfo();
  info.id = '1';
  info.requestedExecutionDate = new Date(`${batch.executionDate}T00:00:00Z`);
  info.debtorName = sepaText(batch.debtor.name);
  info.debtorIBAN = batch.debtor.iban;
  info.debtorBIC = batch.debtor.bic;
  doc.addPaymentInfo(info);
  for (const t of batch.transfers) {
    const tx = info.createTransaction();
    tx.creditorName = sepaText(t.creditorName);
    tx.creditorIBAN = t.iban;
    tx.creditorBIC = t.bic;
    tx.amount = t.amountCents / 100;
    tx.end2endId = t.endToEndId;
    tx.remittanceInfo = sepaText(`Pass numeriques ${t.endToEndId}`, 140);
    info.addTransaction(tx);
  }
  return doc.toString();
}
