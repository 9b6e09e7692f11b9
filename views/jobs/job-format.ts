// Numbers only the job page shows: money in its own currency, duty rates in percent (sizes and counts are the
// shared ones in views/format.ts).

const moneyFormats = new Map<string, Intl.NumberFormat>();

/** `$1,234.50`, `€12.00`: amounts are never added across currencies, so each shows in its own. */
export function formatMoney(amount: number, currency: string): string {
  let format = moneyFormats.get(currency);
  if (!format) {
    try {
      format = new Intl.NumberFormat("en-US", { style: "currency", currency });
    } catch {
      // Intl refuses codes that are not three letters; products are validated, but an old row should still render.
      return `${amount.toFixed(2)} ${currency}`;
    }
    moneyFormats.set(currency, format);
  }
  return format.format(amount);
}

/** `4.5%`: rates are percentages with at most a few decimals in the shipped schedules. */
export function formatRate(rate: number): string {
  return `${Number(rate.toFixed(3))}%`;
}
