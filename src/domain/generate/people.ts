import { addDays, type BusinessDate, daysInMonth, fromDayNumber, parseBusinessDate, toDayNumber } from '../business-date.js';
import type { Fen } from '../money.js';
import { mobileNumber, residentIdNumber } from './id-numbers.js';
import { fullName, type Gender, surname } from './names.js';
import { pickRegion, type Region } from './regions.js';
import type { Rng } from './rng.js';

/** Completed years of age on `on`; someone born on 29 February turns a year older on 1 March in common years. */
export function ageOn(birthDate: BusinessDate, on: BusinessDate): number {
  const years = Number(on.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return on.slice(5) < birthDate.slice(5) ? years - 1 : years;
}

/** The same calendar day `years` earlier, 29 February falling back to the 28th. */
export function yearsBefore(date: BusinessDate, years: number): BusinessDate {
  const y = Number(date.slice(0, 4)) - years;
  const m = Number(date.slice(5, 7));
  const d = Math.min(Number(date.slice(8, 10)), daysInMonth(y, m));
  return parseBusinessDate(`${String(y).padStart(4, '0')}-${date.slice(5, 7)}-${String(d).padStart(2, '0')}`);
}

export const MIN_BORROWER_AGE = 22;
export const MAX_BORROWER_AGE = 60;

// Auto-loan applicants cluster in their late twenties and thirties.
const AGE_BANDS: readonly (readonly [readonly [number, number], number])[] = [
  [[22, 25], 10], [[26, 30], 22], [[31, 35], 24], [[36, 40], 18], [[41, 45], 12], [[46, 50], 8], [[51, 55], 4], [[56, 60], 2],
];

/** A birth date giving an age from `MIN_BORROWER_AGE` to `MAX_BORROWER_AGE` on `asOf`. */
export function borrowerBirthDate(rng: Rng, asOf: BusinessDate): BusinessDate {
  const [lo, hi] = rng.weighted(AGE_BANDS);
  const age = rng.int(lo, hi);
  const latest = toDayNumber(yearsBefore(asOf, age));
  const earliest = toDayNumber(addDays(yearsBefore(asOf, age + 1), 1));
  return fromDayNumber(rng.int(earliest, latest));
}

export interface HomeAddress {
  province: string;
  city: string;
  district: string;
  road: string;
  /** e.g. "88号" */
  number: string;
  /** e.g. "3栋2单元1201室" */
  room: string;
  /** The whole address on one line, as written on a contract. */
  full: string;
}

export function homeAddress(rng: Rng, region: Region): HomeAddress {
  const road = rng.pick(region.roads);
  const number = `${rng.int(1, 999)}号`;
  const floor = rng.int(1, 33);
  const room = `${rng.int(1, 20)}栋${rng.int(1, 4)}单元${floor}${String(rng.int(1, 4)).padStart(2, '0')}室`;
  const head = region.province === region.city ? region.city : region.province + region.city;
  return { province: region.province, city: region.city, district: region.district, road, number, room, full: `${head}${region.district}${road}${number}${room}` };
}

export type EmploymentType = 'employee' | 'self-employed' | 'business-owner';

export interface Employment {
  type: EmploymentType;
  /** Employer, 个体工商户 trade name, or the owner's company. */
  employer: string;
  position: string;
}

// Wage earners dominate retail auto finance; 个体工商户 and small-business owners are the rest.
const EMPLOYMENT_SHARES: readonly (readonly [EmploymentType, number])[] = [['employee', 75], ['self-employed', 15], ['business-owner', 10]];

const TRADE_NAMES = ['华信', '中科', '博远', '恒泰', '鼎盛', '瑞丰', '嘉和', '宏达', '金诚', '天成', '汇通', '盛世', '创新', '联合', '永安', '康达'];
const INDUSTRIES = ['科技', '信息技术', '网络科技', '贸易', '物流', '建筑工程', '餐饮管理', '医药', '电子', '教育咨询', '文化传媒', '汽车服务', '物业管理', '机械设备', '食品'];
const SHOPS = ['五金店', '餐馆', '便利店', '服装店', '水果店', '汽车修理厂', '理发店', '建材店', '手机店', '茶叶店'];
const PUBLIC_EMPLOYERS: readonly (readonly [string, readonly string[]])[] = [
  ['第一人民医院', ['医生', '护士', '药剂师']],
  ['实验小学', ['教师']],
  ['第二中学', ['教师', '教务主任']],
  ['供电公司', ['电力工程师', '营业员']],
  ['自来水公司', ['技术员', '营业员']],
];
const POSITIONS = ['职员', '工程师', '高级工程师', '销售经理', '销售代表', '会计', '司机', '技术员', '行政专员', '客服专员', '部门经理', '项目经理', '设计师', '仓库主管'];

export function employment(rng: Rng, region: Region, family: string): Employment {
  const type = rng.weighted(EMPLOYMENT_SHARES);
  const cityShort = region.city.replace(/市$/, '');
  const company = (): string => `${rng.chance(0.7) ? cityShort + '市' : ''}${rng.pick(TRADE_NAMES)}${rng.pick(INDUSTRIES)}有限公司`;
  switch (type) {
    case 'self-employed':
      return { type, employer: `${region.district}${family}记${rng.pick(SHOPS)}`, position: '经营者' };
    case 'business-owner':
      return { type, employer: company(), position: rng.pick(['法定代表人', '总经理', '执行董事']) };
    case 'employee':
      if (rng.chance(0.12)) {
        const [unit, positions] = rng.pick(PUBLIC_EMPLOYERS);
        return { type, employer: `${cityShort}市${unit}`, position: rng.pick(positions) };
      }
      return { type, employer: company(), position: rng.pick(POSITIONS) };
  }
}

export const INCOME_FLOOR_FEN: Fen = 3_000_00;
export const INCOME_CEILING_FEN: Fen = 80_000_00;
const MEDIAN_INCOME_YUAN = 9_000;
const INCOME_MULTIPLIER: Record<EmploymentType, number> = { employee: 1, 'self-employed': 1.2, 'business-owner': 1.8 };

/**
 * Declared monthly income, log-normal around a 9,000-yuan median (σ = 0.55 in log space: the
 * middle 90 % is about 3,600–22,000), higher for owners, clamped to 3,000–80,000 and rounded to
 * 100 yuan as applicants declare it.
 */
export function monthlyIncomeFen(rng: Rng, type: EmploymentType): Fen {
  const yuan = Math.exp(rng.normal(Math.log(MEDIAN_INCOME_YUAN * INCOME_MULTIPLIER[type]), 0.55));
  const rounded = Math.round(yuan / 100) * 100 * 100;
  return Math.min(INCOME_CEILING_FEN, Math.max(INCOME_FLOOR_FEN, rounded));
}

export type Relation = '配偶' | '父母' | '子女' | '兄弟姐妹' | '朋友' | '同事';

export interface EmergencyContact {
  name: string;
  relation: Relation;
  mobile: string;
}

/**
 * Two contacts, as lenders ask for: a spouse or a parent first (spouse more likely with age),
 * then a sibling, friend, colleague, or — for older borrowers — a grown child.
 */
export function emergencyContacts(rng: Rng, borrower: { gender: Gender; family: string; age: number; mobile: string }): EmergencyContact[] {
  const other: Gender = borrower.gender === 'M' ? 'F' : 'M';
  const firstRelation: Relation = rng.chance(borrower.age >= 30 ? 0.75 : borrower.age >= 26 ? 0.45 : 0.15) ? '配偶' : '父母';
  const secondChoices: (readonly [Relation, number])[] = [['兄弟姐妹', 35], ['朋友', 35], ['同事', 20], ['子女', borrower.age >= 45 ? 30 : 0]];
  const secondRelation = rng.weighted(secondChoices);
  const used = new Set([borrower.mobile]);
  const contact = (relation: Relation): EmergencyContact => {
    let name: string;
    if (relation === '配偶') name = fullName(rng, other);
    else if (relation === '父母') name = rng.chance(0.6) ? fullName(rng, 'M', borrower.family) : fullName(rng, 'F');
    else if (relation === '兄弟姐妹') name = fullName(rng, rng.chance(0.5) ? 'M' : 'F', borrower.family);
    else if (relation === '子女') name = fullName(rng, rng.chance(0.5) ? 'M' : 'F', borrower.gender === 'M' ? borrower.family : surname(rng));
    else name = fullName(rng, rng.chance(0.5) ? 'M' : 'F');
    let mobile = mobileNumber(rng);
    while (used.has(mobile)) mobile = mobileNumber(rng);
    used.add(mobile);
    return { name, relation, mobile };
  };
  return [contact(firstRelation), contact(secondRelation)];
}

export interface Individual {
  kind: 'individual';
  name: string;
  gender: Gender;
  birthDate: BusinessDate;
  residentId: string;
  mobile: string;
  region: Region;
  address: HomeAddress;
  employment: Employment;
  monthlyIncomeFen: Fen;
  emergencyContacts: EmergencyContact[];
}

/**
 * A retail borrower. Each part draws from its own child stream, so changing how, say, employers
 * are generated leaves names, IDs and phone numbers of the same seed untouched.
 */
export function generateIndividual(rng: Rng, asOf: BusinessDate): Individual {
  const region = pickRegion(rng.child('region'));
  const gender: Gender = rng.child('gender').chance(0.68) ? 'M' : 'F';
  const nameRng = rng.child('name');
  const family = surname(nameRng);
  const name = fullName(nameRng, gender, family);
  const birthDate = borrowerBirthDate(rng.child('birth'), asOf);
  const residentId = residentIdNumber(rng.child('id'), region.code, birthDate, gender);
  const mobile = mobileNumber(rng.child('mobile'));
  const address = homeAddress(rng.child('address'), region);
  const job = employment(rng.child('employment'), region, family);
  const monthlyIncome = monthlyIncomeFen(rng.child('income'), job.type);
  const contacts = emergencyContacts(rng.child('contacts'), { gender, family, age: ageOn(birthDate, asOf), mobile });
  return { kind: 'individual', name, gender, birthDate, residentId, mobile, region, address, employment: job, monthlyIncomeFen: monthlyIncome, emergencyContacts: contacts };
}
