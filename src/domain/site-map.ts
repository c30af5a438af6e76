/**
 * The sections of the public site, for the 网站地图 page (/sitemap/) a government site is expected
 * to have (政府网站发展指引). One list, so the page and its test name the same sections.
 */
export interface SiteSection {
  title: string;
  links: readonly { href: string; label: string }[];
}

const section = (title: string, links: readonly (readonly [string, string])[]): SiteSection => ({
  title,
  links: links.map(([href, label]) => ({ href, label })),
});

export const SITE_SECTIONS: readonly SiteSection[] = [
  section('信用公示', [
    ['/lists/', '红黑榜（历年信用评价结果）'],
    ['/lists/points/', '不良执业行为记分公示'],
    ['/lists/downgrades/', '信用级别降级公示'],
    ['/lists/dishonesty/', '严重失信名单'],
    ['/cases/', '典型案例曝光'],
  ]),
  section('查询', [['/search/', '医疗机构查询']]),
  section('投诉举报与评价', [
    ['/complaints/', '投诉举报须知'],
    ['/complaints/new', '在线投诉举报'],
    ['/complaints/status', '投诉办理进度查询'],
    ['/complaints/satisfaction/', '投诉办理满意度'],
  ]),
  section('规则与数据', [
    ['/about/rules/', '评价规则'],
    ['/about/data/', '数据说明'],
    ['/data/', '开放数据下载'],
    ['/about/licence/', '数据许可'],
  ]),
  section('关于本站', [
    ['/contact/', '联系我们'],
    ['/sitemap/', '网站地图'],
  ]),
];
