import type { Rng } from './rng.js';

/**
 * Real county-level administrative division codes (GB/T 2260) for districts of large cities
 * where auto finance is written, with a few real roads in each and the city's plate prefixes
 * (GA 36). A borrower's ID region, home address and plate all come from one entry, so a
 * generated file reads as one coherent person.
 */
export interface Region {
  /** 6-digit GB/T 2260 code: the first six characters of a resident ID number. */
  code: string;
  province: string;
  /** Same as `province` for the four municipalities. */
  city: string;
  district: string;
  roads: readonly string[];
  /** Province abbreviation on the plate, e.g. 粤. */
  plateProvince: string;
  /** Issuing-authority letters used in this city, e.g. ['B'] for Shenzhen. */
  plateLetters: readonly string[];
  /** Relative share of generated borrowers. */
  weight: number;
}

const BEIJING = { province: '北京市', city: '北京市', plateProvince: '京', plateLetters: ['A', 'B', 'C', 'E', 'F', 'G', 'H', 'J', 'K', 'L', 'M', 'N', 'P', 'Q'] } as const;
const SHANGHAI = { province: '上海市', city: '上海市', plateProvince: '沪', plateLetters: ['A', 'B', 'D', 'E', 'F', 'G', 'H', 'J', 'K', 'L', 'M', 'N'] } as const;
const TIANJIN = { province: '天津市', city: '天津市', plateProvince: '津', plateLetters: ['A', 'B', 'C', 'D', 'F', 'G', 'H', 'J', 'K', 'L', 'M', 'N'] } as const;
const CHONGQING = { province: '重庆市', city: '重庆市', plateProvince: '渝', plateLetters: ['A', 'B', 'C', 'D'] } as const;
const GUANGZHOU = { province: '广东省', city: '广州市', plateProvince: '粤', plateLetters: ['A'] } as const;
const SHENZHEN = { province: '广东省', city: '深圳市', plateProvince: '粤', plateLetters: ['B'] } as const;
const HANGZHOU = { province: '浙江省', city: '杭州市', plateProvince: '浙', plateLetters: ['A'] } as const;
const CHENGDU = { province: '四川省', city: '成都市', plateProvince: '川', plateLetters: ['A'] } as const;
const WUHAN = { province: '湖北省', city: '武汉市', plateProvince: '鄂', plateLetters: ['A'] } as const;
const NANJING = { province: '江苏省', city: '南京市', plateProvince: '苏', plateLetters: ['A'] } as const;
const XIAN = { province: '陕西省', city: '西安市', plateProvince: '陕', plateLetters: ['A', 'U'] } as const;
const ZHENGZHOU = { province: '河南省', city: '郑州市', plateProvince: '豫', plateLetters: ['A'] } as const;
const CHANGSHA = { province: '湖南省', city: '长沙市', plateProvince: '湘', plateLetters: ['A'] } as const;

export const REGIONS: readonly Region[] = [
  { ...BEIJING, code: '110101', district: '东城区', roads: ['东直门内大街', '朝阳门北大街', '和平里东街'], weight: 2 },
  { ...BEIJING, code: '110102', district: '西城区', roads: ['西直门内大街', '阜成门外大街', '德胜门外大街'], weight: 2 },
  { ...BEIJING, code: '110105', district: '朝阳区', roads: ['建国路', '朝阳北路', '望京街', '东三环中路'], weight: 4 },
  { ...BEIJING, code: '110106', district: '丰台区', roads: ['丰台北路', '南三环西路', '马家堡东路'], weight: 3 },
  { ...BEIJING, code: '110108', district: '海淀区', roads: ['中关村大街', '学院路', '西三环北路'], weight: 3 },
  { ...SHANGHAI, code: '310104', district: '徐汇区', roads: ['漕溪北路', '肇嘉浜路', '龙华中路'], weight: 2 },
  { ...SHANGHAI, code: '310105', district: '长宁区', roads: ['天山路', '仙霞路', '延安西路'], weight: 2 },
  { ...SHANGHAI, code: '310112', district: '闵行区', roads: ['七莘路', '沪闵路', '都市路'], weight: 3 },
  { ...SHANGHAI, code: '310115', district: '浦东新区', roads: ['张杨路', '世纪大道', '锦绣路', '杨高中路'], weight: 5 },
  { ...TIANJIN, code: '120101', district: '和平区', roads: ['南京路', '解放北路', '滨江道'], weight: 1 },
  { ...TIANJIN, code: '120104', district: '南开区', roads: ['卫津路', '鞍山西道', '红旗路'], weight: 2 },
  { ...CHONGQING, code: '500103', district: '渝中区', roads: ['民生路', '中山三路', '大坪正街'], weight: 2 },
  { ...CHONGQING, code: '500112', district: '渝北区', roads: ['金开大道', '红锦大道', '龙山大道'], weight: 3 },
  { ...GUANGZHOU, code: '440103', district: '荔湾区', roads: ['中山八路', '芳村大道', '龙津西路'], weight: 2 },
  { ...GUANGZHOU, code: '440104', district: '越秀区', roads: ['环市东路', '东风中路', '解放北路'], weight: 2 },
  { ...GUANGZHOU, code: '440105', district: '海珠区', roads: ['江南大道', '新港中路', '工业大道'], weight: 2 },
  { ...GUANGZHOU, code: '440106', district: '天河区', roads: ['天河路', '体育西路', '黄埔大道', '中山大道'], weight: 3 },
  { ...GUANGZHOU, code: '440111', district: '白云区', roads: ['白云大道', '机场路', '同和路'], weight: 2 },
  { ...SHENZHEN, code: '440303', district: '罗湖区', roads: ['深南东路', '东门中路', '人民南路'], weight: 2 },
  { ...SHENZHEN, code: '440304', district: '福田区', roads: ['深南大道', '福华路', '彩田路'], weight: 3 },
  { ...SHENZHEN, code: '440305', district: '南山区', roads: ['南海大道', '科苑路', '南山大道'], weight: 3 },
  { ...SHENZHEN, code: '440306', district: '宝安区', roads: ['宝安大道', '创业路', '新湖路'], weight: 3 },
  { ...SHENZHEN, code: '440307', district: '龙岗区', roads: ['龙岗大道', '龙翔大道', '布吉路'], weight: 3 },
  { ...HANGZHOU, code: '330102', district: '上城区', roads: ['解放路', '清泰街', '庆春路'], weight: 2 },
  { ...HANGZHOU, code: '330106', district: '西湖区', roads: ['文三路', '天目山路', '文一西路'], weight: 2 },
  { ...HANGZHOU, code: '330108', district: '滨江区', roads: ['江南大道', '滨盛路', '长河路'], weight: 2 },
  { ...HANGZHOU, code: '330110', district: '余杭区', roads: ['五常大道', '良睦路', '文一西路'], weight: 2 },
  { ...CHENGDU, code: '510104', district: '锦江区', roads: ['春熙路', '东大街', '红星路'], weight: 2 },
  { ...CHENGDU, code: '510105', district: '青羊区', roads: ['人民中路', '青华路', '光华大道'], weight: 2 },
  { ...CHENGDU, code: '510107', district: '武侯区', roads: ['人民南路', '科华北路', '武侯祠大街'], weight: 3 },
  { ...CHENGDU, code: '510108', district: '成华区', roads: ['建设路', '府青路', '二环路东二段'], weight: 2 },
  { ...WUHAN, code: '420102', district: '江岸区', roads: ['解放大道', '中山大道', '沿江大道'], weight: 2 },
  { ...WUHAN, code: '420106', district: '武昌区', roads: ['中南路', '武珞路', '徐东大街'], weight: 2 },
  { ...WUHAN, code: '420111', district: '洪山区', roads: ['珞喻路', '雄楚大道', '关山大道'], weight: 2 },
  { ...NANJING, code: '320102', district: '玄武区', roads: ['中山路', '北京东路', '龙蟠路'], weight: 1 },
  { ...NANJING, code: '320106', district: '鼓楼区', roads: ['中山北路', '汉中路', '广州路'], weight: 2 },
  { ...NANJING, code: '320115', district: '江宁区', roads: ['双龙大道', '天元中路', '胜太路'], weight: 2 },
  { ...XIAN, code: '610113', district: '雁塔区', roads: ['小寨东路', '长安南路', '高新路'], weight: 3 },
  { ...ZHENGZHOU, code: '410105', district: '金水区', roads: ['花园路', '金水路', '农业路'], weight: 3 },
  { ...CHANGSHA, code: '430104', district: '岳麓区', roads: ['麓山南路', '岳麓大道', '桐梓坡路'], weight: 2 },
];

const WEIGHTED_REGIONS = REGIONS.map((r) => [r, r.weight] as const);

export function pickRegion(rng: Rng): Region {
  return rng.weighted(WEIGHTED_REGIONS);
}

export function regionByCode(code: string): Region | undefined {
  return REGIONS.find((r) => r.code === code);
}
