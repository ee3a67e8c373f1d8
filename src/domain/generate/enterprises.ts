import { unifiedSocialCreditCode, mobileNumber } from './id-numbers.js';
import { fullName } from './names.js';
import { pickRegion, type Region } from './regions.js';
import type { Rng } from './rng.js';

/** Brands a dealer group sells, as they appear in 4S-shop company names. */
const DEALER_BRANDS = ['比亚迪', '丰田', '本田', '大众', '日产', '吉利', '长安', '别克', '宝马', '奔驰', '奥迪', '特斯拉', '理想', '蔚来', '五菱'];
const DEALER_TRADE_NAMES = ['运通', '广汇', '永达', '中升', '庞大', '正通', '恒信', '利星行', '宝利德', '申华', '华星', '鑫源'];

export interface Enterprise {
  kind: 'enterprise';
  name: string;
  /** GB 32100 unified social credit code. */
  uscc: string;
  region: Region;
  /** 法定代表人 */
  legalRepresentative: string;
  contactMobile: string;
  /** Registered address: a showroom on a road, no building or room. */
  address: string;
  /** The brand the dealer sells, for floor-plan (库存融资) collateral. */
  brand: string;
}

/** A car dealer borrowing against its stock (floor-plan loans), e.g. 杭州运通宝马汽车销售服务有限公司. */
export function generateEnterprise(rng: Rng): Enterprise {
  const region = pickRegion(rng.child('region'));
  const nameRng = rng.child('name');
  const brand = nameRng.pick(DEALER_BRANDS);
  const city = region.city.replace(/市$/, '');
  const suffix = nameRng.weighted([['汽车销售服务有限公司', 70], ['汽车销售有限公司', 20], ['汽车贸易有限公司', 10]] as const);
  const name = `${city}${nameRng.pick(DEALER_TRADE_NAMES)}${brand}${suffix}`;
  const addressRng = rng.child('address');
  const head = region.province === region.city ? region.city : region.province + region.city;
  const address = `${head}${region.district}${addressRng.pick(region.roads)}${addressRng.int(1, 999)}号`;
  return {
    kind: 'enterprise',
    name,
    uscc: unifiedSocialCreditCode(rng.child('uscc'), region.code),
    region,
    legalRepresentative: fullName(rng.child('legal-rep'), rng.child('legal-rep-gender').chance(0.8) ? 'M' : 'F'),
    contactMobile: mobileNumber(rng.child('mobile')),
    address,
    brand,
  };
}
