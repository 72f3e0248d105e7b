/**
 * The category list with names in Polish, English and Ukrainian and the words people use for each.
 * Synonyms are matched after lower-casing and removing diacritics, and by word prefix, so "seniorów",
 * "seniorzy" and "senior" all reach "seniorzy" through the stem "senior".
 */
export interface CategorySeed {
  slug: string;
  namePl: string;
  nameEn: string;
  nameUk: string;
  synonyms: string[];
}

export const CATEGORIES: CategorySeed[] = [
  { slug: 'seniorzy', namePl: 'Seniorzy', nameEn: 'Seniors', nameUk: 'Літні люди', synonyms: ['senior', 'seniorzy', 'seniorow', 'starsi', 'starszych', 'emeryt', 'elderly', 'older', 'retired', 'літні', 'пенсіонер', 'сеньйор'] },
  { slug: 'dzieci-mlodziez', namePl: 'Dzieci i młodzież', nameEn: 'Children and youth', nameUk: 'Діти та молодь', synonyms: ['dzieci', 'dziecko', 'mlodziez', 'mlodych', 'rodzina', 'children', 'child', 'kids', 'youth', 'family', 'діти', 'дитина', 'молодь', 'сім'] },
  { slug: 'sport', namePl: 'Sport i rekreacja', nameEn: 'Sport and recreation', nameUk: 'Спорт і відпочинок', synonyms: ['sport', 'rekreacja', 'klub', 'pilka', 'bieg', 'recreation', 'football', 'running', 'спорт', 'відпочинок'] },
  { slug: 'zwierzeta', namePl: 'Zwierzęta', nameEn: 'Animals', nameUk: 'Тварини', synonyms: ['zwierze', 'zwierzet', 'psy', 'pies', 'koty', 'kot', 'schronisko', 'animal', 'pets', 'dog', 'cat', 'shelter', 'тварин', 'собак', 'кіш', 'кот'] },
  { slug: 'ekologia', namePl: 'Ekologia i przyroda', nameEn: 'Ecology and nature', nameUk: 'Екологія та природа', synonyms: ['ekolog', 'przyroda', 'srodowisk', 'klimat', 'ecology', 'environment', 'nature', 'green', 'climate', 'еколог', 'природ', 'довкілл'] },
  { slug: 'pomoc-spoleczna', namePl: 'Pomoc społeczna', nameEn: 'Social help', nameUk: 'Соціальна допомога', synonyms: ['pomoc', 'ubog', 'bezdomn', 'zywnosc', 'wsparcie', 'help', 'social', 'poverty', 'homeless', 'food', 'допомог', 'соціальн', 'підтримк'] },
  { slug: 'zdrowie', namePl: 'Zdrowie', nameEn: 'Health', nameUk: 'Здоров’я', synonyms: ['zdrow', 'hospicj', 'chor', 'rak', 'onkolog', 'health', 'hospice', 'illness', 'cancer', 'здоров', 'хвор', 'хоспіс'] },
  { slug: 'niepelnosprawnosc', namePl: 'Osoby z niepełnosprawnością', nameEn: 'People with disabilities', nameUk: 'Люди з інвалідністю', synonyms: ['niepelnospraw', 'inwalid', 'autyzm', 'disab', 'autism', 'wheelchair', 'інвалідн', 'аутизм'] },
  { slug: 'kultura', namePl: 'Kultura i sztuka', nameEn: 'Culture and arts', nameUk: 'Культура і мистецтво', synonyms: ['kultur', 'sztuk', 'teatr', 'muzyk', 'culture', 'art', 'arts', 'theatre', 'music', 'культур', 'мистецтв', 'театр', 'музик'] },
  { slug: 'edukacja', namePl: 'Edukacja', nameEn: 'Education', nameUk: 'Освіта', synonyms: ['eduk', 'nauk', 'szkol', 'kurs', 'education', 'learning', 'school', 'course', 'освіт', 'навчанн', 'школ'] },
  { slug: 'migranci', namePl: 'Cudzoziemcy i migranci', nameEn: 'Foreigners and migrants', nameUk: 'Іноземці та мігранти', synonyms: ['cudzoziem', 'migran', 'uchodzc', 'ukrain', 'foreign', 'migrant', 'refugee', 'мігрант', 'біженц', 'іноземц', 'українц'] },
  { slug: 'inne', namePl: 'Inne', nameEn: 'Other', nameUk: 'Інше', synonyms: ['inne', 'other', 'інше'] },
];
