/**
 * A workshop is priced in passes: a person pays its price, no more, no less. A different count
 * (a person who leaves halfway, a double session) is allowed only with the reason written down,
 * so the operator reviewing statements sees why.
 */
export function countMismatch(
  workshop: { title: string; pricePasses: number },
  count: number,
  reason: string | undefined,
): string | null {
  if (count === workshop.pricePasses || (reason?.trim().length ?? 0) >= 3) return null;
  const plural = (n: number) => (n > 1 ? 's' : '');
  return `L'atelier « ${workshop.title} » vaut ${workshop.pricePasses} pass et ${count} code${plural(count)} ${count > 1 ? 'sont saisis' : 'est saisi'} : indiquez pourquoi le nombre diffère.`;
}
