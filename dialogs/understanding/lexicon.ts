/**
 * The words residents use for each category, as data: Polish, English and Ukrainian (and a few Russian words,
 * since some Ukrainians write Russian). Matching ignores case and diacritics (see normalizeText), so entries are
 * written plainly.
 *
 * Notation of one entry:
 *  - `word`      the whole word only (`kot` must not match `Kotlina`);
 *  - `stem*`     any word starting with the stem (`senior*` → seniora, seniorów, seniorom);
 *  - `a* b`      a combination: the words in a row, each with its own notation (`klub* senior*`);
 *  - `!entry`    a specific need or condition (weight 3): beats an age group ("psycholog dla dziecka" → zdrowie);
 *  - `~entry`    a weak hint (weight 1): counts only when nothing stronger is said.
 * Plain single words weigh 2; a combination weighs 4, so "klub seniora" is seniors although "klub" alone is sport.
 * On equal weight the category listed first below wins (a condition before an age group before an activity).
 *
 * A category is named only through concept words: a place or a vague topic does not imply one.
 */
export type CategorySlug =
  | 'niepelnosprawnosc'
  | 'zdrowie'
  | 'seniorzy'
  | 'dzieci-mlodziez'
  | 'migranci'
  | 'pomoc-spoleczna'
  | 'zwierzeta'
  | 'ekologia'
  | 'edukacja'
  | 'sport'
  | 'kultura';

export interface CategoryConcepts {
  slug: CategorySlug;
  pl: string[];
  en: string[];
  uk: string[];
  /** Russian words, for the few who write Russian (answered in Ukrainian). */
  ru?: string[];
}

/** In priority order: on equal weight the earlier category wins. */
export const CATEGORY_LEXICON: CategoryConcepts[] = [
  {
    slug: 'niepelnosprawnosc',
    pl: ['!niepelnospraw*', '!inwalid*', '!niewidom*', '!niedowidz*', '!niesłysz*', '!gluch*', '!gluchoniem*', '!autyzm*', '!autyst*', '!spektrum autyzmu', '!zespol* downa', '!wozek*', '!wozku', '!na wozku', '!na wozkach', '!wozkach', '!wozk* inwalidzk*', '!jezyk* migow*', '!migowego', '!porazenie mozgowe', '!mpd', '!ociemnial*', '!protez*'],
    en: ['!disab*', '!disabled', '!wheelchair*', '!blind', '!deaf', '!autism', '!autistic', '!down syndrome', "!down's syndrome", '!sign language', '!visually impaired', '!hearing impaired', '!special needs', '!cerebral palsy'],
    uk: ['!інвалідн*', '!інвалід*', '!незряч*', '!сліп*', '!глух*', '!аутизм*', '!аутист*', '!синдром* дауна', '!дауна', '!коляск*', '!візк*', '!мов* жестів', '!особлив* потреб*', '!дцп'],
    ru: ['!инвалид*', '!слеп*', '!аутизм*', '!коляск*'],
  },
  {
    slug: 'zdrowie',
    pl: ['!zdrow*', '!hospicj*', '!chorob*', '!chory', '!chora', '!chorych', '!chorzy', '!choruj*', '!rak', '!raka', '!rakiem', '!nowotw*', '!onkolog*', '!rehabilit*', '!psycholog*', '!psychiatr*', '!terapi*', '!terapeut*', '!depresj*', '!uzalezn*', '!alkohol*', '!krwiodaw*', '!krew', '!krwi', '!oddac krew', '!mammograf*', '!badani*', '!stwardnien*', '!udar*', '!cukrzyc*', '!kryzys* psych*', '!lekarz*', '!pielegn*', '!opieka paliatywn*', '!anonimow* alkoholik*', '!zalamani*'],
    en: ['!health*', '!hospice*', '!ill', '!illness*', '!sick', '!cancer', '!oncolog*', '!rehab', '!rehabilitation', '!physio*', '!therap*', '!psycholog*', '!psychiatr*', '!mental health', '!depress*', '!addict*', '!alcohol*', '!blood', '!donate blood', '!stroke', '!diabet*', '!doctor*', '!nurs*', '!dementia', '!alzheimer*', '!counsel*'],
    uk: ['!здоров*', '!хоспіс*', '!хвор*', '!рак', '!раку', '!раком', '!онколог*', '!реабілітац*', '!психолог*', '!психіатр*', '!терапі*', '!депрес*', '!залежн*', '!алкогол*', '!кров*', '!донор*', '!інсульт*', '!діабет*', '!лікар*', '!медичн*', '!деменц*'],
    ru: ['!здоров*', '!больн*', '!реабилитац*', '!психолог*', '!врач*'],
  },
  {
    slug: 'seniorzy',
    pl: ['senior*', 'emeryt*', 'starsz* osob*', 'osob* starsz*', 'starsz* ludz*', 'ludz* starsz*', 'starsi', 'starszych', 'starszym', 'babci*', 'dziadk*', 'staruszk*', 'klub* senior*', 'dom* senior*', 'uniwersytet* trzeciego wieku', 'utw', 'trzeciego wieku', 'samotn* starsz*', 'pensjonariusz*', 'w podeszlym wieku'],
    en: ['senior*', 'elderly', 'older people', 'older adults', 'older person', 'pensioner*', 'retired', 'retiree*', 'grandma', 'grandpa', 'grandparent*', 'old age', 'aged 70', 'seniors club', 'third age'],
    uk: ['сеньйор*', 'пенсіонер*', 'літн*', 'похил* вік*', 'людей похилого віку', 'старш* люд*', 'бабус*', 'дідус*', 'бабц*', 'старен*', 'університет* третього віку'],
    ru: ['пенсионер*', 'пожил*', 'бабушк*'],
  },
  {
    slug: 'dzieci-mlodziez',
    pl: ['dzieci*', 'dziecko', 'dziecka', 'dziecku', 'dzieckiem', 'dziecmi', 'dzieciak*', 'mlodziez*', 'mlodzie*', 'nastolat*', 'nastoletn*', 'uczni*', 'swietlic*', 'przedszkol*', 'niemowl*', 'noworod*', 'ciaz*', 'w ciazy', 'wyprawk*', 'pieluch*', 'pampers*', 'matk* samotn*', 'samotn* matk*', 'samotn* ojc*', 'samotny tata', 'dom* dziecka', 'rodzin* zastepcz*', 'kolonie', 'polkolonie', 'zajec* po szkole', 'po szkole', 'po lekcjach', 'ferie', 'dla rodzin', 'rodzin* z dziecmi', 'harcer*', 'mlodych'],
    en: ['child', 'children', 'childrens', 'kid', 'kids', 'youth', 'teen', 'teens', 'teenager*', 'young people', 'toddler*', 'baby', 'babies', 'nappies', 'diapers', 'pregnan*', 'after-school', 'after school', 'orphan*', 'foster*', 'single mum', 'single mom', 'single parent*', 'scouts', 'families with children', 'baby clothes'],
    uk: ['діт*', 'дитин*', 'дитяч*', 'підліт*', 'молод*', 'школяр*', 'немовл*', 'малюк*', 'підгуз*', 'вагітн*', 'дитсад*', 'садоч*', 'гуртк*', 'багатодітн*', 'сім* з дітьми', 'молодь', 'після школи', 'після уроків'],
    ru: ['дет*', 'ребен*', 'ребён*', 'подрост*'],
  },
  {
    slug: 'migranci',
    pl: ['cudzoziem*', 'obcokrajow*', 'migran*', 'imigran*', 'emigran*', 'uchodzc*', 'ukrain*', 'karta pobytu', 'karty pobytu', 'karte pobytu', 'pobyt*', 'legalizacj*', 'zezwoleni* na prace', 'wiza', 'wizy', 'wize', 'urzad* do spraw cudzoziemcow', 'z ukrainy', 'z kolumbii', 'pomoc prawn* dla cudzoziemcow'],
    en: ['foreign*', 'migrant*', 'immigrant*', 'refugee*', 'expat*', 'asylum', 'residence card', 'residence permit', 'residence documents', 'work permit', 'visa', 'ukrainian*', 'newcomer*'],
    uk: ['мігрант*', 'іммігрант*', 'біженц*', 'біжен*', 'іноземц*', 'іноземн*', 'переселен*', 'українц*', 'з україни', 'карт* побуту', 'карта побиту', 'легалізац*', 'дозв* на робот*', 'віза', 'візу', 'візи', 'документ*', 'pesel', 'песель'],
    ru: ['иностран*', 'беженц*', 'мигрант*', 'документ*'],
  },
  {
    slug: 'pomoc-spoleczna',
    pl: ['!bezdomn*', '!noclegowni*', '!jadlodajn*', '!zupa', '!zupy', '!zupe', '!jedzeni*', '!posil*', '!obiad* za darmo', '!darmow* obiad*', '!darmow* posil*', '!zjesc', '!zywnosc*', '!zywnosciow*', '!paczk* zywnosc*', '!bank* zywnosci', '!glod*', '!ubog*', '!biedn*', '!bieda', '!potrzebujac*', '~ubrani*', '~odziez*', '!przemoc*', '!ofiar* przemocy', '!schronisk* dla bezdomnych', '!dom* samotnej matki', '!wigili* dla', '!mops', '!zasilek*', '!nie starcza', '!stracil* prace', '!stracilem', '!mieszkani*', '~pomoc spoleczn*', '!kuchni* spoleczn*', '!pomoc* materialn*'],
    en: ['!homeless*', '!shelter for homeless', '!food', '!food bank', '!foodbank', '!soup kitchen', '!hunger', '!hungry', '!meal*', '!poverty', '!poor', '!struggling', '~clothes', '~clothing', '!violence', '!abuse', '!debt*', '!christmas dinner', '!in need', '!social help', '!social assistance', '!benefits'],
    uk: ['!безпритульн* люд*', '!бездомн*', '!нічліжк*', '!їж*', '!продукт*', '!продуктов*', '!харч*', '!одяг*', '!бідн*', '!нужденн*', '!малозабезпеч*', '!насильств*', '!соціальн* допомог*', '!гуманітарн*', '!їдальн*', '!суп*'],
    ru: ['!продуктов*', '!еда', '!еды', '!бездомн*', '!одежд*'],
  },
  {
    slug: 'zwierzeta',
    pl: ['zwierz*', 'pies', 'psa', 'psy', 'psem', 'psow', 'psom', 'psami', 'piesk*', 'szczeni*', 'kot', 'kota', 'koty', 'kotu', 'kotem', 'kotow', 'kotom', 'kotami', 'kotka', 'kotki', 'kotek', 'koci*', 'kocur*', 'schronisk*', 'adopc*', 'przytulisk*', 'weteryn*', 'wolontariat ze zwierzetami', 'bezdomn* zwierz*', 'bezdomn* kot*', 'bezdomn* ps*', 'konie', 'koni', 'wyprowadza* ps*', 'karm* dla'],
    en: ['animal*', 'pet', 'pets', 'dog', 'dogs', 'puppy', 'puppies', 'cat', 'cats', 'kitten*', 'stray*', 'animal shelter', 'shelter', 'adopt*', 'adoption', 'vet', 'walking dogs', 'rescue'],
    uk: ['твари*', 'собак*', 'пес', 'песик*', 'цуцен*', 'кіт', 'кота', 'коти', 'котам', 'котів', 'котами', 'котик*', 'кошен*', 'кішк*', 'кицьк*', 'притул*', 'безпритульн* тварин*', 'безпритульн* кот*', 'безпритульн* собак*', 'безпритульним котам', 'ветеринар*', 'корм*'],
    ru: ['животн*', 'собак*', 'кошк*', 'кошек', 'котен*', 'приют*'],
  },
  {
    slug: 'ekologia',
    pl: ['ekolog*', 'przyrod*', 'srodowisk*', 'klimat*', 'recykling*', 'segregacj*', 'smieci*', 'sprzatani*', 'sprzatanie swiata', 'drzew*', 'sadzeni*', 'las', 'lasu', 'lasy', 'lesie', 'zielen*', 'ogrod* spolecz*', 'ogrodnictw*', 'rosli*', 'nasion*', 'plastik*', 'zero waste', 'natur*', 'ochron* przyrody', 'ptak*', 'ptasi*', 'smog*'],
    en: ['ecolog*', 'environment*', 'nature', 'climate', 'green', 'recycl*', 'litter*', 'cleanup', 'clean-up', 'clean up', 'beach cleanup', 'tree*', 'plant*', 'planting', 'garden*', 'plastic', 'zero waste', 'wildlife', 'conservation', 'river', 'lake cleanup'],
    uk: ['еколог*', 'природ*', 'довкілл*', 'клімат*', 'сміт*', 'прибира*', 'переробк*', 'дерев*', 'посадк*', 'ліс', 'лісу', 'ліси', 'зелен*', 'сортуван*', 'пластик*'],
    ru: ['эколог*', 'природ*', 'мусор*'],
  },
  {
    slug: 'edukacja',
    pl: ['eduk*', 'nauk*', 'szkolen*', 'kurs*', 'korepety*', 'korki', 'korkow', 'lekcj*', 'wyklad*', 'jezyk* polsk*', 'jezyk* angielsk*', 'jezyk* niemieck*', 'polskiego', 'angielskiego', 'niemieckiego', 'matematyk*', 'matm*', 'fizyk*', 'chemi*', 'komputer*', 'programowan*', 'biblioteka', 'czytani*', 'kursy', 'nauczyc*', 'ucze sie', 'pomoc w nauce', 'odrabiani* lekcji', 'zadani* domow*', '~szkol*'],
    en: ['educat*', 'learn*', 'lesson*', 'course*', 'class', 'classes', 'tutor*', 'tutoring', 'homework', 'lecture*', 'polish lessons', 'english lessons', 'language course*', 'maths', 'math', 'literacy', 'computer course*', 'coding', 'study', 'studying', '~school'],
    uk: ['освіт*', 'навчан*', 'вчит*', 'вивча*', 'курс*', 'урок*', 'репетитор*', 'лекці*', 'польськ* мов*', 'англійськ*', 'англійську', 'польську', 'німецьк*', 'математик*', 'фізик*', "комп'ютер*", 'компютер*', 'домашн* завдан*', '~школ*'],
    ru: ['учеб*', 'обучен*', 'курс*', 'репетитор*', 'уроки'],
  },
  {
    slug: 'sport',
    pl: ['sport*', 'sporcie', 'rekreac*', 'pilk*', 'pilka nozna', 'noga', 'siatkowk*', 'koszykowk*', 'tenis*', 'plywa*', 'basen*', 'bieg*', 'biegacz*', 'parkrun*', 'maraton*', 'rower*', 'kolarstw*', 'joga', 'jogi', 'joge', 'fitness*', 'silowni*', 'trening*', 'treningi', 'szachy', 'szach*', 'zeglar*', 'kajak*', 'turniej*', 'gimnastyk*', 'taniec', 'tanca', 'nordic walking', 'nordic', 'aerobik*', 'sztuk* walki', 'boks*', 'judo', 'karate', 'klub* sport*', '~klub*', 'druzyn*', 'amator* pilk*', 'wspinaczk*', 'narciar*', 'lyzw*', 'hokej*', 'lekkoatlety*', 'pingpong*', 'tenis stolowy', 'bieganie'],
    en: ['sport*', 'recreation', 'football', 'soccer', 'volleyball', 'basketball', 'tennis', 'swim*', 'running', 'run', 'runs', 'runners', 'running club', 'parkrun', 'marathon', 'cycling', 'bike', 'yoga', 'fitness', 'gym', 'training', 'chess', 'sailing', 'kayak*', 'tournament*', 'dance', 'dancing', 'martial arts', 'boxing', 'climbing', 'hiking', 'team', '~club'],
    uk: ['спорт*', 'футбол*', 'волейбол*', 'баскетбол*', 'теніс*', 'плаван*', 'басейн*', 'біг', 'бігу', 'бігов*', 'забіг*', 'марафон*', 'велосипед*', 'йог*', 'фітнес*', 'тренуван*', 'шахи', 'шахов*', 'вітрил*', 'турнір*', 'танц*', 'бокс*', 'команд*', '~клуб*'],
    ru: ['спорт*', 'футбол*', 'волейбол*', 'бег', 'тренировк*'],
  },
  {
    slug: 'kultura',
    pl: ['kultur*', 'sztuk*', 'teatr*', 'muzyk*', 'muzyczn*', 'koncert*', 'orkiestr*', 'chor', 'choru', 'chorze', 'chory', 'chorow*', 'spiew*', 'skrzyp*', 'gitar*', 'fortepian*', 'zespol* muzyczn*', 'zespolu do wspolnego grania', 'kino', 'kina', 'film*', 'wystaw*', 'galeri*', 'muze*', 'malarstw*', 'malowani*', 'rysun*', 'ceramik*', 'fotograf*', 'literatur*', 'poezj*', 'spektakl*', 'festiwal*', 'filharmoni*', 'organow*', 'rekodziel*', 'dom kultury', 'taniec ludowy', 'potancowk*', 'co gra', 'co grają'],
    en: ['cultur*', 'art', 'arts', 'artist*', 'theatre', 'theater', 'music*', 'concert*', 'orchestra*', 'choir*', 'singing', 'singer*', 'sing', 'band', 'cinema', 'film*', 'movie*', 'exhibition*', 'gallery', 'museum*', 'painting', 'drawing', 'pottery', 'ceramic*', 'photograph*', 'poetry', 'literature', 'book club', 'festival*', 'philharmonic', 'crafts'],
    uk: ['культур*', 'мистецтв*', 'театр*', 'музик*', 'музичн*', 'концерт*', 'оркестр*', 'хор', 'хору', 'хорі', 'співа*', 'кіно', 'фільм*', 'виставк*', 'галере*', 'музе*', 'малюван*', 'живопис*', 'кераміка', 'фотограф*', 'поезі*', 'літератур*', 'вистав*', 'фестивал*', 'філармоні*', 'студі*'],
    ru: ['культур*', 'театр*', 'концерт*', 'музык*'],
  },
];
