// A small table of region names for display (GB/T 2260). The codes themselves are checked by the same rules as the
// API (@domain/identity/region-code); a valid code missing here is shown with its province name.
const PROVINCES: Record<string, string> = {
  '11': '北京市', '12': '天津市', '13': '河北省', '14': '山西省', '15': '内蒙古自治区',
  '21': '辽宁省', '22': '吉林省', '23': '黑龙江省',
  '31': '上海市', '32': '江苏省', '33': '浙江省', '34': '安徽省', '35': '福建省', '36': '江西省', '37': '山东省',
  '41': '河南省', '42': '湖北省', '43': '湖南省', '44': '广东省', '45': '广西壮族自治区', '46': '海南省',
  '50': '重庆市', '51': '四川省', '52': '贵州省', '53': '云南省', '54': '西藏自治区',
  '61': '陕西省', '62': '甘肃省', '63': '青海省', '64': '宁夏回族自治区', '65': '新疆维吾尔自治区',
};

const REGIONS: Record<string, string> = {
  '110000': '北京市', '110105': '北京市朝阳区', '120000': '天津市', '130100': '河北省石家庄市', '140100': '山西省太原市',
  '210100': '辽宁省沈阳市', '220100': '吉林省长春市', '230100': '黑龙江省哈尔滨市',
  '310000': '上海市', '320100': '江苏省南京市', '320500': '江苏省苏州市', '330100': '浙江省杭州市', '330200': '浙江省宁波市',
  '340100': '安徽省合肥市', '350100': '福建省福州市', '350200': '福建省厦门市', '360100': '江西省南昌市', '360700': '江西省赣州市',
  '370100': '山东省济南市', '370200': '山东省青岛市', '410100': '河南省郑州市', '420100': '湖北省武汉市', '430100': '湖南省长沙市',
  '440000': '广东省', '440100': '广东省广州市', '440300': '广东省深圳市', '440500': '广东省汕头市', '440600': '广东省佛山市',
  '441900': '广东省东莞市', '450100': '广西壮族自治区南宁市', '460100': '海南省海口市', '500000': '重庆市', '510100': '四川省成都市',
  '520100': '贵州省贵阳市', '530100': '云南省昆明市', '610100': '陕西省西安市', '620100': '甘肃省兰州市', '650100': '新疆维吾尔自治区乌鲁木齐市',
};

/** `广东省汕头市`, or `广东省（440599）` for a code the table lacks, or '' for an invalid one. */
export function regionName(code: string | null | undefined): string {
  if (!code) return '';
  if (REGIONS[code]) return REGIONS[code];
  const province = PROVINCES[code.slice(0, 2)];
  return province ? `${province}（${code}）` : '';
}

/** Choices for a region field: every named region, `440500 广东省汕头市`. */
export const REGION_OPTIONS = Object.entries(REGIONS).map(([value, name]) => ({ value, label: `${value} ${name}` }));
