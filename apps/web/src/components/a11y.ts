/**
 * Accessible names the libraries leave in English or out, fixed once for the whole app
 * (WCAG 2.1 AA, issue 15 item 8), so every page, also the ones written later, gets them:
 *
 * - antd's icons announce their English name (`<span role="img" aria-label="menu">`). An icon
 *   beside text, or on its own as decoration, is hidden from screen readers; an icon that is
 *   the whole content of a button or link with no name of its own gets a Chinese name.
 *   An icon given a Chinese `aria-label` in the code is left as it is.
 * - InputNumber's step arrows say "Increase Value" / "Decrease Value".
 * - A table that scrolls sideways must be reachable by keyboard to be scrolled: it gets
 *   `tabindex="0"` and a name.
 * - antd's Tabs put their overflow button ("更多", shown when the tabs do not fit, as on a
 *   phone) inside the element with role="tablist", which may hold only tabs: the role moves
 *   to the inner list that holds the tabs alone.
 *
 * The page's DOM is watched and each new node fixed in the next frame.
 */

/** Chinese names of the icons that stand alone in a button or link. */
const ICON_NAMES: Record<string, string> = {
  close: '关闭',
  'close-circle': '清除',
  delete: '删除',
  edit: '编辑',
  plus: '添加',
  minus: '减少',
  search: '搜索',
  reload: '刷新',
  sync: '刷新',
  left: '上一页',
  right: '下一页',
  'double-left': '向前翻页',
  'double-right': '向后翻页',
  'arrow-left': '返回',
  'arrow-right': '进入',
  up: '收起',
  down: '展开',
  eye: '查看',
  'eye-invisible': '隐藏',
  download: '下载',
  upload: '上传',
  menu: '菜单',
  'menu-fold': '收起菜单',
  'menu-unfold': '展开菜单',
  bell: '消息提醒',
  filter: '筛选',
  setting: '设置',
  more: '更多',
  ellipsis: '更多',
  check: '确定',
  camera: '拍照',
  picture: '从相册选择',
  copy: '复制',
  qrcode: '二维码',
  printer: '打印',
  'question-circle': '帮助',
  'info-circle': '说明',
  holder: '拖动排序',
  'vertical-align-top': '回到顶部',
};

const EN_NAMES: Record<string, string> = { 'Increase Value': '增加数值', 'Decrease Value': '减少数值' };

const INTERACTIVE = 'button, a, [role="button"], [role="link"], [role="tab"], [role="menuitem"]';
const isAscii = (s: string) => /^[\x20-\x7e]*$/.test(s);

/** The text of an element without that of its icons. */
function textWithoutIcons(el: Element): string {
  let t = '';
  for (const n of el.childNodes) {
    if (n.nodeType === Node.TEXT_NODE) t += n.textContent ?? '';
    else if (n instanceof Element && !n.classList.contains('anticon')) t += n.getAttribute('aria-label') ?? textWithoutIcons(n);
  }
  return t.trim();
}

function fixIcon(icon: Element): void {
  const label = icon.getAttribute('aria-label') ?? '';
  if (!isAscii(label)) return; // named in Chinese by the code
  const host = icon.parentElement?.closest(INTERACTIVE);
  const hostNamed = host && (host.hasAttribute('aria-label') || host.hasAttribute('aria-labelledby') || host.hasAttribute('title') || textWithoutIcons(host) !== '');
  if (!host || hostNamed) {
    icon.setAttribute('aria-hidden', 'true');
    return;
  }
  const zh = ICON_NAMES[label];
  if (zh) icon.setAttribute('aria-label', zh);
}

function fixScrollRegion(el: HTMLElement): void {
  const ox = getComputedStyle(el).overflowX;
  if ((ox === 'auto' || ox === 'scroll') && el.scrollWidth > el.clientWidth + 1) {
    el.tabIndex = 0;
    if (!el.hasAttribute('aria-label')) el.setAttribute('aria-label', '表格（可左右滚动）');
  }
}

function fixAll(): void {
  for (const icon of document.querySelectorAll('.anticon[role="img"]:not([aria-hidden])')) fixIcon(icon);
  for (const [en, zh] of Object.entries(EN_NAMES)) for (const el of document.querySelectorAll(`[aria-label="${en}"]`)) el.setAttribute('aria-label', zh);
  // A Segmented without a name of its own is named by its form field's label.
  for (const el of document.querySelectorAll('[aria-label="segmented control"]')) {
    const label = el.closest('.ant-form-item')?.querySelector('.ant-form-item-label label')?.textContent?.trim();
    el.setAttribute('aria-label', label || '选项');
  }
  for (const el of document.querySelectorAll<HTMLElement>('.ant-table-content:not([tabindex]), .ant-table-body:not([tabindex])')) fixScrollRegion(el);
  for (const nav of document.querySelectorAll('.ant-tabs-nav[role="tablist"]')) {
    const list = nav.querySelector(':scope > .ant-tabs-nav-wrap > .ant-tabs-nav-list');
    if (!list) continue;
    list.setAttribute('role', 'tablist');
    const orientation = nav.getAttribute('aria-orientation');
    if (orientation) list.setAttribute('aria-orientation', orientation);
    nav.removeAttribute('role');
    nav.removeAttribute('aria-orientation');
  }
}

let scheduled = false;
function schedule(): void {
  if (scheduled) return;
  scheduled = true;
  requestAnimationFrame(() => {
    scheduled = false;
    fixAll();
  });
}

/** Starts watching the page (once, at start-up). */
export function installA11yFixes(): void {
  if (typeof MutationObserver === 'undefined') return;
  new MutationObserver(schedule).observe(document.body, { childList: true, subtree: true });
  window.addEventListener('resize', schedule);
  schedule();
}
