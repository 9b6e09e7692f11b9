// Shipped import-duty schedules for the US and the EU: MFN ad-valorem rates per heading, preferences, extra duties.
//
// ILLUSTRATIVE, NOT A TARIFF. Rates are public MFN figures (HTSUS column 1 "general", EU Common Customs Tariff
// conventional duty) for the subheading the classifier reports by default, or a representative figure where the real
// schedule splits a heading into many lines with different rates ("~" in the comments). Specific and compound duties
// (olive oil, watches, knives) are shown as rough ad-valorem equivalents. Preferences assume the goods meet the
// agreement's rules of origin, and staged cuts are shown at an illustrative point. US surcharges since 2025 (IEEPA
// "reciprocal" tariffs) change too often to ship and are not modelled. Always confirm against the live tariff.

export const DESTINATIONS = ["US", "EU"] as const;
export type Destination = (typeof DESTINATIONS)[number];

export interface RateRule {
  /** Name of the agreement or measure, shown to users. */
  readonly scheme: string;
  /** ISO 3166-1 alpha-2 origins the rule applies to. */
  readonly origins: readonly string[];
  /** Heading or chapter prefixes the rule covers; omitted means every heading. */
  readonly covers?: readonly string[];
  /** Prefixes carved out of `covers`. */
  readonly excludes?: readonly string[];
  /** Percent: the rate replacing MFN for a preference, or the rate added on top for an additional duty. */
  readonly rate: number;
}

export interface DutySchedule {
  readonly destination: Destination;
  /** Percent by 4-digit heading, with optional 6-digit subheading overrides where the heading's lines differ a lot. */
  readonly mfn: Readonly<Record<string, number>>;
  /** Checked in order: the first rule matching the origin and heading applies. */
  readonly preferences: readonly RateRule[];
  /** Every matching rule adds its rate. */
  readonly additional: readonly RateRule[];
}

// Chapters 01–24 (agricultural goods), which most industrial-goods preferences leave out or treat separately.
const AGRICULTURAL = Array.from({ length: 24 }, (_, i) => String(i + 1).padStart(2, "0"));

const US: DutySchedule = {
  destination: "US",
  mfn: {
    // Apparel: cotton lines; synthetic lines are much higher, so the common ones are overridden.
    "6103": 16.1,
    "610343": 28.2,
    "6104": 14.9,
    "610463": 28.2,
    "6105": 19.7,
    "610520": 32,
    "6106": 19.7,
    "610620": 32,
    "6107": 7.4,
    "6108": 7.7,
    "610822": 15.6,
    "6109": 16.5,
    "610990": 32,
    "6110": 16.5,
    "611030": 32,
    "6111": 14.9, // ~
    "6112": 24.9,
    "6115": 13.5,
    "6201": 27.7,
    "620130": 9.4,
    "6202": 27.7,
    "620230": 8.9,
    "6203": 16.6,
    "620343": 27.9,
    "6204": 16.6,
    "620463": 28.6,
    "6205": 19.7,
    "620530": 25.9,
    "6206": 15.4,
    "620640": 26.9,
    "6212": 16.9,
    "6214": 5.3,
    "6505": 7.9, // ~
    "6601": 6.5,
    "6402": 20, // ~ 6%–48% by line
    "6403": 8.5,
    "6404": 20, // ~
    "4202": 17.6,
    "4203": 2.7,
    "9503": 0,
    "9504": 0,
    "9505": 0,
    "9506": 4.6,
    "9401": 0,
    "9403": 0,
    "9404": 6, // ~
    "9405": 3.9,
    "8471": 0,
    "8517": 0,
    "8518": 4.9,
    "8504": 1.5,
    "8544": 2.6,
    "8528": 3.9,
    "852852": 0,
    "8507": 3.4,
    "8506": 2.7,
    "8516": 2.7,
    "851631": 3.9,
    "8509": 4.2,
    "8508": 0,
    "8510": 4,
    "8525": 0, // ~
    "8523": 0,
    "8513": 12.5,
    "8539": 2,
    "8467": 1.7,
    "7323": 2, // ~
    "7615": 3.1,
    "6911": 8, // ~ 8%–26% by line
    "6912": 9.8,
    "7013": 12.5, // ~ 3%–30% by line
    "3924": 3.4,
    "4419": 3.2,
    "8211": 4.9, // ~ compound
    "8215": 5.3, // ~
    "9617": 7.2,
    "3303": 0,
    "3304": 0,
    "3305": 0,
    "3306": 0,
    "3307": 4.9,
    "3401": 0,
    "3406": 0,
    "3923": 3,
    "3926": 5.3,
    "6301": 8.5,
    "6302": 6.7,
    "6303": 11.3,
    "6304": 7, // ~
    "7113": 5,
    "7117": 11,
    "9102": 6, // ~ compound (per watch + movement + case)
    "9113": 6, // ~
    "8201": 0, // ~
    "8204": 9,
    "8205": 5.3,
    "4820": 0,
    "4819": 0,
    "4818": 0,
    "4901": 0,
    "0901": 0,
    "0902": 0,
    "1806": 4.3, // ~
    "1509": 1, // ~ specific duty per kg
    "1704": 5.6,
    "1905": 0,
    "9004": 2,
    "8712": 5.5,
    "9603": 3.2, // ~
    "9608": 5.4, // ~
  },
  preferences: [
    { scheme: "USMCA", origins: ["MX", "CA"], rate: 0 },
    { scheme: "KORUS FTA", origins: ["KR"], rate: 0 },
    { scheme: "AUSFTA", origins: ["AU"], rate: 0 },
  ],
  additional: [
    {
      scheme: "Section 301 List 3",
      origins: ["CN"],
      covers: ["9401", "9403", "9405", "4202", "8504", "8544", "8516", "7323", "3923", "3926"],
      rate: 25,
    },
    {
      scheme: "Section 301 List 4A",
      origins: ["CN"],
      covers: ["61", "62", "64", "6301", "6302", "8518", "8507", "9102", "9506", "3304", "3305"],
      rate: 7.5,
    },
  ],
};

const EU: DutySchedule = {
  destination: "EU",
  mfn: {
    "6103": 12,
    "6104": 12,
    "6105": 12,
    "6106": 12,
    "6107": 12,
    "6108": 12,
    "6109": 12,
    "6110": 12,
    "6111": 12,
    "6112": 12,
    "6115": 12,
    "6201": 12,
    "6202": 12,
    "6203": 12,
    "6204": 12,
    "6205": 12,
    "6206": 12,
    "6212": 6.5,
    "6214": 8,
    "6505": 2.7,
    "6601": 4.7,
    "6402": 16.9,
    "6403": 8,
    "6404": 16.9,
    "4202": 3.7,
    "4203": 5,
    "9503": 4.7, // ~
    "9504": 0,
    "9505": 2.7,
    "9506": 2.7,
    "9401": 0, // ~
    "9403": 0,
    "9404": 3.7,
    "9405": 4.7,
    "8471": 0,
    "8517": 0,
    "8518": 2,
    "8504": 3.3, // ~ chargers for IT goods are 0%
    "8544": 3.7,
    "8528": 14,
    "852852": 0,
    "8507": 2.7,
    "8506": 4.7,
    "8516": 2.7,
    "8509": 2.2,
    "8508": 2.2,
    "8510": 2.2,
    "8525": 0, // ~
    "8523": 0,
    "8513": 5.7,
    "8539": 2.7,
    "8467": 2.7,
    "7323": 3.2,
    "7615": 6,
    "6911": 12,
    "6912": 9, // ~ stoneware 5.5%
    "7013": 11,
    "3924": 6.5,
    "4419": 0, // ~
    "8211": 8.5,
    "8215": 8.5, // ~
    "9617": 6.7,
    "3303": 0,
    "3304": 0,
    "3305": 0,
    "3306": 0,
    "3307": 6.5, // ~
    "3401": 0,
    "3406": 0,
    "3923": 6.5,
    "3926": 6.5,
    "6301": 12,
    "6302": 12,
    "6303": 12,
    "6304": 12,
    "7113": 2.5,
    "7117": 4,
    "9102": 4.5,
    "9113": 6, // ~
    "8201": 1.7,
    "8204": 1.7,
    "8205": 3.7,
    "4820": 0,
    "4819": 0,
    "4818": 0,
    "4901": 0,
    "0901": 7.5,
    "0902": 0,
    "1806": 8.3, // ~ plus an agricultural component
    "1509": 30, // ~ ad-valorem equivalent of a specific duty per 100 kg
    "1704": 6.3, // ~ plus an agricultural component
    "1905": 9, // ~ plus an agricultural component
    "9004": 2.9,
    "8712": 14,
    "9603": 3.7,
    "9608": 3.2,
  },
  preferences: [
    {
      scheme: "EBA (Everything But Arms)",
      origins: ["BD", "KH", "MM", "NP", "LA", "ET", "MG", "HT", "TZ", "MZ"],
      rate: 0,
    },
    { scheme: "GSP+", origins: ["PK", "LK", "PH"], rate: 0 },
    // EVFTA cuts are staged over up to 7 years for apparel and footwear; shown part-way.
    { scheme: "EVFTA", origins: ["VN"], covers: ["61", "62", "63"], rate: 4.8 },
    { scheme: "EVFTA", origins: ["VN"], covers: ["64"], rate: 6.8 },
    { scheme: "EVFTA", origins: ["VN"], excludes: AGRICULTURAL, rate: 0 },
    { scheme: "EU–Japan EPA", origins: ["JP"], covers: ["64"], rate: 4 },
    { scheme: "EU–Japan EPA", origins: ["JP"], excludes: AGRICULTURAL, rate: 0 },
    { scheme: "EU–Korea FTA", origins: ["KR"], excludes: AGRICULTURAL, rate: 0 },
    { scheme: "CETA", origins: ["CA"], excludes: AGRICULTURAL, rate: 0 },
    { scheme: "EU–Mexico Global Agreement", origins: ["MX"], excludes: AGRICULTURAL, rate: 0 },
    { scheme: "EU–Turkey customs union", origins: ["TR"], excludes: AGRICULTURAL, rate: 0 },
    { scheme: "EU–UK TCA", origins: ["GB"], rate: 0 },
  ],
  additional: [],
};

export const DUTY_SCHEDULES: Readonly<Record<Destination, DutySchedule>> = { US, EU };
