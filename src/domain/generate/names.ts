import type { Rng } from './rng.js';

export type Gender = 'M' | 'F';

/**
 * The 64 commonest surnames with their approximate share of the population in per mille, after
 * the Ministry of Public Security's household-register rankings (2019–2020). The order and
 * magnitude are right; the decimals are rounded and do not matter for demo data.
 */
export const SURNAMES: readonly (readonly [string, number])[] = [
  ['王', 71.2], ['李', 70.0], ['张', 67.4], ['刘', 53.8], ['陈', 45.3], ['杨', 30.8], ['黄', 22.3], ['赵', 22.3],
  ['吴', 19.9], ['周', 19.2], ['徐', 14.5], ['孙', 13.8], ['马', 12.9], ['朱', 12.8], ['胡', 11.6], ['郭', 11.3],
  ['何', 10.5], ['林', 10.0], ['高', 10.0], ['罗', 8.6], ['郑', 7.8], ['梁', 7.3], ['谢', 6.4], ['宋', 6.2],
  ['唐', 6.1], ['许', 6.0], ['韩', 5.8], ['冯', 5.6], ['邓', 5.5], ['曹', 5.3], ['彭', 5.2], ['曾', 5.1],
  ['肖', 4.9], ['田', 4.8], ['董', 4.7], ['袁', 4.6], ['潘', 4.5], ['于', 4.4], ['蒋', 4.3], ['蔡', 4.2],
  ['余', 4.1], ['杜', 4.0], ['叶', 3.9], ['程', 3.8], ['苏', 3.7], ['魏', 3.6], ['吕', 3.5], ['丁', 3.4],
  ['任', 3.3], ['沈', 3.2], ['姚', 3.1], ['卢', 3.0], ['姜', 2.9], ['崔', 2.8], ['钟', 2.7], ['谭', 2.6],
  ['陆', 2.5], ['汪', 2.4], ['范', 2.3], ['金', 2.2], ['石', 2.1], ['廖', 2.0], ['贾', 1.9], ['夏', 1.8],
];

const MALE_CHARS = [...'伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健俊帆帅旭龙林洋亮成志建国峰博晨阳昊轩泽宏海东鸿锋'];
const FEMALE_CHARS = [...'芳娜敏静丽艳娟霞秀玲燕萍红洁琳婷雪倩颖慧欣悦怡梅莉晶璐瑶丹蕾薇琪月雯楠'];
const NEUTRAL_CHARS = [...'子思一文佳晓雨天嘉安宁心梓可春新志晨'];

export function surname(rng: Rng): string {
  return rng.weighted(SURNAMES);
}

/** A 1- or 2-character given name; about one in seven adults has a single character. */
export function givenName(rng: Rng, gender: Gender): string {
  const own = gender === 'M' ? MALE_CHARS : FEMALE_CHARS;
  if (rng.chance(0.14)) return rng.pick(own);
  return rng.pick(rng.chance(0.5) ? NEUTRAL_CHARS : own) + rng.pick(own);
}

export function fullName(rng: Rng, gender: Gender, family: string = surname(rng)): string {
  return family + givenName(rng, gender);
}
