/** Texts of the public map page, in Polish (default), English and Ukrainian. */
export const MAP_LOCALES = ['pl', 'en', 'uk'] as const;
export type MapLocale = (typeof MAP_LOCALES)[number];

const pl = {
  title: 'Mapa organizacji pozarządowych Koszalina',
  intro: 'Organizacje pozarządowe w Koszalinie: znajdź najbliższe, zobacz wydarzenia, zapytaj bota.',
  skip: 'Przejdź do listy organizacji',
  category: 'Kategoria',
  allCategories: 'Wszystkie kategorie',
  search: 'Szukaj po nazwie',
  searchPlaceholder: 'np. seniorzy, fundacja…',
  nearMe: 'Blisko mnie',
  locating: 'Ustalam położenie…',
  geoDenied: 'Nie udostępniono położenia. Zezwól na lokalizację w przeglądarce albo wybierz punkt na mapie.',
  geoUnavailable: 'Nie udało się ustalić położenia. Spróbuj na zewnątrz albo wybierz punkt na mapie.',
  geoTimeout: 'Ustalanie położenia trwało za długo. Spróbuj ponownie.',
  geoUnsupported: 'Ta przeglądarka nie udostępnia położenia.',
  youAreHere: 'Tu jesteś',
  list: 'Organizacje',
  nearestList: 'Najbliższe organizacje',
  count: 'Organizacji na mapie: {n}',
  none: 'Brak organizacji dla tych filtrów.',
  demo: 'DEMO',
  demoNote: 'Dane demonstracyjne: te organizacje są zmyślone.',
  phone: 'Telefon',
  website: 'Strona',
  events: 'Najbliższe wydarzenia',
  signUp: 'Zapisz się',
  askBot: 'Zapytaj bota',
  telegram: 'Telegram',
  sms: 'SMS',
  showOnMap: 'Pokaż na mapie',
  tilesFailed: 'Podkład mapy nie wczytał się. Znaczniki, lista i wyszukiwanie działają dalej.',
  loadFailed: 'Nie udało się wczytać organizacji. Odśwież stronę.',
  away: '{d} stąd',
  language: 'Język',
  dataSources: 'Źródła danych',
  licence: 'licencja',
  creditTiles: 'Podkład mapy: {tiles}.',
  creditBoundary: 'Granica miasta: {wof} ({wofLicence}), geometria z Państwowego Rejestru Granic {gugik}; uproszczona.',
  creditPlaces:
    'Nazwy i punkty dawnych wsi (dziś osiedli), jezior, Góry Chełmskiej i kodów pocztowych: {geonames}, licencja {ccby}; wybrane i przetworzone.',
  creditMorskie: 'Osiedle Morskie: {wikipedia}, licencja {ccbysa}.',
  creditStation: 'Dworzec kolejowy: {plrailmap}, {cc0}.',
  creditAddresses: 'Punkty adresowe, z których bot ustala położenie adresów: rejestr {rspo} w opracowaniu {osmpl}.',
  creditApprox: 'Pozostałe nazwy osiedli stoją w miejscach przybliżonych, wyznaczonych przez projekt.',
};

export type MapStrings = typeof pl;

const en: MapStrings = {
  title: 'Map of Koszalin NGOs',
  intro: 'Non-governmental organisations in Koszalin: find the nearest, see events, ask the bot.',
  skip: 'Skip to the list of organisations',
  category: 'Category',
  allCategories: 'All categories',
  search: 'Search by name',
  searchPlaceholder: 'e.g. seniors, foundation…',
  nearMe: 'Near me',
  locating: 'Finding your location…',
  geoDenied: 'Location was not shared. Allow location in your browser or pick a point on the map.',
  geoUnavailable: 'Your location could not be found. Try outdoors or pick a point on the map.',
  geoTimeout: 'Finding your location took too long. Please try again.',
  geoUnsupported: 'This browser does not share location.',
  youAreHere: 'You are here',
  list: 'Organisations',
  nearestList: 'Nearest organisations',
  count: 'Organisations on the map: {n}',
  none: 'No organisations match these filters.',
  demo: 'DEMO',
  demoNote: 'Demo data: these organisations are invented.',
  phone: 'Phone',
  website: 'Website',
  events: 'Upcoming events',
  signUp: 'Sign up',
  askBot: 'Ask the bot',
  telegram: 'Telegram',
  sms: 'SMS',
  showOnMap: 'Show on map',
  tilesFailed: 'The map background did not load. Markers, the list and search still work.',
  loadFailed: 'The organisations could not be loaded. Please reload the page.',
  away: '{d} away',
  language: 'Language',
  dataSources: 'Data sources',
  licence: 'licence',
  creditTiles: 'Map background: {tiles}.',
  creditBoundary: 'City boundary: {wof} ({wofLicence}), geometry from the National Register of Boundaries {gugik}; simplified.',
  creditPlaces:
    'Names and points of the former villages (now districts), lakes, Góra Chełmska and postcodes: {geonames}, licence {ccby}; selected and converted.',
  creditMorskie: 'Osiedle Morskie: {wikipedia}, licence {ccbysa}.',
  creditStation: 'Railway station: {plrailmap}, {cc0}.',
  creditAddresses: 'Address points the bot places addresses by: the {rspo} register as prepared by {osmpl}.',
  creditApprox: 'The other district names stand at approximate places set by this project.',
};

const uk: MapStrings = {
  title: 'Мапа громадських організацій Кошаліна',
  intro: 'Громадські організації Кошаліна: знайдіть найближчі, перегляньте події, запитайте бота.',
  skip: 'Перейти до списку організацій',
  category: 'Категорія',
  allCategories: 'Усі категорії',
  search: 'Пошук за назвою',
  searchPlaceholder: 'напр. сеньйори, фундація…',
  nearMe: 'Поруч зі мною',
  locating: 'Визначаю розташування…',
  geoDenied: 'Розташування не надано. Дозвольте геолокацію в браузері або оберіть точку на мапі.',
  geoUnavailable: 'Не вдалося визначити розташування. Спробуйте надворі або оберіть точку на мапі.',
  geoTimeout: 'Визначення розташування тривало задовго. Спробуйте ще раз.',
  geoUnsupported: 'Цей браузер не надає розташування.',
  youAreHere: 'Ви тут',
  list: 'Організації',
  nearestList: 'Найближчі організації',
  count: 'Організацій на мапі: {n}',
  none: 'Немає організацій для цих фільтрів.',
  demo: 'ДЕМО',
  demoNote: 'Демонстраційні дані: ці організації вигадані.',
  phone: 'Телефон',
  website: 'Сайт',
  events: 'Найближчі події',
  signUp: 'Зареєструватися',
  askBot: 'Запитати бота',
  telegram: 'Telegram',
  sms: 'SMS',
  showOnMap: 'Показати на мапі',
  tilesFailed: 'Підкладка мапи не завантажилася. Маркери, список і пошук працюють.',
  loadFailed: 'Не вдалося завантажити організації. Оновіть сторінку.',
  away: '{d} звідси',
  language: 'Мова',
  dataSources: 'Джерела даних',
  licence: 'ліцензія',
  creditTiles: 'Підкладка мапи: {tiles}.',
  creditBoundary: 'Межа міста: {wof} ({wofLicence}), геометрія з Державного реєстру кордонів Польщі {gugik}; спрощена.',
  creditPlaces:
    'Назви й точки колишніх сіл (нині районів), озер, гори Хелмської та поштових індексів: {geonames}, ліцензія {ccby}; вибрані й перетворені.',
  creditMorskie: 'Осідле Морське: {wikipedia}, ліцензія {ccbysa}.',
  creditStation: 'Залізничний вокзал: {plrailmap}, {cc0}.',
  creditAddresses: 'Адресні точки, за якими бот визначає адреси: реєстр {rspo} в опрацюванні {osmpl}.',
  creditApprox: 'Решта назв районів стоїть у приблизних місцях, визначених проєктом.',
};

export const mapStrings: Record<MapLocale, MapStrings> = { pl, en, uk };

/** ?lang= wins; otherwise the first supported language of Accept-Language; otherwise Polish. */
export function pickMapLocale(query: unknown, acceptLanguage: string | undefined): MapLocale {
  if (typeof query === 'string' && (MAP_LOCALES as readonly string[]).includes(query)) return query as MapLocale;
  for (const part of (acceptLanguage ?? '').split(',')) {
    const tag = part.split(';')[0]!.trim().toLowerCase().split('-')[0];
    if (tag === 'uk' || tag === 'ru') return 'uk';
    if (tag === 'pl' || tag === 'en') return tag;
  }
  return 'pl';
}
