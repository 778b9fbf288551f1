// Checkout totals. The `legacyDiscount` error predates the lint gate.
export interface Line {
  sku: string;
  cents: number;
  quantity: number;
}

export const legacyDiscount: number = "ten percent";

export function subtotal(lines: Line[]): number {
  return lines.reduce((sum, line) => sum + line.cents * line.quantity, 0);
}

export function total(lines: Line[], shippingCents: number): number {
  return subtotal(lines) + shippingCents;
}
