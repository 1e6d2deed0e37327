/** Checksum and layout validators for identifiers (Presidio-style: a failed checksum is not PII). */

export function digitsOnly(value: string): string {
  return value.replace(/\D/g, "");
}

/** Luhn mod-10 over a digit string. */
export function luhnValid(digits: string): boolean {
  if (!/^\d{2,}$/.test(digits)) return false;
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/** Payment card: 13-19 digits, a known issuer prefix and a valid Luhn check digit. */
export function isCardNumber(digits: string): boolean {
  if (digits.length < 13 || digits.length > 19) return false;
  const issuer =
    /^4/.test(digits) || // Visa
    /^5[1-5]/.test(digits) || // Mastercard
    /^2(?:2[2-9][1-9]|2[3-9]\d|[3-6]\d\d|7[01]\d|720)/.test(digits) || // Mastercard 2-series
    /^3[47]/.test(digits) || // American Express
    /^3(?:0[0-5]|[689])/.test(digits) || // Diners
    /^6(?:011|5|4[4-9]|22)/.test(digits) || // Discover
    /^35(?:2[89]|[3-8])/.test(digits) || // JCB
    /^62/.test(digits); // UnionPay
  return issuer && luhnValid(digits);
}

/** US NPI: 10 digits starting 1 or 2 whose Luhn check over "80840" + the number passes. */
export function isNpi(digits: string): boolean {
  return /^[12]\d{9}$/.test(digits) && luhnValid(`80840${digits}`);
}

/** US SSN layout rules: area not 000, 666 or 9xx; group not 00; serial not 0000. */
export function isSsn(area: string, group: string, serial: string): boolean {
  if (!/^\d{3}$/.test(area) || !/^\d{2}$/.test(group) || !/^\d{4}$/.test(serial)) return false;
  if (area === "000" || area === "666" || area[0] === "9") return false;
  if (group === "00" || serial === "0000") return false;
  return true;
}

/** IBAN lengths by country (ISO 13616 registry, common countries). */
const IBAN_LENGTHS: Readonly<Record<string, number>> = {
  AD: 24,
  AE: 23,
  AT: 20,
  BE: 16,
  BG: 22,
  BH: 22,
  BR: 29,
  CH: 21,
  CY: 28,
  CZ: 24,
  DE: 22,
  DK: 18,
  EE: 20,
  ES: 24,
  FI: 18,
  FR: 27,
  GB: 22,
  GI: 23,
  GR: 27,
  HR: 21,
  HU: 28,
  IE: 22,
  IL: 23,
  IS: 26,
  IT: 27,
  KW: 30,
  KZ: 20,
  LI: 21,
  LT: 20,
  LU: 20,
  LV: 21,
  MC: 27,
  MT: 31,
  NL: 18,
  NO: 15,
  PL: 28,
  PT: 25,
  QA: 29,
  RO: 24,
  SA: 24,
  SE: 24,
  SI: 19,
  SK: 24,
  SM: 27,
  TR: 26,
  UA: 29,
};

/** IBAN: known country length and ISO 7064 mod-97 == 1. */
export function isIban(value: string): boolean {
  const iban = value.replace(/\s/g, "").toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/.test(iban)) return false;
  const expected = IBAN_LENGTHS[iban.slice(0, 2)];
  if (expected !== undefined && iban.length !== expected) return false;
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const ch of rearranged) {
    const code = ch.charCodeAt(0);
    const part = code >= 65 ? String(code - 55) : ch;
    for (const digit of part) remainder = (remainder * 10 + (digit.charCodeAt(0) - 48)) % 97;
  }
  return remainder === 1;
}

/** Toll-free NANP area codes: business lines, not personal numbers. */
const TOLL_FREE = new Set(["800", "833", "844", "855", "866", "877", "888"]);

/**
 * North American number: area and exchange codes start 2-9, neither is an N11 service code, the
 * area code is not N9X (reserved), and it is not a toll-free business line.
 */
export function isNanpPhone(area: string, exchange: string, line: string): boolean {
  if (!/^[2-9]\d{2}$/.test(area) || !/^[2-9]\d{2}$/.test(exchange) || !/^\d{4}$/.test(line))
    return false;
  if (area[1] === "1" && area[2] === "1") return false;
  if (exchange[1] === "1" && exchange[2] === "1") return false;
  if (area[1] === "9") return false;
  return !TOLL_FREE.has(area);
}
