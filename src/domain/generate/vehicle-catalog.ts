/**
 * The Chinese-market models a generated book finances. Prices are the manufacturer's guide
 * price range (厂商指导价) across trims in 万元, roughly as of 2024; weights follow the models'
 * relative retail volumes; `since` is the first model year built for China, so a used car is
 * never older than its model. WMIs are the real ones of each Chinese maker or joint venture.
 */
export type Segment = 'economy' | 'mid' | 'luxury' | 'SUV' | 'MPV' | 'new-energy' | 'commercial';
/** Pure electric cars get D plates, plug-in hybrids and range extenders F plates (GA 36-2018). */
export type Powertrain = 'ice' | 'bev' | 'phev';

export interface VehicleModel {
  brand: string;
  model: string;
  maker: string;
  /** World manufacturer identifier: VIN positions 1–3. */
  wmi: string;
  /** Fixed start of the vehicle descriptor section (VIN positions 4–6) for this model. */
  vds: string;
  /** Assembly-plant codes (VIN position 11). */
  plants: string;
  segment: Segment;
  powertrain: Powertrain;
  /** Guide price range across trims, in 万元 (10,000 yuan). */
  priceWan: readonly [number, number];
  weight: number;
  since: number;
}

const m = (
  brand: string, model: string, maker: string, wmi: string, vds: string, plants: string,
  segment: Segment, powertrain: Powertrain, priceWan: readonly [number, number], weight: number, since = 2010,
): VehicleModel => ({ brand, model, maker, wmi, vds, plants, segment, powertrain, priceWan, weight, since });

export const VEHICLE_MODELS: readonly VehicleModel[] = [
  m('比亚迪', '秦PLUS DM-i', '比亚迪汽车', 'LGX', 'C16', 'ABD', 'new-energy', 'phev', [8, 14], 35, 2021),
  m('比亚迪', '秦PLUS EV', '比亚迪汽车', 'LGX', 'E16', 'ABD', 'new-energy', 'bev', [10, 16], 10, 2021),
  m('比亚迪', '宋PLUS DM-i', '比亚迪汽车', 'LGX', 'C46', 'ABD', 'new-energy', 'phev', [15, 19], 25, 2021),
  m('比亚迪', '汉 EV', '比亚迪汽车', 'LGX', 'E76', 'ABD', 'new-energy', 'bev', [21, 28], 10, 2020),
  m('比亚迪', '汉 DM', '比亚迪汽车', 'LGX', 'C76', 'ABD', 'new-energy', 'phev', [17, 25], 5, 2020),
  m('特斯拉', 'Model 3', '特斯拉（上海）', 'LRW', '3GE', 'C', 'new-energy', 'bev', [23, 34], 15, 2020),
  m('特斯拉', 'Model Y', '特斯拉（上海）', 'LRW', 'YGE', 'C', 'new-energy', 'bev', [25, 36], 40, 2021),
  m('丰田', '凯美瑞', '广汽丰田', 'LVG', 'B4F', 'GN', 'mid', 'ice', [18, 26], 20),
  m('丰田', '卡罗拉', '一汽丰田', 'LFM', 'A1E', 'TJ', 'economy', 'ice', [11, 16], 20),
  m('丰田', 'RAV4荣放', '一汽丰田', 'LFM', 'J3A', 'CT', 'SUV', 'ice', [17, 26], 15),
  m('本田', '雅阁', '广汽本田', 'LHG', 'CV2', 'ZH', 'mid', 'ice', [17, 26], 15),
  m('本田', '思域', '东风本田', 'LVH', 'FE1', 'WX', 'economy', 'ice', [12, 17], 12),
  m('本田', 'CR-V', '东风本田', 'LVH', 'RW6', 'WX', 'SUV', 'ice', [18, 26], 15),
  m('大众', '朗逸', '上汽大众', 'LSV', 'AL6', 'NSY', 'economy', 'ice', [10, 15], 35),
  m('大众', '速腾', '一汽-大众', 'LFV', 'A2B', 'CFN', 'economy', 'ice', [13, 18], 25),
  m('大众', '帕萨特', '上汽大众', 'LSV', 'CA6', 'NSY', 'mid', 'ice', [18, 25], 15),
  m('大众', '途观L', '上汽大众', 'LSV', 'UA6', 'NY', 'SUV', 'ice', [21, 28], 15, 2017),
  m('日产', '轩逸', '东风日产', 'LGB', 'H12', 'GHX', 'economy', 'ice', [9, 14], 40),
  m('吉利', '星越L', '吉利汽车', 'L6T', '79G', 'NZ', 'SUV', 'ice', [14, 19], 15, 2021),
  m('吉利', '帝豪', '吉利汽车', 'L6T', '75E', 'NB', 'economy', 'ice', [7, 10], 20),
  m('长安', 'CS75 PLUS', '长安汽车', 'LS5', 'A3J', 'DC', 'SUV', 'ice', [11, 16], 20, 2019),
  m('别克', '英朗', '上汽通用', 'LSG', 'KB5', 'SW', 'economy', 'ice', [9, 13], 15, 2015),
  m('别克', 'GL8', '上汽通用', 'LSG', 'UL8', 'SN', 'MPV', 'ice', [23, 45], 12),
  m('宝马', '3系', '华晨宝马', 'LBV', '8Y3', 'S', 'luxury', 'ice', [29, 40], 12),
  m('宝马', '5系', '华晨宝马', 'LBV', '5U5', 'S', 'luxury', 'ice', [43, 55], 10),
  m('奔驰', 'C级', '北京奔驰', 'LE4', 'ZK8', 'BJ', 'luxury', 'ice', [33, 40], 12),
  m('奔驰', 'E级', '北京奔驰', 'LE4', 'ZE8', 'BJ', 'luxury', 'ice', [44, 54], 10),
  m('奥迪', 'A4L', '一汽奥迪', 'LFV', '3A2', 'CG', 'luxury', 'ice', [30, 40], 10),
  m('奥迪', 'Q5L', '一汽奥迪', 'LFV', '3B4', 'CG', 'luxury', 'ice', [39, 50], 10, 2018),
  m('理想', 'L7', '理想汽车', 'LW4', '33A', 'C', 'new-energy', 'phev', [30, 38], 10, 2023),
  m('蔚来', 'ES6', '江淮蔚来', 'LJ1', 'EKS', 'H', 'new-energy', 'bev', [34, 40], 6, 2019),
  m('五菱', '宏光MINIEV', '上汽通用五菱', 'LZW', 'ACA', 'LN', 'new-energy', 'bev', [3, 5], 25, 2020),
  m('福田', '欧马可', '北汽福田', 'LVA', 'V1R', 'WK', 'commercial', 'ice', [10, 18], 5),
  m('江铃', '全顺', '江铃汽车', 'LEF', 'YDA', 'N', 'commercial', 'ice', [15, 22], 4),
];
