// Name material for generated users. A few non-ASCII names on purpose: the UI must measure and
// truncate them correctly, and search must find them.

export const FIRST_NAMES = [
  'Maria', 'Anna', 'Johan', 'Erik', 'Lars', 'Emma', 'Olivia', 'Liam', 'Noah', 'Sofia',
  'Lucas', 'Mia', 'Hugo', 'Elsa', 'Oscar', 'Ida', 'William', 'Alice', 'Felix', 'Nora',
  'James', 'Sarah', 'David', 'Laura', 'Daniel', 'Julia', 'Thomas', 'Hanna', 'Peter', 'Clara',
  'Michael', 'Eva', 'Robert', 'Lena', 'Martin', 'Sara', 'Paul', 'Ingrid', 'Karl', 'Astrid',
  'Priya', 'Rahul', 'Aisha', 'Omar', 'Yuki', 'Kenji', 'Chen', 'Fatima', 'Diego', 'Lucía',
] as const;

export const LAST_NAMES = [
  'Lindqvist', 'Andersson', 'Johansson', 'Karlsson', 'Nilsson', 'Eriksson', 'Larsson', 'Olsson',
  'Persson', 'Svensson', 'Gustafsson', 'Pettersson', 'Smith', 'Johnson', 'Williams', 'Brown',
  'Jones', 'Miller', 'Davis', 'Wilson', 'Taylor', 'Clark', 'Lewis', 'Walker', 'Hall', 'Young',
  'Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Dubois',
  'Martin', 'Bernard', 'Moreau', 'Laurent', 'Rossi', 'Russo', 'Ferrari', 'García', 'Fernández',
  'González', 'Patel', 'Sharma', 'Khan', 'Tanaka', 'Suzuki', 'Nakamura', 'Kowalski', 'Nowak',
] as const;

/** Given first, always generated: they exercise wide characters and diacritics. */
export const SPECIAL_NAMES: ReadonlyArray<{name: string; emailLocal: string}> = [
  {name: 'Zoë Ångström', emailLocal: 'zoe.angstrom'},
  {name: '李 伟', emailLocal: 'li.wei'},
  {name: 'José Ñúñez', emailLocal: 'jose.nunez'},
  {name: 'Søren Kierkegård', emailLocal: 'soren.kierkegard'},
];

/** Pairs that appear together in real token lists: description, deviceType. */
export const DEVICES: ReadonlyArray<{description: string | null; deviceType: string | null}> = [
  {description: 'Qlik Sense Mobile on iPhone', deviceType: 'Phone'},
  {description: 'Qlik Sense Mobile on iPad', deviceType: 'Tablet'},
  {description: 'Qlik Sense Mobile on Android', deviceType: 'Phone'},
  {description: 'Samsung Galaxy Tab', deviceType: 'Tablet'},
  {description: 'Qlik Sense Desktop', deviceType: 'Desktop'},
  {description: 'Qlik Cloud Analytics for Excel', deviceType: null},
  {description: 'Power BI connector', deviceType: null},
  {description: 'qlik-cli on build agent', deviceType: null},
  {description: null, deviceType: 'Phone'},
  {description: null, deviceType: null},
];

export const ROLES: ReadonlyArray<{id: string; name: string; type: string; level: string}> = [
  {id: '608050f7634644db3678b1a2', name: 'TenantAdmin', type: 'default', level: 'admin'},
  {id: '608050f7634644db3678b1a3', name: 'AnalyticsAdmin', type: 'default', level: 'admin'},
  {id: '608050f7634644db3678b1a7', name: 'Developer', type: 'default', level: 'user'},
  {id: '608050f7634644db3678b1a9', name: 'SharedSpaceCreator', type: 'default', level: 'user'},
];

/** Folds diacritics for e-mail addresses: "Müller" → "muller". */
export function asciiLocalPart(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ø/gi, 'o')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');
}
