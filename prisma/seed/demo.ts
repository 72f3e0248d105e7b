/**
 * The demo dataset loaded into an empty database so that a first `npm start` shows the product working.
 *
 * Every record here is INVENTED: names say "(demo)", coordinates are hand-placed points inside Koszalin
 * (source "demo: invented", precision DISTRICT), phone numbers are in the fictional 500 000 xxx range.
 * They are flagged isDemo, shown as demo everywhere, and deleted by the first import of real data.
 */
import type { PrismaClient } from '../generated/client.js';

interface DemoOrg {
  key: string;
  name: string;
  category: string;
  description: string;
  address: string;
  lat: number;
  lng: number;
  phone?: string;
  website?: string;
}

export const DEMO_ORGANIZATIONS: DemoOrg[] = [
  {
    key: 'seniors-centre',
    name: 'Klub Seniora „Jesień” (demo)',
    category: 'seniorzy',
    description: 'Spotkania, gimnastyka i kawiarenka dla seniorów.',
    address: 'okolice Rynku Staromiejskiego (demo)',
    lat: 54.1895,
    lng: 16.1718,
    phone: '+48500000101',
  },
  {
    key: 'seniors-north',
    name: 'Stowarzyszenie Aktywny Senior (demo)',
    category: 'seniorzy',
    description: 'Zajęcia komputerowe i wycieczki.',
    address: 'os. Tysiąclecia (demo)',
    lat: 54.2052,
    lng: 16.1792,
    phone: '+48500000102',
  },
  {
    key: 'youth-sport',
    name: 'Uczniowski Klub Sportowy Bałtyk (demo)',
    category: 'sport',
    description: 'Piłka nożna i lekkoatletyka dla dzieci.',
    address: 'os. Na Skarpie (demo)',
    lat: 54.1801,
    lng: 16.1935,
    phone: '+48500000103',
  },
  {
    key: 'runners',
    name: 'Koszalińska Grupa Biegowa (demo)',
    category: 'sport',
    description: 'Wspólne bieganie na Górze Chełmskiej.',
    address: 'Góra Chełmska (demo)',
    lat: 54.1765,
    lng: 16.2138,
  },
  {
    key: 'animals',
    name: 'Fundacja Przyjaciele Zwierząt (demo)',
    category: 'zwierzeta',
    description: 'Adopcje psów i kotów, wolontariat.',
    address: 'os. Lubiatowo (demo)',
    lat: 54.2085,
    lng: 16.1405,
    phone: '+48500000104',
  },
  {
    key: 'eco',
    name: 'Zielony Koszalin (demo)',
    category: 'ekologia',
    description: 'Sprzątanie lasów, ogrody społeczne.',
    address: 'os. Rokosowo (demo)',
    lat: 54.1772,
    lng: 16.1583,
    website: 'https://example.org/zielony',
  },
  {
    key: 'food-bank',
    name: 'Bank Żywności Pomorze (demo)',
    category: 'pomoc-spoleczna',
    description: 'Paczki żywnościowe i pomoc sąsiedzka.',
    address: 'os. Bukowe (demo)',
    lat: 54.1721,
    lng: 16.1802,
    phone: '+48500000105',
  },
  {
    key: 'kids',
    name: 'Świetlica Promyk (demo)',
    category: 'dzieci-mlodziez',
    description: 'Świetlica i korepetycje dla dzieci.',
    address: 'os. Śródmieście (demo)',
    lat: 54.1929,
    lng: 16.1664,
    phone: '+48500000106',
  },
  {
    key: 'health',
    name: 'Stowarzyszenie Zdrowe Serce (demo)',
    category: 'zdrowie',
    description: 'Badania profilaktyczne i grupy wsparcia.',
    address: 'os. Wspólny Dom (demo)',
    lat: 54.1968,
    lng: 16.1889,
  },
  {
    key: 'disability',
    name: 'Fundacja Razem Możemy (demo)',
    category: 'niepelnosprawnosc',
    description: 'Wsparcie osób z niepełnosprawnością i ich rodzin.',
    address: 'os. Unii Europejskiej (demo)',
    lat: 54.1843,
    lng: 16.2071,
    phone: '+48500000107',
  },
  {
    key: 'culture',
    name: 'Teatr Ulicy Koszalin (demo)',
    category: 'kultura',
    description: 'Warsztaty teatralne i koncerty.',
    address: 'os. Śródmieście (demo)',
    lat: 54.1912,
    lng: 16.1772,
  },
  {
    key: 'migrants',
    name: 'Centrum Wsparcia Cudzoziemców (demo)',
    category: 'migranci',
    description: 'Porady prawne, kursy polskiego, pomoc dla osób z Ukrainy.',
    address: 'okolice dworca PKP (demo)',
    lat: 54.1883,
    lng: 16.1843,
    phone: '+48500000108',
  },
];

/** Inserts the demo organisations and a few events. Call only on a database with no organisations. */
export async function loadDemoData(prisma: PrismaClient, now = new Date()): Promise<{ organizations: number; events: number }> {
  const categories = new Map((await prisma.category.findMany()).map((c) => [c.slug, c.id]));
  const ids = new Map<string, number>();
  for (const o of DEMO_ORGANIZATIONS) {
    const created = await prisma.organization.create({
      data: {
        dedupeKey: `demo:${o.key}`,
        name: o.name,
        description: o.description,
        address: o.address,
        city: 'Koszalin',
        lat: o.lat,
        lng: o.lng,
        coordSource: 'demo: invented',
        coordPrecision: 'DISTRICT',
        phone: o.phone,
        website: o.website,
        isDemo: true,
        source: 'demo',
        categories: categories.has(o.category) ? { create: [{ categoryId: categories.get(o.category)! }] } : undefined,
      },
    });
    ids.set(o.key, created.id);
  }
  const day = 24 * 3600 * 1000;
  const at = (days: number, hour: number) => {
    const d = new Date(now.getTime() + days * day);
    d.setUTCHours(hour - 1, 0, 0, 0); // about local time in Warsaw (winter); demo only
    return d;
  };
  const events = [
    { org: 'seniors-centre', title: 'Kawiarenka obywatelska (demo)', days: 3, hour: 17, capacity: 20, category: 'seniorzy' },
    { org: 'eco', title: 'Sprzątanie Góry Chełmskiej (demo)', days: 6, hour: 10, capacity: 40, category: 'ekologia' },
    { org: 'culture', title: 'Dzień Organizacji Pozarządowych (demo)', days: 10, hour: 12, capacity: null, category: 'kultura' },
    { org: 'kids', title: 'Warsztaty dla rodzin (demo)', days: 4, hour: 16, capacity: 2, category: 'dzieci-mlodziez' },
  ];
  for (const e of events) {
    const org = DEMO_ORGANIZATIONS.find((o) => o.key === e.org)!;
    await prisma.event.create({
      data: {
        organizationId: ids.get(e.org)!,
        categoryId: categories.get(e.category),
        title: e.title,
        startsAt: at(e.days, e.hour),
        place: org.address,
        lat: org.lat,
        lng: org.lng,
        capacity: e.capacity,
        isDemo: true,
      },
    });
  }
  return { organizations: DEMO_ORGANIZATIONS.length, events: events.length };
}

/** Removes demo organisations (their events, sign-ups and memberships go with them). */
export async function removeDemoData(prisma: PrismaClient): Promise<number> {
  const r = await prisma.organization.deleteMany({ where: { isDemo: true } });
  return r.count;
}
