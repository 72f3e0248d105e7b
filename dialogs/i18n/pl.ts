/** Polish, the default language. Every key here must exist in en.ts and uk.ts (the compiler and a test check). */
export const pl = {
  'language.name': 'polski',
  'menu.prompt': 'Co chcesz zrobić?',
  'menu.nearest': 'Najbliższe organizacje',
  'menu.events': 'Wydarzenia',
  'menu.subscriptions': 'Subskrypcje',
  'menu.language': 'Język',
  'menu.help': 'Pomoc',
  'welcome': 'Dzień dobry! To informator organizacji pozarządowych Koszalina.',
  'help.text':
    'Napisz adres, osiedle lub kod pocztowy, a podam najbliższe organizacje. Komendy: MENU, POMOC, ANULUJ, JĘZYK, STOP (wypisz ze wszystkiego), START, USUŃ MOJE DANE.',
  'cancel.done': 'Przerwano. Napisz MENU, aby zacząć od nowa.',
  'cancel.nothing': 'Nic nie było w toku. Napisz MENU.',
  'language.prompt': 'Wybierz język / Choose language / Оберіть мову',
  'language.set': 'Ustawiono język: polski.',
  'stop.done': 'Wypisano Cię ze wszystkich wiadomości. Aby wrócić, napisz START.',
  'start.done': 'Witaj ponownie! Znów będziesz dostawać wiadomości, które obserwujesz.',
  'start.already': 'Twoje wiadomości są włączone.',
  'delete.confirm': 'Usunąć wszystkie Twoje dane (subskrypcje, zapisy, historię)? Odpowiedz TAK lub NIE.',
  'delete.done': 'Twoje dane zostały usunięte. Do widzenia!',
  'delete.kept': 'Nic nie usunięto.',
  'yes': 'Tak',
  'no': 'Nie',
  'not_understood': 'Nie rozumiem tej wiadomości.',
  'empty_message': 'Dostałem pustą wiadomość. Napisz POMOC, aby zobaczyć, co umiem.',
  'error.generic': 'Przepraszamy, coś poszło nie tak. Zacznijmy od nowa: napisz MENU.',
  'choice.retry': 'Wybierz numer od 1 do {max}.',
  'choice.gave_up': 'Nie udało się wybrać. Napisz MENU, aby zacząć od nowa.',
  'rate_limited': 'Wysłano zbyt wiele wiadomości. Odpowiem ponownie za około godzinę.',
  'feature.soon': 'Ta funkcja będzie dostępna wkrótce.',
} as const;

export type MessageKey = keyof typeof pl;
