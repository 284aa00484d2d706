import type { TJobStatus, TVisitStatus } from '@fieldkeep/domain';

/** The demo tenant's sites and jobs: data only (demo-data.ts books them through the services). */

export interface DemoVisit {
  day: number;
  from: string;
  to: string;
  engineers: number[];
  statuses?: TVisitStatus[];
}

interface DemoSite {
  client: string;
  site: { name: string; address1: string; town: string; postcode: string; accessNotes?: string; occupantName?: string; occupantPhone?: string };
  assets?: Array<{ type: string; make?: string; model?: string; serial?: string; location?: string }>;
  warnings?: Array<{ type: string; text: string; onAsset?: number; untilDays?: number; fromDays?: number }>;
}

const N = 'Northside Housing Association';
const R = 'Riverside Homes';
const H = 'Hillcrest Lettings';

export const DEMO_SITES: DemoSite[] = [
  {
    client: N,
    site: { name: 'Flat 3, 14 Canal Street', address1: '14 Canal Street', town: 'Leeds', postcode: 'LS11 5QR', accessNotes: 'Entry phone 3; key safe code with the office.', occupantName: 'Mr D. Walsh', occupantPhone: '07700 900123' },
    assets: [{ type: 'Boiler', make: 'Worcester', model: 'Greenstar 30i', serial: 'WB-30I-118274', location: 'Kitchen cupboard' }],
    warnings: [{ type: 'attend_in_pairs', text: 'Occupant has been verbally aggressive to staff. Always two engineers.' }],
  },
  {
    client: N,
    site: { name: '22 Orchard Way', address1: '22 Orchard Way', town: 'Leeds', postcode: 'LS8 2HJ', occupantName: 'Mrs E. Brown', occupantPhone: '07700 900456' },
    assets: [{ type: 'Stairlift', make: 'Acorn', model: '130', location: 'Hall' }],
    warnings: [{ type: 'vulnerable_occupant', text: 'Elderly occupant, hard of hearing. Knock loudly, allow time to answer; show ID.' }],
  },
  {
    client: N,
    site: { name: '7 Elm Court', address1: '7 Elm Court', town: 'Leeds', postcode: 'LS9 7TT', accessNotes: 'Ring before arrival: dog must be shut away.' },
    warnings: [{ type: 'aggressive_animal', text: 'Large dog (Rottweiler). Ask for it to be secured before entering.' }],
  },
  {
    client: N,
    site: { name: '31 Park Road', address1: '31 Park Road', town: 'Leeds', postcode: 'LS12 1AB', occupantName: 'Ms K. Nowak', occupantPhone: '07700 900789' },
    warnings: [{ type: 'infection_risk', text: 'Household isolating. Full PPE; emergency work only until the date shown.', untilDays: 10 }],
  },
  {
    client: N,
    site: { name: '5 Beech Grove', address1: '5 Beech Grove', town: 'Leeds', postcode: 'LS6 4DE' },
    assets: [{ type: 'Consumer unit', make: 'Hager', location: 'Under stairs' }],
    warnings: [{ type: 'aggressive_animal', text: 'Dog on site (now rehomed).', fromDays: -30, untilDays: -1 }],
  },
  {
    client: N,
    site: { name: '9 Holly Bank', address1: '9 Holly Bank', town: 'Leeds', postcode: 'LS6 3BN' },
  },
  {
    client: R,
    site: { name: 'Riverside Tower, flat 12', address1: 'Riverside Tower, 12', town: 'Leeds', postcode: 'LS10 1RT', accessNotes: 'Concierge at ground floor; lifts to floor 6 only.' },
    warnings: [{ type: 'lone_working_prohibited', text: 'High-rise block without mobile signal above floor 4: no lone working.' }],
  },
  {
    client: R,
    site: { name: 'Unit 4, Mill Yard', address1: 'Unit 4, Mill Yard', town: 'Leeds', postcode: 'LS11 9YJ' },
    assets: [{ type: 'Boiler', make: 'Ideal', model: 'Logic Max 24', location: 'Plant room' }, { type: 'Water heater', make: 'Ariston', location: 'Kitchen' }],
    warnings: [{ type: 'asbestos_present', text: 'Asbestos insulation board on the plant-room ceiling. Do not drill.', onAsset: 0 }],
  },
  {
    client: R,
    site: { name: '18 Quayside Mews', address1: '18 Quayside Mews', town: 'Leeds', postcode: 'LS10 1QM' },
    assets: [{ type: 'Extractor fan', make: 'Vent-Axia', location: 'Bathroom' }],
  },
  {
    client: R,
    site: { name: '2 Ferry Lane', address1: '2 Ferry Lane', town: 'Leeds', postcode: 'LS10 2FL' },
  },
  {
    client: H,
    site: { name: '42b Otley Road', address1: '42b Otley Road', town: 'Leeds', postcode: 'LS6 3PX', accessNotes: 'Keys at Hillcrest office; return same day.' },
    assets: [{ type: 'Boiler', make: 'Vaillant', model: 'ecoTEC plus', location: 'Airing cupboard' }],
  },
  {
    client: H,
    site: { name: '11 Cardigan Road', address1: '11 Cardigan Road', town: 'Leeds', postcode: 'LS6 1LF' },
  },
];

export interface DemoJob {
  site: string;
  asset?: number;
  description: string;
  jobType: string;
  priority: 'low' | 'normal' | 'high' | 'emergency';
  targetDays?: number;
  skills?: string[];
  engineers?: number;
  visits?: DemoVisit[];
  note?: string;
  outcome?: TJobStatus;
}

const done: TVisitStatus[] = ['on_site', 'completed'];

export const DEMO_JOBS: DemoJob[] = [
  // Yesterday: finished work.
  { site: '9 Holly Bank', description: 'Replace washer on bath cold tap', jobType: 'repair', priority: 'low', visits: [{ day: -1, from: '09:00', to: '10:00', engineers: [1], statuses: done }], outcome: 'completed', note: 'Completed: washer replaced.' },
  { site: '2 Ferry Lane', description: 'Rehang back door, sticking on frame', jobType: 'repair', priority: 'normal', visits: [{ day: -1, from: '10:30', to: '12:30', engineers: [5], statuses: done }], outcome: 'completed' },
  { site: '18 Quayside Mews', asset: 0, description: 'Extractor fan not running', jobType: 'repair', priority: 'normal', skills: ['electrical'], visits: [{ day: -1, from: '13:00', to: '14:00', engineers: [2], statuses: done }], outcome: 'follow_on', note: 'Fan motor ordered from supplier; second visit needed.' },
  { site: '11 Cardigan Road', description: 'Gas safety certificate (annual)', jobType: 'inspection', priority: 'normal', skills: ['gas safe'], visits: [{ day: -1, from: '08:30', to: '09:30', engineers: [4], statuses: done }], outcome: 'completed' },
  { site: '5 Beech Grove', asset: 0, description: 'RCD tripping intermittently', jobType: 'repair', priority: 'high', skills: ['electrical'], visits: [{ day: -1, from: '14:30', to: '16:00', engineers: [2], statuses: ['aborted'] }], outcome: 'aborted', note: 'No access yesterday: card left, calling to rebook.' },
  { site: '9 Holly Bank', description: 'Fit smoke alarm in hallway', jobType: 'installation', priority: 'normal', visits: [{ day: -1, from: '11:00', to: '11:30', engineers: [3], statuses: done }], outcome: 'completed' },
  // Today.
  { site: '42b Otley Road', asset: 0, description: 'No heating or hot water', jobType: 'repair', priority: 'emergency', skills: ['gas safe'], targetDays: 0, visits: [{ day: 0, from: '08:30', to: '10:30', engineers: [1] }], note: 'Engineer booked for this morning.' },
  { site: '22 Orchard Way', asset: 0, description: 'Stairlift service (six-monthly)', jobType: 'planned_maintenance', priority: 'normal', visits: [{ day: 0, from: '11:00', to: '12:30', engineers: [1] }] },
  { site: '9 Holly Bank', description: 'Kitchen sink blocked', jobType: 'repair', priority: 'high', skills: ['plumbing'], targetDays: 0, visits: [{ day: 0, from: '13:30', to: '15:30', engineers: [1] }] },
  { site: 'Flat 3, 14 Canal Street', asset: 0, description: 'Boiler pressure dropping daily', jobType: 'repair', priority: 'high', skills: ['gas safe'], visits: [{ day: 0, from: '09:00', to: '11:00', engineers: [3, 4] }] },
  { site: 'Riverside Tower, flat 12', description: 'Bathroom ceiling leak from flat above', jobType: 'repair', priority: 'high', skills: ['plumbing'], visits: [{ day: 0, from: '12:00', to: '14:30', engineers: [2, 3] }] },
  { site: 'Unit 4, Mill Yard', asset: 1, description: 'Water heater thermostat replacement', jobType: 'repair', priority: 'normal', visits: [{ day: 0, from: '10:00', to: '12:00', engineers: [5] }] },
  { site: '7 Elm Court', description: 'Front gate latch broken', jobType: 'repair', priority: 'low', visits: [{ day: 0, from: '13:00', to: '14:00', engineers: [4] }] },
  { site: '11 Cardigan Road', description: 'Window restrictors, first floor', jobType: 'installation', priority: 'normal', visits: [{ day: 0, from: '15:00', to: '16:30', engineers: [4] }] },
  // Tomorrow.
  { site: '2 Ferry Lane', description: 'Void property: full electrical test', jobType: 'void_works', priority: 'normal', skills: ['electrical'], targetDays: 2, visits: [{ day: 1, from: '08:30', to: '12:30', engineers: [2] }] },
  { site: '18 Quayside Mews', asset: 0, description: 'Fit new extractor fan motor', jobType: 'repair', priority: 'normal', skills: ['electrical'], visits: [{ day: 1, from: '13:00', to: '14:00', engineers: [2] }] },
  { site: '22 Orchard Way', description: 'Grab rails in bathroom (OT referral)', jobType: 'installation', priority: 'high', targetDays: 3, visits: [{ day: 1, from: '08:00', to: '10:00', engineers: [1] }] },
  { site: '42b Otley Road', asset: 0, description: 'Boiler follow-up: check pressure after repair', jobType: 'inspection', priority: 'normal', skills: ['gas safe'], visits: [{ day: 1, from: '10:30', to: '11:30', engineers: [1] }] },
  { site: '9 Holly Bank', description: 'Repoint garden wall', jobType: 'planned_maintenance', priority: 'low', visits: [{ day: 1, from: '12:00', to: '16:30', engineers: [1] }] },
  { site: 'Unit 4, Mill Yard', asset: 0, description: 'Annual boiler service', jobType: 'planned_maintenance', priority: 'normal', skills: ['gas safe'], visits: [{ day: 1, from: '08:00', to: '11:00', engineers: [4] }] },
  { site: '11 Cardigan Road', description: 'Replace kitchen worktop', jobType: 'repair', priority: 'normal', skills: ['carpentry'], visits: [{ day: 1, from: '11:30', to: '16:30', engineers: [4, 5] }] },
  { site: 'Riverside Tower, flat 12', description: 'Repair ceiling after leak', jobType: 'repair', priority: 'normal', visits: [{ day: 2, from: '09:00', to: '12:00', engineers: [3, 5] }] },
  // Waiting to be allocated.
  { site: 'Flat 3, 14 Canal Street', description: 'Bedroom window will not close', jobType: 'repair', priority: 'high', targetDays: 2 },
  { site: '31 Park Road', description: 'Radiator valve leaking (emergency only while isolating)', jobType: 'repair', priority: 'emergency', skills: ['plumbing'], targetDays: 0 },
  { site: '5 Beech Grove', asset: 0, description: 'RCD tripping: rebook after no access', jobType: 'repair', priority: 'high', skills: ['electrical'], targetDays: 1 },
  { site: '7 Elm Court', description: 'Damp patch in bedroom corner', jobType: 'inspection', priority: 'normal', targetDays: 5 },
  { site: '22 Orchard Way', description: 'Lever taps for kitchen (OT referral)', jobType: 'installation', priority: 'normal', targetDays: 7 },
  { site: 'Unit 4, Mill Yard', description: 'Replace fluorescent fittings with LED', jobType: 'installation', priority: 'low', skills: ['electrical'], targetDays: 14 },
  { site: '18 Quayside Mews', description: 'Shower tray resealing', jobType: 'repair', priority: 'normal', skills: ['plumbing'], targetDays: 4 },
  { site: '2 Ferry Lane', description: 'Void property: clean and clear garden', jobType: 'void_works', priority: 'low', targetDays: 10 },
  { site: '2 Ferry Lane', description: 'Void property: change locks', jobType: 'void_works', priority: 'high', skills: ['carpentry'], targetDays: 1 },
  { site: '42b Otley Road', description: 'Loft hatch insulation', jobType: 'planned_maintenance', priority: 'low', targetDays: 21 },
  { site: '9 Holly Bank', description: 'Annual gas safety check', jobType: 'inspection', priority: 'normal', skills: ['gas safe'], targetDays: 9 },
  { site: 'Riverside Tower, flat 12', description: 'Door entry handset faulty', jobType: 'repair', priority: 'normal', skills: ['electrical'], engineers: 2, targetDays: 3 },
  { site: '11 Cardigan Road', description: 'Gutter clearance, front elevation', jobType: 'planned_maintenance', priority: 'low', skills: ['roofing'], targetDays: 12 },
  { site: '7 Elm Court', description: 'Replace cracked toilet cistern', jobType: 'repair', priority: 'high', skills: ['plumbing'], targetDays: 2 },
  { site: '5 Beech Grove', description: 'Fence panel blown down', jobType: 'repair', priority: 'normal', targetDays: 6 },
  { site: '31 Park Road', description: 'Routine boiler service (after isolation ends)', jobType: 'planned_maintenance', priority: 'low', skills: ['gas safe'], targetDays: 14 },
  // Closed without a visit.
  { site: '9 Holly Bank', description: 'Duplicate report: sink blocked', jobType: 'repair', priority: 'high', outcome: 'cancelled' },
];
