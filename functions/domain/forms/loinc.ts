/** LOINC's code system URI, as FHIR names it. */
export const LOINC = 'http://loinc.org';

/**
 * A LOINC code: up to seven digits, a hyphen and a mod-10 check digit (LOINC Users' Guide, appendix). The check digit
 * catches the typo a pack author would otherwise ship to every receiving system (44261-6 mistyped as 44216-6).
 */
export function isLoincCode(code: string): boolean {
  const match = /^(\d{1,7})-(\d)$/.exec(code);
  if (!match) return false;
  const digits = [...match[1]!].reverse().map(Number);
  const sum = digits.reduce((total, digit, index) => {
    if (index % 2 === 1) return total + digit;
    const doubled = digit * 2;
    return total + Math.floor(doubled / 10) + (doubled % 10);
  }, 0);
  return (10 - (sum % 10)) % 10 === Number(match[2]);
}
