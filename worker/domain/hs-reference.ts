// The shipped HS reference table: common import-catalogue headings with the keywords that point to them.
//
// Written from the public HS nomenclature (heading texts, section/chapter notes, explanatory-note exclusions); it is a
// heuristic aid for catalogue triage, not a binding classification. Keywords are written in plain English: the
// classifier normalises them with the same tokeniser as product text (lowercase, plural stemming, "men's" → "man"),
// and a multi-word keyword is a phrase that outranks its words.
//
// Weights: 4 names the product outright, 3 strongly suggests it, 2 is a noun shared with sibling headings, 1 is weak.
// `hints` (material, gender, knitted/woven) only count once a keyword has matched, because "cotton" or "men's" alone
// names no product; `exclude` vetoes the heading when the phrase appears in the title; `bias` breaks ties between
// siblings in the direction the nomenclature itself prescribes.

export interface HsHeading {
  /** 4-digit heading, e.g. "6109". */
  readonly heading: string;
  /** The 6-digit subheading reported when nothing finer is known: the most common one for catalogue goods. */
  readonly subheading: string;
  readonly description: string;
  readonly keywords: Readonly<Record<string, number>>;
  readonly hints?: Readonly<Record<string, number>>;
  readonly exclude?: readonly string[];
  readonly bias?: number;
}

/** Keywords grouped by weight, so the table stays readable: `{ 4: "t-shirt, tank top", 2: "top" }`. */
function byWeight(groups: Readonly<Record<string, string | readonly string[]>>): Record<string, number> {
  const weights: Record<string, number> = {};
  for (const [weight, lists] of Object.entries(groups)) {
    for (const keyword of words(...[lists].flat())) weights[keyword] = Number(weight);
  }
  return weights;
}

/** Comma-separated phrases, split and trimmed: `words("flip flops, slides")`. */
function words(...lists: readonly string[]): string[] {
  return lists.flatMap((list) => list.split(",").map((word) => word.trim()));
}

// Chapter 61 is knitted or crocheted, chapter 62 is not; a garment that says "woven" cannot be in 61 and one that says
// "knit" cannot be in 62. Fabric names that are woven or knitted by construction only tilt the scale.
const KNIT = byWeight({ 2: "knit, knitted, crochet", "1.5": "jersey, fleece, french terry", 1: "ribbed" });
const WOVEN = byWeight({ 2: "woven, denim, poplin, chiffon, corduroy, chambray", "1.5": "twill", 1: "linen, satin" });
const NOT_KNITTED = ["knit", "knitted", "knitwear", "crochet", "crocheted"];
const NOT_WOVEN = ["woven"];
const MEN = byWeight({ 2: "men, boys", 1: "male" });
const WOMEN = byWeight({ 2: "women, ladies, girls, maternity", 1: "female" });
// Men's and women's woven headings must know the same garments, or gender hints could not decide between them.
const OUTERWEAR = byWeight({
  4: [
    "parka, anorak, windbreaker, rain jacket, puffer jacket, down jacket, bomber jacket, overcoat",
    "trench coat, ski jacket",
  ],
  3: "coat, raincoat, puffer vest, gilet",
  "2.5": "jacket",
});
const OUTERWEAR_HINTS = byWeight({ 1: "waterproof", "0.5": "insulated, hooded" });
const TAILORED = byWeight({
  4: "cargo pants, blazer, suit jacket",
  3: "jeans, trousers, shorts, suit",
  "2.5": "pants",
});
// Chapter 61/62 note 9: garments not identifiable as men's or women's go to the women's headings.
const NOTE_9_BIAS = 0.5;

const KITCHEN_NOUNS = byWeight({ 2: "pot, saucepan, frying pan, skillet, wok, baking tray, baking sheet" });
const TABLEWARE_NOUNS = byWeight({ 2: "plate, bowl, mug, cup, saucer, platter, dinner set, dinnerware" });
const JEWELLERY_NOUNS = byWeight({
  2: "necklace, ring, earring, bracelet, pendant, anklet, brooch, jewelry, jewellery, cufflinks, wedding band",
  "1.5": "chain, charm",
});
// Compound nouns are shared too: a phrase only one sibling knew would take the word "boots" away from the others.
const FOOTWEAR_NOUNS = byWeight({
  2: "shoe, boot, sandal, sneaker, footwear, ankle boots, chelsea boots, dress shoes, running shoes",
  "1.5": "slipper",
});

/**
 * Phrases read as one unit that score nothing: footwear is classified by its upper (chapter 64 note 4), so a "rubber
 * sole" must not count as rubber footwear, and "short sleeve" must not count as shorts.
 */
export const NEUTRAL_PHRASES: readonly string[] = [
  "rubber sole",
  "rubber outsole",
  "eva sole",
  "eva outsole",
  "tpr sole",
  "leather sole",
  "short sleeve",
  "long sleeve",
];

export const HS_HEADINGS: readonly HsHeading[] = [
  // ---- Chapter 61: apparel, knitted or crocheted ----
  {
    heading: "6103",
    subheading: "610342",
    description: "Men's suits, jackets, trousers and shorts, knitted",
    keywords: byWeight({ 3: "jogger, sweatpants, track pants, sweat shorts, jogger shorts", 2: "leggings" }),
    hints: { ...MEN, ...KNIT },
    exclude: NOT_WOVEN,
  },
  {
    heading: "6104",
    subheading: "610462",
    description: "Women's suits, dresses, skirts, trousers and shorts, knitted",
    keywords: byWeight({
      4: "leggings, t-shirt dress, sweater dress, jersey dress, knit dress",
      3: "yoga pants, jogger, sweatpants, track pants, bodycon dress",
      2: "dress, skirt",
    }),
    hints: { ...WOMEN, ...KNIT },
    exclude: NOT_WOVEN,
    bias: NOTE_9_BIAS,
  },
  {
    heading: "6105",
    subheading: "610510",
    description: "Men's shirts, knitted (polo shirts)",
    keywords: byWeight({ 4: "polo shirt", 3: "polo, henley", "1.5": "shirt" }),
    hints: { ...MEN, ...KNIT, ...byWeight({ 2: "pique", "0.5": "short sleeve, long sleeve" }) },
    exclude: NOT_WOVEN,
  },
  {
    heading: "6106",
    subheading: "610610",
    description: "Women's blouses and shirts, knitted",
    keywords: byWeight({ 4: "polo shirt", 3: "polo", 2: "blouse", "1.5": "shirt, top" }),
    hints: { ...WOMEN, ...KNIT, ...byWeight({ 2: "pique", "0.5": "short sleeve, long sleeve" }) },
    exclude: NOT_WOVEN,
    bias: NOTE_9_BIAS,
  },
  {
    heading: "6107",
    subheading: "610711",
    description: "Men's underpants, briefs, pyjamas and bathrobes, knitted",
    keywords: byWeight({ 4: "boxer briefs", 3: "boxers", 2: "briefs, trunks, underwear, pyjamas, pajamas, bathrobe" }),
    hints: { ...MEN, ...KNIT },
    exclude: NOT_WOVEN,
  },
  {
    heading: "6108",
    subheading: "610822",
    description: "Women's slips, briefs, nightdresses, pyjamas and negligees, knitted",
    keywords: byWeight({
      4: "panties, knickers, nightdress, nightgown, nightie",
      3: "thong, lingerie",
      2: "briefs, underwear, pyjamas, pajamas, sleepwear, bathrobe, slip",
    }),
    hints: { ...WOMEN, ...KNIT },
    exclude: NOT_WOVEN,
    bias: NOTE_9_BIAS,
  },
  {
    heading: "6109",
    subheading: "610910",
    description: "T-shirts, singlets and other vests, knitted",
    keywords: byWeight({ 4: "t-shirt, tshirt, tank top, singlet, vest top", 3: "tee, camisole, crop top", 2: "top" }),
    hints: byWeight({ 1: "crew neck, v-neck", "0.5": "cotton, short sleeve, long sleeve, graphic" }),
    exclude: NOT_WOVEN,
  },
  {
    heading: "6110",
    subheading: "611020",
    description: "Jerseys, pullovers, cardigans, sweatshirts and hoodies, knitted",
    keywords: byWeight({
      4: [
        "sweater, jumper, pullover, cardigan, sweatshirt, hoodie, hooded sweatshirt, zip hoodie",
        "fleece pullover, crewneck sweatshirt",
      ],
      3: "quarter zip, turtleneck, knitwear",
    }),
    hints: byWeight({ 1: "cable knit, merino, cashmere", "0.5": "wool, cotton" }),
    exclude: NOT_WOVEN,
  },
  {
    heading: "6111",
    subheading: "611120",
    description: "Babies' garments and clothing accessories, knitted",
    keywords: byWeight({ 4: "onesie, baby bodysuit, baby grow, sleepsuit", 3: "baby, infant, newborn, romper" }),
    hints: { ...KNIT, ...byWeight({ 1: "months, 0-3, 3-6", "0.5": "cotton" }) },
    exclude: [...NOT_WOVEN, "blanket", "bottle", "monitor", "carrier", "stroller", "toy", "shoes"],
  },
  {
    heading: "6112",
    subheading: "611241",
    description: "Track suits, ski suits and swimwear, knitted",
    keywords: byWeight({
      4: "swimsuit, swimwear, bikini, one-piece swimsuit, bathing suit, tracksuit, track suit, tankini",
      3: "swim trunks",
    }),
    hints: { ...MEN, ...WOMEN, ...KNIT, ...byWeight({ "0.5": "spandex" }) },
    exclude: NOT_WOVEN,
  },
  {
    heading: "6115",
    subheading: "611595",
    description: "Socks, tights and other hosiery, knitted",
    keywords: byWeight({
      4: "socks, tights, pantyhose, stockings, compression socks, ankle socks, knee-high socks, hosiery",
    }),
    hints: byWeight({ "0.5": "cotton, merino, bamboo" }),
  },
  // ---- Chapter 62: apparel, not knitted ----
  {
    heading: "6201",
    subheading: "620140",
    description: "Men's overcoats, parkas, anoraks and wind-jackets, not knitted",
    keywords: OUTERWEAR,
    hints: { ...MEN, ...WOVEN, ...OUTERWEAR_HINTS },
    exclude: NOT_KNITTED,
  },
  {
    heading: "6202",
    subheading: "620240",
    description: "Women's overcoats, parkas, anoraks and wind-jackets, not knitted",
    keywords: OUTERWEAR,
    hints: { ...WOMEN, ...WOVEN, ...OUTERWEAR_HINTS },
    exclude: NOT_KNITTED,
    bias: NOTE_9_BIAS,
  },
  {
    heading: "6203",
    subheading: "620342",
    description: "Men's suits, blazers, trousers, jeans and shorts, not knitted",
    keywords: { ...TAILORED, ...byWeight({ 4: "chinos, cargo shorts, sport coat, tuxedo", 3: "waistcoat" }) },
    hints: { ...MEN, ...WOVEN },
    exclude: NOT_KNITTED,
  },
  {
    heading: "6204",
    subheading: "620462",
    description: "Women's suits, dresses, skirts, trousers, jeans and shorts, not knitted",
    keywords: {
      ...TAILORED,
      ...byWeight({ 4: "culottes, palazzo pants, shirt dress, sundress", 3: "dress, maxi dress, skirt, midi skirt" }),
    },
    hints: { ...WOMEN, ...WOVEN, ...byWeight({ "0.5": "high waisted, floral, pleated" }) },
    exclude: NOT_KNITTED,
    bias: NOTE_9_BIAS,
  },
  {
    heading: "6205",
    subheading: "620520",
    description: "Men's shirts, not knitted",
    keywords: byWeight({
      4: "dress shirt, oxford shirt, flannel shirt, button-down shirt, button-up shirt, hawaiian shirt, linen shirt",
      3: "shirt, overshirt",
    }),
    hints: { ...MEN, ...WOVEN, ...byWeight({ "0.5": "short sleeve, long sleeve" }) },
    exclude: NOT_KNITTED,
  },
  {
    heading: "6206",
    subheading: "620630",
    description: "Women's blouses and shirts, not knitted",
    keywords: byWeight({ 4: "blouse, button-down shirt, button-up shirt, linen shirt", 3: "shirt, tunic", 1: "top" }),
    hints: { ...WOMEN, ...WOVEN, ...byWeight({ "0.5": "short sleeve, long sleeve" }) },
    exclude: NOT_KNITTED,
    bias: NOTE_9_BIAS,
  },
  {
    heading: "6212",
    subheading: "621210",
    description: "Brassieres, girdles, corsets and suspenders, knitted or not",
    keywords: byWeight({ 4: "bra, brassiere, bralette, sports bra, push-up bra, corset, shapewear, girdle" }),
  },
  {
    heading: "6214",
    subheading: "621430",
    description: "Shawls, scarves, mufflers and veils, not knitted",
    keywords: byWeight({ 4: "scarf, shawl, pashmina", 3: "stole, bandana, hijab", 2: "sarong" }),
    hints: { ...WOVEN, ...byWeight({ 1: "silk", "0.5": "wool, viscose" }) },
    exclude: NOT_KNITTED,
  },
  // ---- Headgear, umbrellas ----
  {
    heading: "6505",
    subheading: "650500",
    description: "Hats and caps, knitted or made up from textile fabric",
    keywords: byWeight({
      4: "baseball cap, beanie, bucket hat, sun hat, beret, trucker hat, dad hat",
      3: "hat, cap, balaclava",
    }),
    exclude: ["straw", "bottle", "lens", "helmet", "swim cap", "shower cap"],
  },
  {
    heading: "6601",
    subheading: "660191",
    description: "Umbrellas and sun umbrellas",
    keywords: byWeight({ 4: "umbrella, parasol, patio umbrella, golf umbrella" }),
    hints: byWeight({ 1: "windproof", "0.5": "compact" }),
    exclude: ["stand", "base", "holder"],
  },
  // ---- Chapter 64: footwear, by the material of the upper ----
  {
    heading: "6402",
    subheading: "640299",
    description: "Footwear with outer soles and uppers of rubber or plastics",
    keywords: {
      ...FOOTWEAR_NOUNS,
      ...byWeight({
        4: "flip flops, rain boots, wellingtons, wellies, water shoes, jelly sandals",
        3: "slides, clogs",
      }),
    },
    hints: byWeight({
      4: "faux leather, vegan leather, pu leather",
      3: "rubber, pvc, eva, plastic",
      2: "synthetic, silicone",
    }),
  },
  {
    heading: "6403",
    subheading: "640399",
    description: "Footwear with uppers of leather",
    keywords: {
      ...FOOTWEAR_NOUNS,
      ...byWeight({
        4: "brogues",
        3: "chelsea boots, dress shoes, loafer, oxford shoes, derby, moccasin",
        "2.5": "ankle boots",
      }),
    },
    hints: byWeight({ 4: "leather, suede, nubuck", 1: "full grain" }),
    exclude: ["faux leather", "vegan leather", "pu leather", "imitation leather", "synthetic leather", "leatherette"],
  },
  {
    heading: "6404",
    subheading: "640411",
    description: "Footwear with uppers of textile materials",
    keywords: {
      ...FOOTWEAR_NOUNS,
      ...byWeight({ 4: "canvas shoes", 3: "sneaker, running shoes, trainers, espadrilles", "1.5": "slip-on" }),
    },
    hints: byWeight({ 4: "canvas, mesh", 3: "knit, textile", 2: "fabric", 1: "breathable" }),
  },
  // ---- Chapter 42: travel goods, handbags, leather apparel ----
  {
    heading: "4202",
    subheading: "420292",
    description: "Trunks, suitcases, handbags, wallets, backpacks and similar containers",
    keywords: byWeight({
      4: [
        "backpack, rucksack, handbag, wallet, card holder, suitcase, luggage, tote bag, duffel bag",
        "laptop bag, laptop sleeve, laptop backpack, pencil case, cosmetic bag, makeup bag, toiletry bag",
        "crossbody bag, shoulder bag, briefcase, gym bag, camera bag, fanny pack, belt bag, messenger bag",
        "jewelry box, jewellery box, glasses case",
      ],
      3: "purse, tote, clutch",
      2: "phone case, bag",
    }),
    hints: byWeight({ 1: "leather", "0.5": "nylon, canvas" }),
    // Bags of paper or for tea are not travel goods.
    exclude: ["paper", "tea", "herbal"],
  },
  {
    heading: "4203",
    subheading: "420330",
    description: "Articles of apparel and clothing accessories of leather (belts, gloves)",
    keywords: byWeight({ 4: "leather belt, leather gloves, leather jacket", 3: "belt", 2: "gloves" }),
    hints: byWeight({ 3: "leather, genuine leather", 2: "suede" }),
    exclude: ["faux leather", "vegan leather", "pu leather", "imitation leather", "seat belt", "belt bag"],
  },
  // ---- Chapter 95: toys, games, sports ----
  {
    heading: "9503",
    subheading: "950300",
    description: "Toys, dolls, puzzles, scale models and wheeled toys",
    keywords: byWeight({
      4: [
        "toy, doll, plush, stuffed animal, teddy bear, puzzle, jigsaw puzzle, building blocks, action figure",
        "rc car, remote control car, kite, dollhouse, fidget spinner, kids scooter, tricycle",
      ],
      3: "building set, model kit, playset, rattle, fidget, scooter, balloon",
    }),
    hints: byWeight({ 1: "kids, children, toddler, educational", "0.5": "ages 3" }),
    // Explanatory note to 9503: pet toys are classified by their constituent material, not as toys.
    exclude: ["dog", "pet", "cat", "storage", "organizer", "electric scooter", "e-scooter", "mobility scooter"],
  },
  {
    heading: "9504",
    subheading: "950490",
    description: "Table and parlour games, playing cards, video game consoles",
    keywords: byWeight({
      4: [
        "board game, card game, playing cards, chess, chess set, game console, gaming console",
        "video game console, gamepad, dartboard, mahjong, pool cue, backgammon, dominoes",
      ],
      3: "poker, controller, joystick, darts, dice",
    }),
  },
  {
    heading: "9505",
    subheading: "950510",
    description: "Festive, carnival and Christmas articles",
    keywords: byWeight({
      4: "christmas tree, christmas ornament, bauble, tinsel, nativity, christmas stocking, tree topper",
      3: "christmas, halloween, party decoration",
      2: "easter, garland, wreath",
    }),
    // A Christmas jumper, mug or card is classified as what it is, not as a festive article.
    exclude: ["sweater", "jumper", "mug", "pyjamas", "pajamas", "card", "socks", "lights", "chocolate", "candle"],
  },
  {
    heading: "9506",
    subheading: "950691",
    description: "Articles and equipment for sports, gymnastics and outdoor games",
    keywords: byWeight({
      4: [
        "yoga mat, exercise mat, dumbbell, kettlebell, resistance band, jump rope, skipping rope",
        "tennis racket, shuttlecock, golf club, golf balls, tennis balls, soccer ball, skateboard, snowboard",
        "treadmill, exercise bike, foam roller, pull-up bar, weight plates, table tennis, ping pong",
        "trampoline, ab roller",
      ],
      3: "racket, racquet, badminton, football, basketball, volleyball, skis, gym equipment",
    }),
    // Sportswear and sports footwear are apparel and footwear, not sports equipment.
    exclude: words(
      "shoes, sneakers, boots, shirt, jersey, shorts, leggings, pants, socks, jacket, bag, gloves, helmet",
      "goggles, cap, hat",
    ),
  },
  // ---- Chapter 94: furniture, bedding, lighting ----
  {
    heading: "9401",
    subheading: "940161",
    description: "Seats and chairs (other than medical or barbers')",
    keywords: byWeight({
      4: [
        "chair, office chair, gaming chair, dining chair, armchair, sofa, couch, loveseat, bar stool",
        "recliner, rocking chair, folding chair, camping chair, high chair",
      ],
      3: "stool",
      "2.5": "bench",
      2: "seat",
    }),
    hints: byWeight({ 1: "upholstered, swivel, ergonomic", "0.5": "wooden" }),
    exclude: ["cover", "cushion", "mat", "slipcover", "belt"],
  },
  {
    heading: "9403",
    subheading: "940360",
    description: "Other furniture: tables, desks, shelving, cabinets, bed frames",
    keywords: byWeight({
      4: [
        "desk, standing desk, coffee table, side table, dining table, console table, bedside table",
        "nightstand, bookshelf, bookcase, book shelf, floating shelf, shelving unit, wardrobe, dresser",
        "chest of drawers, sideboard, bed frame, bunk bed, crib, tv stand, shoe rack",
      ],
      3: "table, shelf, cabinet",
      2: "furniture, bed",
    }),
    hints: byWeight({ 1: "wood, wooden, oak, mdf, solid wood, drawers", "0.5": "walnut" }),
    exclude: ["tennis", "cloth", "runner", "mat", "cover", "clock", "sheet", "linen", "fan"],
  },
  {
    heading: "9404",
    subheading: "940490",
    description: "Mattresses, pillows, cushions, quilts, duvets and sleeping bags",
    keywords: byWeight({
      4: [
        "mattress, mattress topper, pillow, memory foam pillow, throw pillow, seat cushion, floor cushion",
        "duvet, comforter, quilt, sleeping bag, weighted blanket",
      ],
      3: "cushion, pouf",
    }),
    hints: byWeight({ 1: "memory foam, down alternative, filled, goose down" }),
    exclude: ["cover", "case", "pillowcase", "sham", "protector"],
  },
  {
    heading: "9405",
    subheading: "940521",
    description: "Lamps and lighting fittings",
    keywords: byWeight({
      4: [
        "lamp, table lamp, desk lamp, floor lamp, ceiling light, pendant light, chandelier, wall light",
        "wall lamp, sconce, string lights, fairy lights, christmas lights, night light, led strip",
        "strip lights, ring light, light fixture, solar light",
      ],
      3: "lampshade, lamp shade, spotlight, led light",
      "2.5": "lantern",
    }),
    hints: byWeight({ 1: "led, dimmable, solar", "0.5": "usb powered" }),
  },
  // ---- Chapters 84/85: machines and electrical goods ----
  {
    heading: "8471",
    subheading: "847130",
    description: "Computers, laptops, tablets and their input/storage units",
    keywords: byWeight({
      4: [
        "laptop, notebook computer, desktop computer, mini pc, chromebook, mechanical keyboard",
        "wireless mouse, gaming mouse, drawing tablet, external hard drive",
      ],
      3: "computer, tablet, keyboard, mouse, hard drive",
    }),
    // Spec lines in computer titles ("16GB RAM, 512GB SSD") must not hand the product to storage (8523).
    hints: byWeight({ 2: "ram", 1: "ssd, processor, intel, ryzen", "0.5": "gb" }),
    exclude: ["bag", "sleeve", "case", "stand", "backpack", "cover", "skin", "pad", "mat", "desk", "trap"],
  },
  {
    heading: "8517",
    subheading: "851713",
    description: "Telephones, smartphones and network apparatus (routers, smartwatches)",
    keywords: byWeight({
      4: [
        "smartphone, mobile phone, cell phone, router, wifi router, modem, mesh wifi, wifi extender",
        "smartwatch, smart watch, fitness tracker",
      ],
      3: "phone, telephone",
    }),
    hints: byWeight({ 1: "unlocked, 5g, dual sim", "0.5": "gb" }),
    // Accessories for phones are classified as what they are made of or do.
    exclude: words(
      "case, cover, holder, mount, stand, strap, watch band, sport band, replacement band, protector",
      "charger, cable, tripod, grip",
    ),
  },
  {
    heading: "8518",
    subheading: "851830",
    description: "Headphones, earphones, loudspeakers, microphones and amplifiers",
    keywords: byWeight({
      4: "headphones, earphones, earbuds, headset, bluetooth speaker, soundbar, sound bar, subwoofer, microphone",
      3: "speaker, mic, amplifier",
    }),
    hints: byWeight({ 1: "wireless, bluetooth, noise cancelling, over-ear, in-ear" }),
    exclude: ["stand", "cover"],
  },
  {
    heading: "8504",
    subheading: "850440",
    description: "Transformers, chargers and power supplies",
    keywords: byWeight({
      4: [
        "charger, wall charger, wireless charger, usb charger, car charger, battery charger, phone charger",
        "laptop charger, charging pad, charging dock, power adapter, ac adapter, power supply",
      ],
      3: "charging station, transformer, inverter",
      2: "adapter",
    }),
    hints: byWeight({ 1: "fast charging, gan", "0.5": "watt, usb" }),
  },
  {
    heading: "8544",
    subheading: "854442",
    description: "Insulated wire and cables with connectors",
    keywords: byWeight({
      4: "cable, usb cable, hdmi cable, charging cable, lightning cable, ethernet cable, extension cord, power cord",
      3: "cord",
      2: "wire",
    }),
    hints: byWeight({ 1: "braided, usb-c", "0.5": "usb, meter, ft" }),
    exclude: ["tie", "ties", "organizer", "clip", "knit", "sleeve", "protector", "tidy"],
  },
  {
    heading: "8528",
    subheading: "852872",
    description: "Monitors, projectors and television receivers",
    keywords: byWeight({ 4: "tv, television, smart tv, computer monitor, gaming monitor, projector", 3: "monitor" }),
    hints: byWeight({ 1: "4k, uhd, oled, qled", "0.5": "inch, hz" }),
    exclude: words("stand, mount, bracket, arm, cabinet, screen protector, baby, heart rate, blood pressure"),
  },
  {
    heading: "8507",
    subheading: "850760",
    description: "Electric accumulators: rechargeable batteries and power banks",
    keywords: byWeight({
      4: [
        "power bank, portable charger, rechargeable battery, lithium-ion battery, li-ion battery",
        "lipo battery, car battery, 18650 battery",
      ],
      3: "battery pack",
      "2.5": "battery",
    }),
    hints: byWeight({ 3: "rechargeable", 2: "mah, nimh", "1.5": "lithium, li-ion" }),
  },
  {
    heading: "8506",
    subheading: "850610",
    description: "Primary cells and batteries (alkaline, coin cells)",
    keywords: byWeight({
      4: "alkaline battery, aa battery, aaa battery, coin cell, button cell, cr2032, 9v battery",
      2: "battery",
    }),
    hints: byWeight({ 3: "alkaline", "0.5": "long lasting" }),
    exclude: ["rechargeable", "nimh", "power bank", "charger", "li-ion", "mah"],
  },
  {
    heading: "8516",
    subheading: "851679",
    description: "Electrothermic domestic appliances: kettles, hair dryers, toasters, irons, heaters",
    keywords: byWeight({
      4: [
        "electric kettle, hair dryer, hairdryer, blow dryer, toaster, steam iron, clothes iron, space heater",
        "coffee maker, coffee machine, espresso machine, microwave, air fryer, hair straightener, flat iron",
        "curling iron, curling wand, rice cooker, slow cooker, waffle maker, sandwich maker, electric grill",
        "induction cooktop, dehydrator",
      ],
      3: "kettle, heater, hot plate",
    }),
    hints: byWeight({ 1: "electric", "0.5": "watt, cordless" }),
  },
  {
    heading: "8509",
    subheading: "850940",
    description: "Domestic electromechanical appliances: blenders, food processors, juicers",
    keywords: byWeight({
      4: [
        "blender, immersion blender, food processor, juicer, stand mixer, hand mixer, coffee grinder",
        "electric toothbrush, sonic toothbrush",
      ],
      3: "milk frother",
    }),
    hints: byWeight({ 1: "electric", "0.5": "speed, watt" }),
  },
  {
    heading: "8508",
    subheading: "850811",
    description: "Vacuum cleaners",
    keywords: byWeight({
      4: "vacuum cleaner, robot vacuum, stick vacuum, handheld vacuum, cordless vacuum",
      3: "vacuum",
    }),
    hints: byWeight({ 1: "cordless, bagless, suction" }),
    exclude: ["flask", "insulated", "sealer", "storage bag", "bottle", "tumbler"],
  },
  {
    heading: "8510",
    subheading: "851010",
    description: "Electric shavers, hair clippers and epilators",
    keywords: byWeight({
      4: "shaver, electric shaver, electric razor, hair clipper, beard trimmer, nose trimmer, epilator",
      3: "clippers, trimmer",
    }),
    hints: byWeight({ 1: "rechargeable, cordless, electric" }),
    exclude: ["hedge", "nail clipper", "string"],
  },
  {
    heading: "8525",
    subheading: "852589",
    description: "Digital cameras, video camera recorders, webcams and dash cams",
    keywords: byWeight({
      4: [
        "digital camera, webcam, dash cam, dashcam, action camera, security camera, cctv camera, camcorder",
        "trail camera",
      ],
      3: "camera",
    }),
    hints: byWeight({ 1: "1080p, 4k", "0.5": "hd" }),
    exclude: ["bag", "strap", "lens", "tripod", "film", "case", "dummy"],
  },
  {
    heading: "8523",
    subheading: "852351",
    description: "Solid-state storage: flash drives, memory cards, SSDs",
    keywords: byWeight({
      4: [
        "usb flash drive, flash drive, pen drive, usb stick, thumb drive, memory card, sd card, microsd card",
        "ssd, solid state drive",
      ],
    }),
    hints: byWeight({ 1: "gb, tb" }),
  },
  {
    heading: "8513",
    subheading: "851310",
    description: "Portable battery-powered lamps: flashlights, torches, headlamps",
    keywords: byWeight({ 4: "flashlight, torch, headlamp, head torch, head lamp, camping lantern", 3: "work light" }),
    hints: byWeight({ 1: "rechargeable, tactical, lumens", "0.5": "led" }),
    exclude: ["blow torch", "butane"],
  },
  {
    heading: "8539",
    subheading: "853952",
    description: "Electric lamps and bulbs, including LED lamps",
    keywords: byWeight({ 4: "light bulb, led bulb, smart bulb, halogen bulb, led tube, fluorescent tube", 3: "bulb" }),
    hints: byWeight({ 1: "e27, e26, gu10, b22", "0.5": "warm white, dimmable" }),
    exclude: ["flower", "tulip", "planter"],
  },
  {
    heading: "8467",
    subheading: "846721",
    description: "Hand-held power tools: drills, drivers, grinders, saws",
    keywords: byWeight({
      4: [
        "cordless drill, power drill, hammer drill, impact driver, angle grinder, circular saw",
        "electric screwdriver, cordless screwdriver, sander, rotary tool, chainsaw",
      ],
      3: "drill, jigsaw, power tool",
    }),
    hints: byWeight({ 2: "cordless, brushless", 1: "18v, 20v" }),
    exclude: ["bit", "bits", "puzzle", "blade", "sharpener"],
  },
  // ---- Kitchen and tableware, by material ----
  {
    heading: "7323",
    subheading: "732393",
    description: "Table, kitchen and household articles of iron or steel",
    keywords: {
      ...KITCHEN_NOUNS,
      ...byWeight({
        4: "hip flask",
        3: "stockpot, dutch oven, tea infuser, dish rack, cookware set, steel wool",
        2: "colander, mixing bowl, water bottle",
        "1.5": "kettle, tumbler, bowl",
      }),
    },
    hints: byWeight({ 3: "stainless steel, cast iron, carbon steel", 2: "steel, enamel, enameled, stovetop" }),
  },
  {
    heading: "7615",
    subheading: "761510",
    description: "Table, kitchen and household articles of aluminium",
    keywords: {
      ...KITCHEN_NOUNS,
      ...byWeight({ 3: "cake pan, roasting pan, cookware set, moka pot", 2: "water bottle", "1.5": "bowl" }),
    },
    hints: byWeight({ 3: "aluminium, aluminum", 2: "anodized, die-cast", "1.5": "non-stick, nonstick" }),
  },
  {
    heading: "6911",
    subheading: "691110",
    description: "Tableware and kitchenware of porcelain or china",
    keywords: { ...TABLEWARE_NOUNS, ...byWeight({ 2: "teapot, tea set, tea cup, teacup" }) },
    hints: byWeight({ 4: "porcelain, bone china, fine china", 1: "china" }),
  },
  {
    heading: "6912",
    subheading: "691200",
    description: "Ceramic tableware and kitchenware other than porcelain",
    keywords: {
      ...TABLEWARE_NOUNS,
      ...byWeight({
        4: "coffee mug",
        3: "ramekin, cookie jar",
        "2.5": "mug",
        2: "teapot, tea set, tea cup, baking dish",
      }),
    },
    hints: byWeight({ 4: "stoneware, earthenware", 3: "ceramic, terracotta", 1: "glazed" }),
  },
  {
    heading: "7013",
    subheading: "701337",
    description: "Glassware for table, kitchen, toilet, office or indoor decoration",
    keywords: byWeight({
      4: "drinking glasses, wine glasses, champagne flute, shot glass, glassware, glass tumbler",
      3: "carafe, decanter",
      2: "tumbler, vase, candle holder, storage jar, french press, pitcher",
      "1.5": "jar, mug, cup, bowl",
    }),
    hints: byWeight({ 4: "borosilicate", 3: "glass, crystal", 1: "double wall" }),
  },
  {
    heading: "3924",
    subheading: "392410",
    description: "Tableware, kitchenware and household articles of plastics",
    keywords: byWeight({
      4: "food storage container, ice cube tray",
      3: "food container, lunch box, bento box, laundry basket",
      "2.5": "storage box, storage bin",
      2: "water bottle, shower curtain, spatula, kitchen utensil, measuring cups",
      "1.5": "cutting board, spoon, fork, plate, bowl, cup, tumbler, colander",
    }),
    hints: byWeight({ 3: "plastic, silicone, melamine, bpa free, polypropylene, tritan, peva", 2: "acrylic, vinyl" }),
  },
  {
    heading: "4419",
    subheading: "441990",
    description: "Tableware and kitchenware of wood or bamboo",
    keywords: byWeight({
      4: "charcuterie board, wooden spoon",
      3: "cutting board, chopping board, serving board, chopsticks",
      2: "salad servers",
      "1.5": "spatula, spoon, utensil, bowl, plate",
    }),
    hints: byWeight({ 3: "wood, wooden, bamboo, acacia, olive wood, teak, beech", 2: "walnut" }),
  },
  {
    heading: "8211",
    subheading: "821192",
    description: "Knives with cutting blades",
    keywords: byWeight({
      4: [
        "knife, chef knife, kitchen knife, knife set, steak knives, paring knife, bread knife, pocket knife",
        "santoku, cleaver",
      ],
    }),
    hints: byWeight({ 1: "damascus, high carbon", "0.5": "stainless steel" }),
    exclude: ["sharpener", "knife block", "putty"],
  },
  {
    heading: "8215",
    subheading: "821599",
    description: "Spoons, forks, ladles, tongs and similar kitchen or tableware",
    keywords: byWeight({
      4: "cutlery set, flatware, flatware set",
      3: "spoon, fork, teaspoon, ladle, cutlery, serving spoon",
      2: "tongs, whisk",
      "1.5": "spatula",
    }),
    hints: byWeight({ 1: "stainless steel, steel" }),
  },
  {
    heading: "9617",
    subheading: "961700",
    description: "Vacuum flasks and other vacuum vessels",
    keywords: byWeight({
      5: "insulated water bottle, vacuum insulated",
      4: "vacuum flask, thermos, insulated bottle, insulated tumbler",
      3: "flask, travel mug, food jar",
      "1.5": "water bottle, tumbler",
    }),
    hints: byWeight({ 2: "insulated", "1.5": "double wall, double-walled" }),
  },
  // ---- Chapters 33/34: cosmetics, soap, candles ----
  {
    heading: "3303",
    subheading: "330300",
    description: "Perfumes and toilet waters",
    keywords: byWeight({ 4: "perfume, eau de parfum, eau de toilette, cologne, body mist, parfum", 3: "fragrance" }),
    exclude: words("fragrance free, fragrance-free, unscented, candle, diffuser, oil burner, bottle, atomizer"),
  },
  {
    heading: "3304",
    subheading: "330499",
    description: "Beauty, make-up and skin-care preparations",
    keywords: byWeight({
      4: [
        "lipstick, lip gloss, lip balm, mascara, eyeliner, eyeshadow, eye shadow, concealer, bronzer",
        "face cream, moisturizer, moisturiser, sunscreen, sun cream, body lotion, hand cream, night cream",
        "eye cream, nail polish, sheet mask, clay mask, body butter, bb cream, setting powder, makeup remover",
        "micellar water, eyebrow pencil",
      ],
      3: "foundation, blush, makeup, serum, lotion",
      2: "cream, face mask, primer",
    }),
    hints: byWeight({ 1: "spf, hyaluronic acid, vitamin c, retinol", "0.5": "ml" }),
    exclude: ["brush", "bag", "mirror", "sponge", "organizer"],
  },
  {
    heading: "3305",
    subheading: "330510",
    description: "Preparations for use on the hair",
    keywords: byWeight({
      4: [
        "shampoo, conditioner, hair oil, hair mask, hair spray, hairspray, hair gel, hair wax, pomade",
        "hair dye, dry shampoo, hair serum",
      ],
      3: "hair color, leave-in",
    }),
    hints: byWeight({ 1: "sulfate free", "0.5": "ml" }),
    exclude: ["bottle", "dispenser", "air conditioner", "brush"],
  },
  {
    heading: "3306",
    subheading: "330610",
    description: "Preparations for oral or dental hygiene",
    keywords: byWeight({ 4: "toothpaste, mouthwash, dental floss", 3: "floss, whitening strips" }),
    hints: byWeight({ 1: "fluoride", "0.5": "mint" }),
    exclude: ["holder", "dispenser", "toothbrush"],
  },
  {
    heading: "3307",
    subheading: "330720",
    description: "Deodorants, shaving and bath preparations, room fragrances",
    keywords: byWeight({
      4: [
        "deodorant, antiperspirant, shaving cream, shaving foam, shaving gel, aftershave, bath salts",
        "bath bomb, reed diffuser, room spray, air freshener, incense, hair removal cream",
      ],
    }),
    exclude: ["holder", "burner"],
  },
  {
    heading: "3401",
    subheading: "340111",
    description: "Soap and skin-washing preparations",
    keywords: byWeight({
      4: "soap, bar soap, hand soap, liquid soap, body wash, shower gel",
      3: "face wash",
      "2.5": "cleanser",
    }),
    hints: byWeight({ 1: "handmade", "0.5": "olive oil, moisturizing" }),
    exclude: ["dish", "laundry", "detergent", "dispenser", "dish soap", "holder", "soap dish"],
  },
  {
    heading: "3406",
    subheading: "340600",
    description: "Candles, tapers and the like",
    keywords: byWeight({
      4: "candle, scented candle, pillar candle, tealight, tea light, tea lights, taper candle",
      3: "votive",
    }),
    hints: byWeight({ 1: "soy, beeswax, wick, scented" }),
    exclude: ["holder", "snuffer", "warmer", "lantern"],
  },
  // ---- Chapter 39: plastics ----
  {
    heading: "3923",
    subheading: "392321",
    description: "Plastic articles for conveyance or packing: bags, bottles, closures",
    keywords: byWeight({
      4: [
        "plastic bag, poly bag, ziplock bag, zip lock bag, resealable bag, garbage bag, trash bag, bin bag",
        "bin liner, poly mailer, mailer bag, shipping bag, freezer bag, sandwich bag, vacuum storage bag",
        "bubble mailer",
      ],
      3: "plastic bottle, spray bottle, pump bottle",
    }),
    hints: byWeight({ 3: "polyethylene, ldpe, hdpe", 2: "plastic", 1: "biodegradable, compostable" }),
  },
  {
    heading: "3926",
    subheading: "392690",
    description: "Other articles of plastics (hangers, cable ties, phone cases)",
    keywords: byWeight({
      4: "clothes hanger, coat hanger, cable ties, zip ties",
      3: "hanger, cable organizer, phone case, adhesive hooks, plastic hooks",
    }),
    hints: byWeight({ 2: "plastic, tpu", 1: "nylon, silicone" }),
  },
  // ---- Chapter 63: made-up textile articles ----
  {
    heading: "6301",
    subheading: "630140",
    description: "Blankets and travelling rugs",
    keywords: byWeight({
      4: "blanket, throw blanket, fleece blanket, electric blanket, baby blanket",
      3: "throw, swaddle",
    }),
    hints: byWeight({ 1: "fleece, sherpa", "0.5": "flannel, knitted, cotton" }),
    exclude: ["weighted blanket", "pillow", "ladder"],
  },
  {
    heading: "6302",
    subheading: "630231",
    description: "Bed linen, table linen, toilet and kitchen linen (sheets, towels)",
    keywords: byWeight({
      4: [
        "bed sheets, sheet set, fitted sheet, flat sheet, pillowcase, pillow case, duvet cover",
        "duvet cover set, bed linen, bedding set, towel, bath towel, hand towel, beach towel, tea towel",
        "dish towel, washcloth, tablecloth, table cloth, table runner",
      ],
      3: "kitchen towel, napkin",
      2: "placemat, sheet",
    }),
    hints: byWeight({
      2: "percale, sateen, terry, thread count",
      1: "cotton, egyptian cotton, linen",
      "0.5": "microfiber",
    }),
    exclude: ["paper", "rack", "holder", "ring", "bar", "hook"],
  },
  {
    heading: "6303",
    subheading: "630392",
    description: "Curtains, drapes and interior blinds of textile",
    keywords: byWeight({
      4: "curtain, curtains, blackout curtain, sheer curtain, curtain panel, valance",
      3: "drape",
      2: "shower curtain",
    }),
    hints: byWeight({ 1: "polyester, grommet, fabric", "0.5": "linen" }),
    exclude: ["rod", "rail", "hook", "ring", "clip", "tieback", "peva", "vinyl", "plastic"],
  },
  {
    heading: "6304",
    subheading: "630493",
    description: "Other furnishing articles: cushion covers, bedspreads, slipcovers",
    keywords: byWeight({
      4: [
        "cushion cover, pillow cover, throw pillow cover, bedspread, coverlet, sofa cover, couch cover",
        "slipcover, chair cover",
      ],
      3: "wall hanging",
      2: "tapestry",
    }),
    hints: byWeight({ 1: "velvet", "0.5": "linen, polyester, cotton, decorative" }),
  },
  // ---- Jewellery and watches ----
  {
    heading: "7113",
    subheading: "711311",
    description: "Jewellery of precious metal or metal clad with precious metal",
    keywords: JEWELLERY_NOUNS,
    hints: byWeight({
      5: "sterling silver",
      4: "925, solid gold, platinum",
      3: "14k, 18k, 10k, 9k, white gold, karat",
      "2.5": "gold",
      2: "silver",
    }),
    exclude: ["box", "organizer", "cleaner", "stand"],
  },
  {
    heading: "7117",
    subheading: "711719",
    description: "Imitation jewellery (base metal, plastics, glass)",
    keywords: JEWELLERY_NOUNS,
    hints: byWeight({
      4: "gold plated, silver plated, gold tone, silver tone",
      3: "stainless steel, brass, alloy, tungsten, costume, faux pearl, imitation",
      2: "copper, titanium, acrylic, resin, beaded, rhinestone",
      1: "fashion",
    }),
    exclude: ["box", "organizer", "cleaner", "stand"],
    // Jewellery that names no precious metal is, in import catalogues, nearly always base metal.
    bias: 0.5,
  },
  {
    heading: "9102",
    subheading: "910211",
    description: "Wrist watches with cases of base metal",
    keywords: byWeight({ 4: "watch, wristwatch, wrist watch, chronograph, quartz watch, automatic watch, dive watch" }),
    hints: byWeight({ 1: "analog, quartz", "0.5": "water resistant, stainless steel" }),
    exclude: ["smart", "smartwatch", "box", "winder", "fitness", "pocket watch"],
  },
  {
    heading: "9113",
    subheading: "911320",
    description: "Watch straps, bands and bracelets",
    keywords: byWeight({
      4: "watch band, watch strap, smartwatch band, watch bracelet",
      3: "replacement band, sport band",
      "1.5": "strap, band",
    }),
    hints: byWeight({ 1: "quick release", "0.5": "leather, silicone, stainless steel" }),
  },
  // ---- Tools ----
  {
    heading: "8201",
    subheading: "820110",
    description: "Hand tools for gardening and forestry: spades, rakes, axes, secateurs",
    keywords: byWeight({
      4: [
        "shovel, spade, rake, pruning shears, secateurs, hedge shears, pruner, loppers, axe, hatchet",
        "pitchfork, garden fork, garden trowel",
      ],
      3: "hoe, garden tool",
    }),
    hints: byWeight({ 1: "garden, gardening" }),
  },
  {
    heading: "8204",
    subheading: "820411",
    description: "Hand-operated spanners, wrenches and socket sets",
    keywords: byWeight({
      4: "wrench, spanner, socket set, torque wrench, adjustable wrench",
      3: "ratchet, allen key, hex key",
    }),
    hints: byWeight({ 1: "chrome vanadium", "0.5": "metric, sae" }),
  },
  {
    heading: "8205",
    subheading: "820559",
    description: "Other hand tools: hammers, screwdrivers, chisels, clamps",
    // Non-electric household tools are in 8205 too (8205.51).
    keywords: byWeight({
      4: [
        "hammer, screwdriver, screwdriver set, chisel, crowbar, pry bar, caulking gun, putty knife",
        "garlic press, can opener, bottle opener",
      ],
      3: "clamp, vise, scraper, hand tool, mallet",
    }),
    hints: byWeight({ 1: "chrome vanadium", "0.5": "magnetic" }),
    exclude: ["electric", "cordless", "drill", "hair clip", "hammer drill"],
  },
  // ---- Chapters 48/49: paper and printed matter ----
  {
    heading: "4820",
    subheading: "482010",
    description: "Notebooks, diaries, planners, notepads and binders of paper",
    keywords: byWeight({
      4: "notebook, diary, planner, notepad, sketchbook, sketch book, exercise book, composition book, memo pad",
      3: "journal, binder, sticky notes",
    }),
    hints: byWeight({ 1: "ruled, lined, dotted, a5, pages, spiral", "0.5": "a4, hardcover" }),
  },
  {
    heading: "4819",
    subheading: "481910",
    description: "Cartons, boxes and bags of paper or paperboard",
    keywords: byWeight({
      4: "cardboard box, shipping box, mailer box, corrugated box, moving box, paper bag, packaging box",
      3: "carton, gift box, kraft bag, gift bag",
    }),
    hints: byWeight({ 2: "cardboard, kraft, corrugated", "1.5": "paper" }),
  },
  {
    heading: "4818",
    subheading: "481810",
    description: "Toilet paper, tissues, paper towels and napkins",
    keywords: byWeight({
      4: "toilet paper, toilet roll, toilet tissue, facial tissue, paper towel, kitchen roll, paper napkin",
      3: "tissues",
      2: "napkin, serviette",
    }),
    hints: byWeight({ 2: "paper", 1: "ply, rolls" }),
  },
  {
    heading: "4901",
    subheading: "490199",
    description: "Printed books, brochures and leaflets",
    keywords: byWeight({
      4: "book, cookbook, picture book, children's book, guidebook",
      3: "paperback, novel",
      2: "hardcover",
    }),
    hints: byWeight({ 2: "isbn", 1: "edition, author", "0.5": "pages" }),
    // Colouring books are heading 4903, not 4901.
    exclude: ["coloring book", "colouring book", "sticker book", "stand", "holder", "light", "end", "shelf"],
  },
  // ---- Food ----
  {
    heading: "0901",
    subheading: "090121",
    description: "Coffee, roasted or not; coffee husks",
    keywords: byWeight({
      4: "coffee, coffee beans, ground coffee, coffee pods, coffee capsules",
      3: "whole bean, espresso, arabica, robusta, decaf",
    }),
    hints: byWeight({ 1: "roast, roasted, single origin" }),
    // Instant coffee is an extract (2101); the rest are things used with coffee.
    exclude: words("instant, maker, machine, grinder, mug, cup, filter, scrub, candle, table, press, dripper, scoop"),
  },
  {
    heading: "0902",
    subheading: "090230",
    description: "Tea (green, black, oolong)",
    keywords: byWeight({
      4: [
        "green tea, black tea, oolong, earl grey, matcha, white tea, loose leaf tea, tea bags, darjeeling",
        "assam, sencha",
      ],
      3: "tea",
    }),
    hints: byWeight({ 1: "loose leaf", "0.5": "organic" }),
    // Herbal "teas" are not tea (0902): they are plants, infusions or food preparations.
    exclude: ["herbal", "chamomile", "rooibos", "peppermint", "hibiscus", "fruit tea", "tea tree", "iced tea"],
  },
  {
    heading: "1806",
    subheading: "180690",
    description: "Chocolate and other food preparations containing cocoa",
    keywords: byWeight({
      4: "chocolate, dark chocolate, milk chocolate, hot chocolate, chocolate bar",
      3: "truffles, pralines",
      2: "cocoa",
    }),
    hints: byWeight({ 1: "70%, cacao" }),
    // White chocolate contains no cocoa solids, so it is sugar confectionery (1704).
    exclude: ["white chocolate", "cocoa butter", "mold", "mould", "fountain", "scented"],
  },
  {
    heading: "1509",
    subheading: "150920",
    description: "Olive oil and its fractions",
    keywords: byWeight({ 4: "olive oil, extra virgin olive oil, evoo", 3: "extra virgin" }),
    hints: byWeight({ 1: "cold pressed, first cold pressed" }),
    exclude: ["soap", "lotion", "shampoo", "cream", "balm", "pourer", "dispenser", "sprayer", "bottle"],
  },
  {
    heading: "1704",
    subheading: "170490",
    description: "Sugar confectionery not containing cocoa (incl. white chocolate)",
    keywords: byWeight({
      4: [
        "candy, gummies, gummy bears, lollipop, marshmallow, toffee, hard candy, chewing gum, licorice",
        "liquorice, jelly beans, white chocolate, nougat",
      ],
      3: "fudge",
      2: "caramel, sweets",
    }),
    // Gummies sold as supplements are food preparations (2106), not confectionery.
    exclude: ["vitamin", "supplement", "melatonin", "collagen", "dispenser", "jar", "mold", "mould", "scented"],
  },
  {
    heading: "1905",
    subheading: "190531",
    description: "Bread, pastry, cakes, biscuits and other bakers' wares",
    keywords: byWeight({ 4: "biscuit, cookie, cracker, shortbread, crispbread", 3: "wafer, bread, pastry", 2: "cake" }),
    hints: byWeight({ 1: "chocolate chip, baked", "0.5": "butter" }),
    // Bakeware and gadgets named after what they bake are metal, plastic or ceramic goods.
    exclude: words(
      "cookie cutter, cookie jar, cookie sheet, cookie tin, biscuit tin, cake pan, cake tin, cake stand",
      "cake topper, cake mold, cake mould, scented, maker",
    ),
  },
  // ---- Other everyday goods ----
  {
    heading: "9004",
    subheading: "900410",
    description: "Sunglasses, spectacles and goggles",
    keywords: byWeight({
      4: "sunglasses, reading glasses, safety glasses, blue light glasses, ski goggles, swim goggles",
      3: "goggles",
    }),
    hints: byWeight({ 1: "polarized, uv400, uv protection" }),
    exclude: ["case", "chain", "cord", "cleaner", "holder", "strap"],
  },
  {
    heading: "8712",
    subheading: "871200",
    description: "Bicycles and other cycles, not motorised",
    keywords: byWeight({
      4: "bicycle, mountain bike, road bike, kids bike, bmx, folding bike, gravel bike",
      3: "bike",
    }),
    hints: byWeight({ 1: "disc brakes", "0.5": "speed, frame" }),
    exclude: words(
      "electric, e-bike, ebike, helmet, light, lock, pump, bell, rack, saddle, seat, gloves, shorts, jersey",
      "bag, bottle, stand, trainer, exercise",
    ),
  },
  {
    heading: "9603",
    subheading: "960329",
    description: "Brushes, brooms and mops",
    keywords: byWeight({
      4: [
        "toothbrush, hairbrush, hair brush, makeup brush, paint brush, paintbrush, broom, dish brush",
        "toilet brush, scrub brush",
      ],
      3: "mop, brush, lint roller",
    }),
    hints: byWeight({ 1: "bristles", "0.5": "bamboo" }),
    exclude: ["electric", "sonic", "holder", "head", "heads", "cleaner"],
  },
  {
    heading: "9608",
    subheading: "960810",
    description: "Pens, markers and highlighters",
    keywords: byWeight({
      4: [
        "pen, ballpoint pen, ballpoint, gel pen, rollerball, fountain pen, permanent marker",
        "whiteboard marker, fineliner, pen set",
      ],
      3: "marker, highlighter",
    }),
    hints: byWeight({ 1: "ink, fine point", "0.5": "refillable" }),
    exclude: ["holder", "drive", "pen drive", "case", "pencil case"],
  },
];
