import { Table as DsfrTable, type TableProps } from '@codegouvfr/react-dsfr/Table';
import { useEffect, useRef } from 'react';

/**
 * The DSFR table, reachable from the keyboard when it scrolls: on a phone a wide table scrolls
 * sideways inside its frame, and a keyboard user must be able to focus it to scroll it (WCAG
 * 2.1.1; axe's "scrollable-region-focusable"). Its caption names it.
 */
export function Table(props: TableProps) {
  const frame = useRef<HTMLDivElement>(null);
  useEffect(() => {
    frame.current?.querySelector('table')?.setAttribute('tabindex', '0');
  });
  return <DsfrTable ref={frame} {...props} />;
}
