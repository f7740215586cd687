// Billing countries: ISO 3166-1 alpha-2 codes (plus XK, Kosovo, which card processors use),
// with English names from Intl.DisplayNames (Node and Chromium both have them). Pure: the
// contract uses it in main and in the page.

const CODES =
  `AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO
BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ
EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK
HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC
LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC
NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB
SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV
TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS XK YE YT ZA ZM ZW`.split(/\s+/);

export const countryCodes: ReadonlySet<string> = new Set(CODES);

let names: Map<string, string> | null = null;
/** Code → English name, built on first use (a few hundred lookups). */
function countryNames(): Map<string, string> {
  if (names) return names;
  const display = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
  names = new Map(CODES.map((code) => [code, display.of(code) ?? code]));
  return names;
}

export function isCountryCode(text: string): boolean {
  return countryCodes.has(text.trim().toUpperCase());
}

/** The one country whose English name is, or starts with, what was typed ("Sp", "Spain"). */
function countryNamed(text: string): { code: string; name: string } | null {
  const typed = text.trim().toLowerCase();
  if (typed.length < 2) return null;
  const found: Array<{ code: string; name: string }> = [];
  for (const [code, name] of countryNames()) {
    const lower = name.toLowerCase();
    if (lower === typed) return { code, name };
    if (lower.startsWith(typed)) found.push({ code, name });
  }
  return found.length === 1 ? (found[0] ?? null) : null;
}

/** Why a typed billing country is not a code, in words naming what was meant when that is clear. */
export function countryProblem(text: string): string | null {
  const typed = text.trim();
  if (isCountryCode(typed)) return null;
  const meant = countryNamed(typed);
  const hint = meant ? `${meant.name} is ${meant.code}.` : 'Use one like ES or GB.';
  if (/^[A-Za-z]{2}$/.test(typed)) return `${typed.toUpperCase()} is not a country code. ${hint}`;
  return meant
    ? `Use the two-letter country code: ${hint}`
    : 'Use a two-letter country code, like ES or GB.';
}
